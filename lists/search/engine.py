"""Find and rank the items in force that answer a query.

1. Every word must match (a word: any of its alternatives). The candidates — at most COUNT_CAP + 1
   rows found through the token index — are ranked in Python (lists.search.rank) and one page
   of them is read in full. Beyond COUNT_CAP hits ("100+"), the items whose 事项 has every word
   are read through the 事项 index as well, so they lead the ranking whatever the index order;
   past the ranked window, the rest follows in display order (事项 tier first).
2. A match in a large share of the province (lists.search.plan: 改正, one character) is *dense*:
   its 事项 tier is still ranked (or walked, when dense too), then the rest is walked agency by
   agency in display order.
3. No item has every word: words that find nothing at all (a typo, an everyday word no list
   uses) and words only a prefix search could find become *soft* — they rank, they do not
   filter; of the other words, the most that some item has together must match (`relaxed`).
   The page says which words were not found.

Cost is bounded whatever the number of hits: at most 2 × PROBE × COUNT_CAP rows read through the index, one
page of full rows, and in a relaxed search one probe per word (all in one statement).
"""

from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations
from operator import or_

from django.db import connection
from django.db.models import QuerySet

from lists.models import Item
from lists.search import candidates as candidates_
from lists.search import match, plan, rank
from lists.search.candidates import Condition, Step, Where
from lists.search.query import Query, Word
from lists.search.walk import RELATED, walk

COUNT_CAP = 100
PROBE = 1.2  # rows read through the index, per row of a window: a few may fail verification
EXISTS_PROBE = 8  # items in scope; a few, as the rows found are verified against every word
MAX_COMBINATIONS = 10  # relaxing: OR of at most this many word subsets, else drop words in turn


@dataclass
class Results:
    query: Query
    items: list[Item] = field(default_factory=list)
    count: int = 0
    more: bool = False  # more than COUNT_CAP
    relaxed: int = 0  # >0: no item has every word; these have at least this many
    missing: list[str] = field(default_factory=list)  # words found nowhere
    beyond: bool = True  # see find()
    where: Where | None = field(default=None, repr=False)  # where to look (see find())


def count_capped(items: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, more): never counts past `cap`, so a huge result set costs no more than a page."""
    cap = cap or COUNT_CAP
    found = items.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def alternatives(words: list[Word]) -> list[list[str]]:
    return [word.alternatives for word in words]


def condition(words: list[Word], zones=match.ZONES) -> Condition:
    return candidates_.condition(alternatives(words), zones)


def find(
    base: QuerySet,
    query: Query,
    *,
    versions: QuerySet,
    offset: int,
    limit: int,
    agencies=None,
    extra=None,
    beyond: bool = True,
) -> Results:
    """One page of ranked results from `base` (items in force, filters applied), whose versions
    are `versions` and whose filters on the items themselves are `extra` (a Q, or None);
    `agencies`: the agencies in scope, in display order (None: all). `beyond`: past the ranked
    window of a large result, go on in display order (the page) or stop there (the API)."""
    results = Results(query=query, beyond=beyond, where=Where(versions, extra))
    if not query and query.raw:  # only punctuation: nothing to look for
        return results
    if not query:
        results.count, results.more = count_capped(base)
        results.items = walk(base, offset, limit, agencies=agencies)
        return results
    existing = {}
    if _page(results, base, query.words, offset, limit, agencies, existing):
        return results
    if len(query.words) > 1:
        _relax(results, base, offset, limit, agencies, existing)
    return results


def _page(results, base, hard, offset, limit, agencies, existing) -> bool:
    """Fill `results` with the items matching every word of `hard`; False if there are none
    (then `existing` says, of the words of a longer query, whether each alone finds items)."""
    words = alternatives(hard)
    density = plan.share(match.index_words(words))
    if density >= plan.DENSE_SHARE:
        results.count, results.more = COUNT_CAP, True
        if plan.is_dense(match.index_words(words), match.MATTER):
            results.items = _tiered_walk(base, words, [], offset, limit, agencies, density)
            return True  # 事项 tier dense too: walk both tiers
        rows, _ = _candidates(results, base, [condition(hard, match.MATTER)])
    else:
        rows, saturated = _first_probe(results, hard, existing)
        if not rows:
            return False
        results.count, results.more = min(len(rows), COUNT_CAP), saturated
    order = rank.ranked(rows, results.query)
    page = _items(order[offset : offset + limit])
    walk_on = results.beyond or density >= plan.DENSE_SHARE  # a dense match's rest is its body
    if walk_on and results.more and len(page) < limit:  # past the ranked window
        skip = max(0, offset - len(order))
        page += _tiered_walk(base, words, order, skip, limit - len(page), agencies, density)
    if not page and offset == 0:  # an estimate said "dense" of words no row has together
        results.count, results.more = 0, False
        return False
    results.items = page
    return True


def _probe_size() -> int:
    return max(COUNT_CAP + 1, int(COUNT_CAP * PROBE))


def _first_probe(results, hard: list[Word], existing: dict) -> tuple[list[tuple], bool]:
    """Candidates of `hard`, in one statement whose parts run only when needed:
    - the words as typed (a plain AND the index answers fast): when that alone has more than
      COUNT_CAP, they are the window (the typed form ranks first anyway) with their 事项 tier;
    - otherwise with every alternative (synonyms, pinyin), whose ORs cost more to evaluate;
    - if nothing at all, whether each word alone finds items (`existing`, for _relax)."""
    full = [condition(hard), condition(hard, match.MATTER)]
    typed = [Word(word.text, [word.text]) for word in hard]
    as_typed = typed != hard and all(match.indexable([word.text]) for word in hard)
    if as_typed:
        steps = [
            Step(condition(typed), _probe_size()),
            Step(condition(typed, match.MATTER), _probe_size(), (("full", 0),)),
            Step(full[0], _probe_size(), (("short", 0),)),
            Step(full[1], _probe_size(), (("short", 0), ("full", 2))),
        ]
        nothing = (("none", 0), ("none", 2))
    else:
        steps = [Step(full[0], _probe_size()), Step(full[1], _probe_size(), (("full", 0),))]
        nothing = (("none", 0),)
    probed = []
    if len(hard) > 1:
        for word in hard:
            if plan.is_dense(match.index_words([word.alternatives])):
                existing[word.text] = True  # in a good share of all items: surely in force
            else:
                probed.append(word)
                steps.append(Step(condition([word]), EXISTS_PROBE, nothing))
    found = candidates_.probe_steps(steps, results.where)
    for word, part in zip(probed, found[-len(probed) :] if probed else [], strict=True):
        if part is not None:
            existing[word.text] = bool(part.rows)
    pair = found[:2] if not as_typed or found[0].full else found[2:4]
    return candidates_.window(results.where, pair, COUNT_CAP, relaxed=False)


def _tiered_walk(base, words, exclude, offset, limit, agencies, density) -> list[Item]:
    """Items matching `words` but not in `exclude`, in display order: those whose 事项 has every
    word first. Row by row (LIKE): walks read a few agencies' rows."""
    rest = base.exclude(pk__in=exclude) if exclude else base
    in_matter = rest.filter(match.scan_all(words, match.MATTER))
    top = walk(in_matter, offset, limit, agencies=agencies, density=density)
    if len(top) == limit:
        return top
    # Where the 事项 tier ended: within this page, or (nothing of it here) before `offset`.
    ended = offset + len(top) if top else len(walk(in_matter, 0, offset, agencies=agencies))
    others = rest.filter(match.scan_all(words)).exclude(match.scan_all(words, match.MATTER))
    skip = max(0, offset - ended)
    return top + walk(others, skip, limit - len(top), agencies=agencies, density=density)


