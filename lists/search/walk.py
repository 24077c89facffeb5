"""Reading a huge result set in display order without sorting it.

Sorting every hit of a frequent word (食品 matches a good share of a province's rows) costs a scan
of every match. Results are in list order, so walk the lists in display order in growing chunks
(16, 64, 256 … lists) and stop once the page is full: a frequent word reads a few lists; a rarer
one ends with one query over the remaining lists.
"""

from django.db.models import QuerySet

from lists.models import Item

ORDERING = (
    "version__list__agency__order",
    "version__list__agency__code",
    "version__list__list_type__order",
    "seq",
)
FIRST_CHUNK = 16
MAX_CHUNK = 1024


def walk(items: QuerySet, versions: QuerySet, offset: int, limit: int) -> list[Item]:
    """`items.order_by(*ORDERING)[offset:offset + limit]`, reading lists in display order.

    `versions`: the versions the items may come from (in force, filters applied).
    """
    need, found = offset + limit, []
    versions = ordered_version_ids(versions)
    items = items.order_by(*ORDERING)
    start, size = 0, FIRST_CHUNK
    while start < len(versions) and len(found) < need:
        if len(versions) - start <= size * 4 or size > MAX_CHUNK:
            chunk = items.filter(version_id__in=versions[start:])
            start = len(versions)
        else:
            chunk = items.filter(version_id__in=versions[start : start + size])
            start, size = start + size, size * 4
        found += chunk[: need - len(found)]
    return found[offset:need]


def ordered_version_ids(versions: QuerySet) -> list[int]:
    order = [name.removeprefix("version__") for name in ORDERING[:-1]]
    return list(versions.order_by(*order).values_list("pk", flat=True))
