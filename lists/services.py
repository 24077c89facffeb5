"""Writes to a version's rows that are not workflow steps: numbering."""

from django.db import transaction
from django.db.models import F

from lists.models import FrozenVersionError, Item, ListSection, ListVersion

# seq is unique per version: rows that change number first move out of the way.
_SHIFT = 1_000_000


def renumber(version: ListVersion, ordered: list[Item] | None = None) -> list[Item]:
    """Number rows 1..n: sections in order, then by the given order (default: current seq).

    `ordered` holds every row of the version with its stored seq. Only rows whose number
    changes are written (two statements), so renumbering a list in order writes nothing.
    """
    if not ListVersion.objects.filter(
        pk=version.pk, status__in=ListVersion.EDITABLE_STATUSES
    ).exists():
        raise FrozenVersionError()
    with transaction.atomic():
        if ordered is None:
            ordered = list(version.items.only("pk", "seq", "section_id").order_by("seq"))
        items = list(ordered)
        section_ids = {item.section_id for item in items if item.section_id}
        numbers = dict(ListSection.objects.filter(pk__in=section_ids).values_list("pk", "number"))
        position = {item.pk: index for index, item in enumerate(items)}
        items.sort(key=lambda item: (numbers.get(item.section_id, 0), position[item.pk]))
        moved = [item for number, item in enumerate(items, start=1) if item.seq != number]
        if moved:
            Item.objects.filter(pk__in=[item.pk for item in moved]).update(seq=F("seq") + _SHIFT)
            for number, item in enumerate(items, start=1):
                item.seq = number
            Item.objects.bulk_update(moved, ["seq"], batch_size=2000)
    return items
