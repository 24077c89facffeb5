"""Writes to a version's rows that are not workflow steps: numbering."""

from django.db import transaction
from django.db.models import F

from lists.models import FrozenVersionError, Item, ListVersion

# seq is unique per version; renumbering first moves every row out of the way.
_SHIFT = 1_000_000


def renumber(version: ListVersion, ordered: list[Item] | None = None) -> list[Item]:
    """Number rows 1..n: sections in order, then by the given order (default: current seq)."""
    if not ListVersion.objects.filter(
        pk=version.pk, status__in=ListVersion.EDITABLE_STATUSES
    ).exists():
        raise FrozenVersionError()
    with transaction.atomic():
        items = ordered if ordered is not None else list(version.items.select_related("section"))
        position = {item.pk: index for index, item in enumerate(items)}
        items.sort(key=lambda item: (item.section.number if item.section else 0, position[item.pk]))
        Item.objects.filter(version=version).update(seq=F("seq") + _SHIFT)
        for number, item in enumerate(items, start=1):
            item.seq = number
        Item.objects.bulk_update(items, ["seq"])
    return items
