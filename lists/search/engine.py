"""Find and rank the items in force that answer a query.

1. Every word must match (a word: any of its alternatives). The candidates — at most COUNT_CAP + 1
   rows found through the token index — are ranked in Python (lists.search.rank) and one page
   of them is read in full. Beyond COUNT_CAP hits ("200+"), the items whose 事项 has every word
   are read through the 事项 index as well, so they lead the ranking whatever the index order.
2. A match in a large share of the province (lists.search.plan: 改正, one character) is *dense*:
   its 事项 tier is still ranked, then the rest is walked agency by agency in display order.
3. No item has every word: words that find nothing at all (a typo, an everyday word no list
   uses) and words only a prefix search could find become *soft* — they rank, they do not
   filter; of the other words, the most that some item has together must match (`relaxed`).
   The page says which words were not found.

Cost is bounded whatever the number of hits: at most 2 × (COUNT_CAP + 1) candidate rows, one
page of full rows, and in a relaxed search one cheap probe per word.
"""

from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations
from operator import or_

from django.db import connection
from django.db.models import QuerySet

from lists.models import Item
from lists.search import match, plan, rank
from lists.search.query import Query, Word
from lists.search.walk import walk

COUNT_CAP = 200
MAX_COMBINATIONS = 10  # relaxing: OR of at most this many word subsets, else drop words in turn
RELATED = ("version__list__agency", "version__list__list_type", "section")


@dataclass
class Results:
    query: Query
    items: list[Item] = field(default_factory=list)
    count: int = 0
    more: bool = False  # more than COUNT_CAP
    relaxed: int = 0  # >0: no item has every word; these have at least this many
    missing: list[str] = field(default_factory=list)  # words found nowhere


def count_capped(items: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, more): never counts past `cap`, so a huge result set costs no more than a page."""
    cap = cap or COUNT_CAP
    found = items.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def alternatives(words: list[Word]) -> list[list[str]]:
    return [word.alternatives for word in words]


def matching_items(base: QuerySet, words: list[Word], zones=match.ZONES) -> QuerySet:
    """`base` narrowed to items matching every word of `words` within `zones`."""
    if not words:
        return base
    return base.filter(match.condition(alternatives(words), connection.vendor, zones))


def find(base: QuerySet, query: Query, *, offset: int, limit: int, agencies=None) -> Results:
    """One page of ranked results from `base` (items in force, filters applied); `agencies`:
    the agencies in scope, in display order (None: all)."""
    results = Results(query=query)
    if not query and query.raw:  # only punctuation: nothing to look for
        return results
    if not query:
        results.count, results.more = count_capped(base)
        results.items = walk(base, offset, limit, agencies=agencies)
        return results
    if _page(results, base, query.words, [], offset, limit, agencies):
        return results
    if len(query.words) > 1:
        _relax(results, base, offset, limit, agencies)
    return results


def _page(results, base, hard, soft, offset, limit, agencies) -> bool:
    """Fill `results` with the items matching every word of `hard`; False if there are none."""
    words = alternatives(hard)
    density = plan.share(match.index_part(words))
    if density >= plan.DENSE_SHARE:
        results.count, results.more = COUNT_CAP, True
        matter_density = plan.share(match.index_part(words), match.MATTER_VECTOR)
        if matter_density >= plan.DENSE_SHARE:  # 事项 tier dense too: walk both tiers
            results.items = _tiered_walk(base, words, [], offset, limit, agencies, density)
            return True
        rows = _candidates(matching_items(base, hard, match.MATTER))
    else:
        rows = _candidates(matching_items(base, hard))
        if not rows:
            return False
        results.count, results.more = min(len(rows), COUNT_CAP), len(rows) > COUNT_CAP
        if results.more:  # the index order is arbitrary: let the 事项 tier in whatever its place
            in_matter = _candidates(matching_items(base, hard, match.MATTER))
            # All of the 事项 tier, then a sample of the rest; or (too many) only the 事项 tier.
            rows = in_matter if len(in_matter) > COUNT_CAP else _union(in_matter, rows)
    order = rank.ranked(rows, results.query, soft)
    page = _items(order[offset : offset + limit])
    if results.more and len(page) < limit:  # past the ranked window: the rest in display order
        skip = max(0, offset - len(order))
        page += _tiered_walk(base, words, order, skip, limit - len(page), agencies, density)
    if not page and offset == 0:  # an estimate said "dense" of words no row has together
        results.count, results.more = 0, False
        return False
    results.items = page
    return True


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


def _relax(results, base, offset, limit, agencies) -> None:
    """No item has every word: match the most words some item has together (module docstring)."""
    words = results.query.words
    known = [w for w in words if match.indexable(w.alternatives) and _exists(base, [w])]
    missing = [w for w in words if not match.indexable(w.alternatives) and not _exists(base, [w])]
    missing += [w for w in words if match.indexable(w.alternatives) and w not in known]
    results.missing = [w.text for w in words if w in missing]
    soft = [w for w in words if w not in known]
    if not known:
        return
    for need in range(len(known) - (not soft), 0, -1):
        subsets = list(combinations(known, need))
        if len(subsets) > MAX_COMBINATIONS:
            heaviest = sorted(known, key=lambda w: -w.weight)[:need]
            subsets = [tuple(w for w in known if w in heaviest)]
        found = _any_subset(base, subsets)
        if found is not None:
            results.relaxed = need
            break
    else:
        return
    _page_of_subsets(results, base, found, subsets, soft, offset, limit, agencies)


def _exists(base, words: list[Word]) -> bool:
    if plan.share(match.index_part(alternatives(words))) >= plan.DENSE_SHARE:
        return True  # in a good share of all items: surely in force somewhere
    with plan.bitmap_scans():
        return matching_items(base, words).exists()


def _any_subset(base, subsets):
    """The items matching every word of at least one subset, if there are any."""
    if connection.vendor == "postgresql":
        text = " | ".join(f"({match.tsquery(alternatives(list(s)))})" for s in subsets)
        items = base.filter(match.indexed(text))
    else:
        items = base.filter(reduce(or_, (match.scan_all(alternatives(list(s))) for s in subsets)))
    with plan.bitmap_scans():
        return items if items.exists() else None


def _page_of_subsets(results, base, items, subsets, soft, offset, limit, agencies) -> None:
    """A relaxed page: ranked candidates, then (past the window) the rest in display order."""
    rows = _candidates(items)
    results.count, results.more = min(len(rows), COUNT_CAP), len(rows) > COUNT_CAP
    order = rank.ranked(rows, results.query, soft)
    page = _items(order[offset : offset + limit])
    if results.more and len(page) < limit:
        scan = reduce(or_, (match.scan_all(alternatives(list(s))) for s in subsets))
        rest = base.filter(scan).exclude(pk__in=order)
        page += walk(rest, max(0, offset - len(order)), limit - len(page), agencies=agencies)
    results.items = page


def _candidates(items: QuerySet) -> list[tuple]:
    """Up to COUNT_CAP + 1 matching rows with what ranking needs, read through the index."""
    with plan.bitmap_scans():
        return list(items.order_by().values_list(*rank.COLUMNS)[: COUNT_CAP + 1])


def _union(first: list[tuple], second: list[tuple]) -> list[tuple]:
    seen = {row[0] for row in first}
    return first + [row for row in second if row[0] not in seen]


def _items(pks: list[int]) -> list[Item]:
    """The full rows of `pks`, in that order (one query)."""
    if not pks:
        return []
    found = Item.objects.select_related(*RELATED).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]
