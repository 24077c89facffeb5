"""Search across the items in force: query understanding, an index, ranking, help.

    from lists import search
    results = search.search("门口摆摊被查了", offset=0, limit=20)   # Results: items, count, query

- query.py: folding, segmentation (jieba), stop words, synonyms (admin data), pinyin → Query
- tokens.py: the bigram tokens items are indexed by (three zones: 事项 / 条件 / 依据·备注)
- match.py: conditions over the tokens (LIKE everywhere; tsvector + GIN on PostgreSQL)
- plan.py: what PostgreSQL's planner expects, and reading through the GIN index at scale
- engine.py: candidates (capped), relaxing; rank.py: relevance order; walk.py: dense matches
  in display order
- highlight.py, help.py: marking matched words; suggestions when nothing matches

Everything starts from `lists.selectors.current_items()` (items in force) and its versions.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from agencies.models import Agency
from lists import selectors
from lists.models import Item, ListVersion
from lists.search.engine import COUNT_CAP, Results, count_capped, find
from lists.search.highlight import highlight
from lists.search.query import MAX_QUERY_CHARS, MAX_WORDS, Query, understand
from lists.search.walk import ordered_agency_ids
from lists.synonyms import active_expansion_map

__all__ = [
    "COUNT_CAP",
    "MAX_QUERY_CHARS",
    "MAX_WORDS",
    "Query",
    "Results",
    "count_capped",
    "highlight",
    "scope",
    "search",
    "understand_query",
]


def understand_query(q: str | None) -> Query:
    """`q` understood with the synonyms now in the admin (one query)."""
    return understand(q, active_expansion_map())


@dataclass
class Scope:
    """What a search looks in: the items in force (filters applied), their versions, and the
    agencies in display order (None: all)."""

    items: QuerySet[Item]
    versions: QuerySet
    agencies: list[int] | None


def scope(
    *,
    list_type: str | None = None,
    agency: str | None = None,
    field: str | None = None,
    unit: str | None = None,
) -> tuple[QuerySet[Item], list[int] | None]:
    """(items in force, the agencies in scope in display order or None for all), narrowed by
    list type code, agency code, 执法领域, or a fragment of an agency's name (`unit`)."""
    found = narrowed(list_type=list_type, agency=agency, field=field, unit=unit)
    return found.items, found.agencies


def narrowed(*, list_type=None, agency=None, field=None, unit=None) -> Scope:
    """The Scope of a search with these filters (see scope())."""
    narrow = {}  # an abolished list has nothing in force (lists.in_force): no filter needed
    agencies = None
    if list_type:
        narrow["list__list_type__code"] = list_type
    if agency:
        agencies = list(Agency.objects.filter(code=agency).values_list("pk", flat=True))
    if field:
        agencies = _within(_agencies_in_field(field), agencies)
    if unit:
        agencies = _within(_agencies_named(unit), agencies)
    if agencies is not None:
        narrow["list__agency__in"] = agencies
        wanted = set(agencies)
        agencies = [pk for pk in ordered_agency_ids() if pk in wanted]
    versions = ListVersion.objects.in_force().filter(**narrow)
    items = selectors.current_items().filter(**{f"version__{k}": v for k, v in narrow.items()})
    return Scope(items, versions, agencies)


def search(
    q: str | None,
    *,
    offset: int = 0,
    limit: int = 20,
    law: str | None = None,
    beyond: bool = True,
    **filters,
) -> Results:
    """One page of ranked results for `q` (see lists/search/engine.py for the order). `law`:
    only items whose 法律依据 or 从宽依据 contains it (the API). `beyond`: see engine.find()."""
    where = narrowed(**filters)
    items, extra = where.items, None
    if law:  # a filter on the items themselves
        extra = Q(legal_basis__icontains=law) | Q(leniency_basis__icontains=law)
        items = items.filter(extra)
    return find(
        items,
        understand_query(q),
        versions=where.versions,
        extra=extra,
        offset=offset,
        limit=limit,
        agencies=where.agencies,
        beyond=beyond,
    )


def _agencies_in_field(field: str) -> list[int]:
    # JSON containment is not portable to SQLite; agencies are few, so filter in Python.
    return [
        pk for pk, fields in Agency.objects.values_list("pk", "fields") if field in (fields or [])
    ]


def _agencies_named(fragment: str) -> list[int]:
    found = Agency.objects.filter(name__contains=fragment.strip()) | Agency.objects.filter(
        short_name__contains=fragment.strip()
    )
    return list(found.values_list("pk", flat=True))


def _within(ids: list[int], within: list[int] | None) -> list[int]:
    return ids if within is None else [pk for pk in ids if pk in within]
