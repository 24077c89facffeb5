"""Find and rank the items in force that answer a query.

Ranking, best first (the same on SQLite and PostgreSQL):
  1. more of the query's words matched (only differs when no item has them all: see `relaxed`);
  2. a phrase of the query (a run the segmenter split, e.g. 未按规定备案) found whole in the 事项;
  3. more words found in the 事项 (matter), then the typed word itself rather than a synonym;
  4. more words found in the 适用条件 (condition);
  5. the phrase anywhere;
  6. agency order, list type, 序号.
Words found only in 法律依据 / 从宽依据 / 类别 / 备注 rank after all of those.

Cost is bounded whatever the number of hits: the count stops at COUNT_CAP; up to COUNT_CAP hits
are ranked in the database in one query; beyond that ("1000+"), items whose 事项 has every word
come first, then the rest, each tier read list by list in display order (lists.search.walk),
so a frequent word reads a few lists instead of sorting a province.
"""

import json
from dataclasses import dataclass, field
from math import comb

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Greatest

from lists.models import Item
from lists.search import match
from lists.search.query import Query
from lists.search.walk import ORDERING, walk

COUNT_CAP = 1000
HUGE_ESTIMATE = 20_000  # estimated hits above which a page is read list by list
MAX_COMBINATIONS = 20  # relaxing a long query: at most this many OR'ed word subsets


@dataclass
class Results:
    query: Query
    items: list[Item] = field(default_factory=list)
    count: int = 0
    more: bool = False  # more than COUNT_CAP
    relaxed: int = 0  # >0: no item has every word; these have at least this many


def count_capped(items: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, more): never counts past `cap`, so a huge result set costs no more than a page."""
    cap = cap or COUNT_CAP
    found = items.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def words_of(query: Query) -> list[list[str]]:
    return [word.alternatives for word in query.words]


def matching_items(base: QuerySet, query: Query, need: int | None = None) -> QuerySet:
    """`base` narrowed to items matching every word of `query` (or `need` of them)."""
    if not query:
        return base
    return base.filter(match.matching(words_of(query), connection.vendor, need))


def find(base: QuerySet, versions: QuerySet, query: Query, *, offset: int, limit: int) -> Results:
    """One page of ranked results from `base` (items in force, filters applied), whose lists
    are `versions`."""
    results = Results(query=query)
    if not query and query.raw:  # only punctuation or stop words: nothing to look for
        return results
    if not query:
        results.count, results.more = count_capped(base)
        results.items = walk(base, versions, offset, limit)
        return results
    items, results.relaxed = _candidates(base, query)
    if not results.relaxed and estimated_huge(items):
        # Counting or ranking 20,000+ hits through the index costs more than reading a few
        # lists: say "1000+" and read the page list by list.
        results.count, results.more = COUNT_CAP, True
        results.items = _huge(base, versions, query, 0, offset, limit)
        return results
    results.count, results.more = count_capped(items)
    if not results.count:
        return results
    if not results.more:
        results.items = list(ranked(items, query)[offset : offset + limit])
        return results
    results.items = _huge(base, versions, query, results.relaxed, offset, limit)
    return results


def _huge(base, versions, query: Query, relaxed: int, offset: int, limit: int) -> list[Item]:
    """A page of more than COUNT_CAP hits: 事项 matches first, then the rest, in display order.
    Walks filter the rows of a few lists at a time, so they use the LIKE form of the condition."""
    words = words_of(query)
    if relaxed:
        telling = [w.alternatives for w in query.words if len(w.text) > 1]
        return walk(base.filter(match.matching(telling, "scan", relaxed)), versions, offset, limit)
    top = base.filter(match.matching_matter(words, connection.vendor))
    if estimated_huge(top):
        return walk(base.filter(match.scan_all(words, ("search_a",))), versions, offset, limit)
    # Counted up to this page at least, so that pages after the 事项 tier know where it ended.
    top_count, top_more = count_capped(top, max(COUNT_CAP, offset + limit))
    if top_more:
        return walk(base.filter(match.scan_all(words, ("search_a",))), versions, offset, limit)
    page = list(ranked(top, query)[offset : offset + limit])
    if len(page) < limit:
        rest = base.filter(match.scan_all(words)).exclude(match.scan_all(words, ("search_a",)))
        page += walk(rest, versions, max(0, offset - top_count), limit - len(page))
    return page


def estimated_huge(items: QuerySet) -> bool:
    """PostgreSQL's own estimate (from ANALYZE's statistics of the token index) of the number of
    hits exceeds HUGE_ESTIMATE. Planning only: nothing is read. Always False on SQLite."""
    if connection.vendor != "postgresql":
        return False
    sql, params = items.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"] > HUGE_ESTIMATE


def _candidates(base: QuerySet, query: Query) -> tuple[QuerySet, int]:
    """Items with every word; failing that, with as many words as some item has."""
    items = matching_items(base, query)
    if len(query.words) < 2 or items.exists():
        return items, 0
    # One character alone (不, 词) says too little to stand for the query.
    telling = Query(raw=query.raw, words=[w for w in query.words if len(w.text) > 1])
    n = len(telling.words)
    for need in range(min(n, len(query.words) - 1), 0, -1):
        if comb(n, need) > MAX_COMBINATIONS:
            continue
        relaxed = matching_items(base, telling, need)
        if relaxed.exists():
            return relaxed, need
    return items, 0


def ranked(items: QuerySet, query: Query) -> QuerySet:
    """`items` ordered by relevance (see the module docstring), then display order."""
    words = query.words
    found = [_flag(match.scan_word(w.alternatives)) for w in words]
    in_a = [_flag(match.scan_word(w.alternatives, ("search_a",))) for w in words]
    exact_a = [_flag(match.scan_word([w.text], ("search_a",))) for w in words]
    in_b = [_flag(match.scan_word(w.alternatives, ("search_b",))) for w in words]
    phrase_a = [_flag(match.scan_word([p], ("search_a",))) for p in query.phrases]
    phrase_any = [_flag(match.scan_word([p])) for p in query.phrases]
    items = items.annotate(
        r_found=_total(found) if len(words) > 1 else Value(0),
        r_phrase_a=_best(phrase_a),
        r_a=_total(in_a),
        r_exact_a=_total(exact_a),
        r_b=_total(in_b),
        r_phrase=_best(phrase_any),
    )
    order = ["-r_found", "-r_phrase_a", "-r_a", "-r_exact_a", "-r_b", "-r_phrase"]
    return items.order_by(*order, *ORDERING)


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _total(flags: list[Case]):
    if not flags:
        return Value(0)
    total = flags[0]
    for flag in flags[1:]:
        total = total + flag
    return total


def _best(flags: list[Case]):
    if not flags:
        return Value(0)
    return flags[0] if len(flags) == 1 else Greatest(*flags)
