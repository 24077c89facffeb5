"""Reading a huge result set in display order without sorting it.

Sorting every hit of a frequent word (改正, 处罚, 食 match most of a province's rows) costs a
scan of every match. Results are in agency order, so walk the agencies in display order in
growing chunks and stop once the page is full: a frequent word reads a few agencies' lists.
The first chunk is sized from the expected share of matching rows (`density`, from the planner's
estimate), so a page usually costs one query.
"""

from django.db.models import QuerySet

from agencies.models import Agency
from lists.models import Item

ORDERING = (
    "version__list__agency__order",
    "version__list__agency__code",
    "version__list__list_type__order",
    "seq",
    "pk",
)
AGENCY_ORDER = ("order", "code")
RELATED = ("version__list__agency", "version__list__list_type", "section")
MIN_CHUNK = 2
MAX_CHUNK = 512
ITEMS_PER_AGENCY = 120  # a province: about 1M items over 8,000 lists of 2,000 agencies


def walk(
    items: QuerySet,
    offset: int,
    limit: int,
    *,
    agencies: list[int] | None = None,
    density: float = 1.0,
) -> list[Item]:
    """`items.order_by(*ORDERING)[offset:offset + limit]`, reading agencies in display order.

    `agencies`: the agencies the items may belong to, in display order (default: all).
    """
    need, found = offset + limit, []
    order = agencies if agencies is not None else ordered_agency_ids()
    items = items.select_related(*RELATED).order_by(*ORDERING)
    expected = max(density, 0.001) * ITEMS_PER_AGENCY  # hits per agency
    size = min(max(MIN_CHUNK, int(2 * need / expected) + 1), MAX_CHUNK)
    start = 0
    while start < len(order) and len(found) < need:
        if len(order) - start <= size * 2:
            size = len(order) - start
        chunk = order[start : start + size]
        found += items.filter(version__list__agency_id__in=chunk)[: need - len(found)]
        start, size = start + size, min(size * 4, MAX_CHUNK * 4)
    return found[offset:need]


def ordered_agency_ids() -> list[int]:
    return list(Agency.objects.order_by(*AGENCY_ORDER).values_list("pk", flat=True))
