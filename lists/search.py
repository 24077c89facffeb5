"""Full-text search over the items of the lists in force.

Chinese has no spaces, so words are not tokens: a query is matched as a substring. Each item
carries `search_text` (matter, condition, legal basis and note, lower-cased), a stored column the
database computes itself, so rows written by bulk_create, imports or revisions are always indexed.
The lookup is `contains` (LIKE '%词%'), never `icontains` (which wraps UPPER() and defeats an
index). On PostgreSQL a pg_trgm GIN index (migration lists/0003) serves queries of 3+ characters;
1-2 character queries (食品, 消防) have no trigram and scan the current items, which stays
tolerable because only lists in force are searched and counting is capped at COUNT_CAP.

Law names: 《安全生产法》 is searched as 安全生产法, which also matches inside
《中华人民共和国安全生产法》. An agency's name or short name matches all of its items.
"""

import re

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agencies.models import Agency
from lists.models import Item
from lists.selectors import current_items, current_versions

MAX_QUERY_CHARS = 100
MAX_TERMS = 5
COUNT_CAP = 1000
FIRST_CHUNK = 16  # lists read by the first page query of search_page
MAX_CHUNK = 1024  # beyond this, one last query over all remaining lists
# Book-title marks and quotes wrap law names and phrases; they are not part of the search.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PUNCTUATION = re.compile(r"[《》〈〉<>“”\"'‘’「」『』【】\[\]()（）,，。;；:：!！?？、]+")

ORDERING = (
    "version__list__agency__order",
    "version__list__agency__code",
    "version__list__list_type__order",
    "seq",
)


def parse_query(q: str | None) -> list[str]:
    """The search terms of a query: punctuation dropped, lower-cased, at most MAX_TERMS."""
    text = _CONTROL.sub(" ", (q or "")[:MAX_QUERY_CHARS])
    text = _PUNCTUATION.sub(" ", text).lower()
    terms: list[str] = []
    for term in text.split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def search_items(
    q: str,
    *,
    list_type: str | None = None,
    agency: str | None = None,
    field: str | None = None,
) -> QuerySet[Item]:
    """Items in force matching every term of `q`, optionally filtered by list type code, agency
    code or 执法领域; ordered by agency, list type and 序号, ready for display.

    An empty query matches everything (filters alone make a browsable listing).
    """
    items = current_items()
    for term in parse_query(q):
        items = items.filter(_term_condition(term))
    if list_type:
        items = items.filter(version__list__list_type__code=list_type)
    if agency:
        items = items.filter(version__list__agency__code=agency)
    if field:
        items = items.filter(version__list__agency__in=_agencies_in_field(field))
    return items.select_related(
        "version__list__agency", "version__list__list_type", "section"
    ).order_by(*ORDERING)


def search_page(
    q: str,
    *,
    offset: int,
    limit: int,
    list_type: str | None = None,
    agency: str | None = None,
    field: str | None = None,
    items: QuerySet[Item] | None = None,
    walk: bool = True,
) -> list[Item]:
    """`search_items(...)[offset:offset + limit]`, without sorting every match. Pass `items`
    (that same `search_items(...)` queryset) to reuse it, and `walk=False` when the term is
    known to be rare (count_capped found fewer than COUNT_CAP): a plain sorted slice is cheaper.

    Sorting all hits of a frequent term (食品 matches a good share of a province's rows) costs a
    scan of every match. Results are ordered by list, so walk the lists in display order in
    growing chunks (16, 64, 256 … lists) and stop once the page is full: a frequent term reads a
    few lists, a rare one ends with a query over the rest (served by the trigram index).
    """
    if items is None:
        items = search_items(q, list_type=list_type, agency=agency, field=field)
    need, found = offset + limit, []
    if not walk:
        return list(items[offset:need])
    versions = _ordered_version_ids(list_type=list_type, agency=agency, field=field)
    start, size = 0, FIRST_CHUNK
    while start < len(versions) and len(found) < need:
        if len(versions) - start <= size * 4 or size > MAX_CHUNK:
            chunk = items.exclude(version_id__in=versions[:start]) if start else items
            start = len(versions)
        else:
            chunk = items.filter(version_id__in=versions[start : start + size])
            start, size = start + size, size * 4
        found += chunk[: need - len(found)]
    return found[offset:need]


def _ordered_version_ids(**filters) -> list[int]:
    versions = current_versions().filter(list__abolished_at__isnull=True)
    if filters.get("list_type"):
        versions = versions.filter(list__list_type__code=filters["list_type"])
    if filters.get("agency"):
        versions = versions.filter(list__agency__code=filters["agency"])
    if filters.get("field"):
        versions = versions.filter(list__agency__in=_agencies_in_field(filters["field"]))
    order = [name.removeprefix("version__") for name in ORDERING[:-1]]
    return list(versions.order_by(*order).values_list("pk", flat=True))


def _term_condition(term: str) -> Q:
    # Agency names are few: resolve them first so the item condition stays a plain LIKE that
    # the trigram index can serve, instead of an OR across a join.
    agency_ids = list(
        Agency.objects.filter(Q(name__contains=term) | Q(short_name__contains=term)).values_list(
            "pk", flat=True
        )
    )
    condition = Q(search_text__contains=term)
    if agency_ids:
        condition |= Q(version__list__agency__in=agency_ids)
    return condition


def _agencies_in_field(field: str) -> list[int]:
    # JSON containment is not portable to SQLite; agencies are few, so filter in Python.
    return [
        pk for pk, fields in Agency.objects.values_list("pk", "fields") if field in (fields or [])
    ]


def count_capped(items: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, more): never counts past `cap`, so a huge result set costs no more than a page."""
    found = items.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` HTML-escaped, with each occurrence of a term wrapped in <mark>."""
    if not text:
        return mark_safe("")
    if not terms:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