def _relax(results, base, offset, limit, agencies, existing) -> None:
    """No item has every word: match the most words some item has together (module docstring).
    `existing`: what _page already knows of each word alone."""
    words = results.query.words
    found = _found_words(results, base, [w for w in words if w.text not in existing])
    found.update(existing)
    known = [w for w in words if found[w.text] and match.indexable(w.alternatives)]
    soft = [w for w in words if w not in known]
    results.missing = [w.text for w in words if not found[w.text]]
    if not known:
        return
    for need in range(len(known) - (not soft), 0, -1):
        subsets = list(combinations(known, need))
        if len(subsets) > MAX_COMBINATIONS:  # too many: drop the lightest words first
            heaviest = sorted(known, key=lambda w: -w.weight)[:need]
            subsets = [tuple(w for w in known if w in heaviest)]
        either = _either(subsets)
        if need == 1 or _exists(results, base, [either])[0]:  # one word: known to find items
            results.relaxed = need
            break
    else:
        return
    rows, saturated = _candidates(results, base, [either], relaxed=True)
    results.count, results.more = min(len(rows), COUNT_CAP), saturated
    order = rank.ranked(rows, results.query, soft, relaxed=True)
    page = _items(order[offset : offset + limit])
    if results.beyond and saturated and len(page) < limit:
        scan = reduce(or_, (match.scan_all(alternatives(list(s))) for s in subsets))
        rest = base.filter(scan).exclude(pk__in=order)
        page += walk(rest, max(0, offset - len(order)), limit - len(page), agencies=agencies)
    results.items = page


def _found_words(results, base, words: list[Word]) -> dict[str, bool]:
    """Whether each word (alone) matches some item of `base`."""
    found = {}
    probed = []
    for word in words:
        if plan.is_dense(match.index_words([word.alternatives])):
            found[word.text] = True  # in a good share of all items: surely in force somewhere
        else:
            probed.append(word)
    if probed:
        exists = _exists(results, base, [condition([word]) for word in probed])
        found.update({word.text: hit for word, hit in zip(probed, exists, strict=True)})
    return found


def _either(subsets) -> Condition:
    """The condition "every word of at least one subset"."""
    if len(subsets) == 1:
        return condition(list(subsets[0]))
    if connection.vendor == "postgresql":
        text = " | ".join(f"({match.tsquery(alternatives(list(s)))})" for s in subsets)
        return Condition(match.indexed(text))
    return Condition(reduce(or_, (match.scan_all(alternatives(list(s))) for s in subsets)))


def _exists(results, base, conditions: list[Condition]) -> list[bool]:
    """For each condition, whether some item in scope meets it."""
    return candidates_.exists(results.where, conditions, EXISTS_PROBE)


def _candidates(results, base, conditions, relaxed=False) -> tuple[list[tuple], bool]:
    """Up to COUNT_CAP + 1 ranked-to-be rows (lists.search.candidates.candidates)."""
    return candidates_.candidates(results.where, conditions, _probe_size(), COUNT_CAP, relaxed)


def _items(pks: list[int]) -> list[Item]:
    """The full rows of `pks`, in that order (one query)."""
    if not pks:
        return []
    found = Item.objects.select_related(*RELATED).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]
