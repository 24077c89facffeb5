"""Writes to a version's rows that are not workflow steps: numbering, and saving edited rows.

Both write only what changes: a row whose text is unchanged is not saved again, and a row whose
number is unchanged is not renumbered, so an unchanged save writes nothing and the admin's change
log names only the rows that changed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from lists.models import FrozenVersionError, Item, ListVersion
from lists.ordering import arrange

# seq is unique per version; rows being renumbered first move out of the way.
_SHIFT = 1_000_000
_PLACE = ("pk", "version_id", "seq", "section_id")  # what numbering reads of a row


@dataclass
class RowEdit:
    """One row of an editing form: its item (content already assigned), whether its content
    changed, and the 序号 typed when the clerk moved it (None: it keeps its place)."""

    item: Item
    changed: bool
    moved_to: int | None = None


def _check_editable(version: ListVersion) -> None:
    if not ListVersion.objects.filter(
        pk=version.pk, status__in=ListVersion.EDITABLE_STATUSES
    ).exists():
        raise FrozenVersionError()


def _section_numbers(version: ListVersion) -> dict[int, int]:
    return dict(version.list.list_type.sections.values_list("pk", "number"))


def renumber(version: ListVersion, ordered: list[Item] | None = None) -> list[Item]:
    """Number rows 1..n by lists.ordering: sections in order (rows without one last), then the
    given order (default: current seq)."""
    _check_editable(version)
    with transaction.atomic():
        items = (
            ordered if ordered is not None else list(version.items.only(*_PLACE).order_by("seq"))
        )
        numbers = _section_numbers(version)
        items = arrange(items, [], lambda item: numbers.get(item.section_id))
        _number(items, dict(version.items.values_list("pk", "seq")))
    return items


def save_rows(version: ListVersion, rows: list[RowEdit], deleted: list[Item]) -> list[Item]:
    """Save an edited version's rows: delete `deleted`, write the rows whose content changed (and
    new ones), and number everything by lists.ordering (a moved row lands where typed). Rows of
    the version that the form did not hold keep their place. Returns the rows in their order."""
    _check_editable(version)
    with transaction.atomic():
        for item in deleted:
            item.delete()
        gone = {item.pk for item in deleted}
        edits = {row.item.pk: row for row in rows if row.item.pk is not None}
        # Rows the form did not hold only ever get a new seq: their text is not loaded.
        stored = list(version.items.exclude(pk__in=gone).only(*_PLACE).order_by("seq"))
        staying = [edits[item.pk].item if item.pk in edits else item for item in stored]
        moved = [(row.moved_to, row.item) for row in rows if row.moved_to is not None]
        moving = {id(item) for _position, item in moved}
        staying = [item for item in staying if id(item) not in moving]
        staying += [row.item for row in rows if row.item.pk is None and id(row.item) not in moving]
        numbers = _section_numbers(version)
        order = arrange(staying, moved, lambda item: numbers.get(item.section_id))
        content = {id(row.item) for row in rows if row.changed or row.item.pk is None}
        _number(order, {item.pk: item.seq for item in stored}, content)
    return order


def _number(order: list[Item], current: dict[int, int], content: set[int] = frozenset()) -> None:
    """Give `order` the numbers 1..n; `current` is the stored seq of each row by pk. Rows in
    `content` are saved whole (new rows created); of the others, only those whose number
    changes are written, and only their seq."""
    renumbered = [
        item for number, item in enumerate(order, start=1) if current.get(item.pk) != number
    ]
    shifting = [item.pk for item in renumbered if item.pk is not None]
    if shifting:
        Item.objects.filter(pk__in=shifting).update(seq=F("seq") + _SHIFT)
    for number, item in enumerate(order, start=1):
        item.seq = number
    for item in order:
        if id(item) in content:
            item.save()
    seq_only = [item for item in renumbered if item.pk is not None and id(item) not in content]
    if seq_only:
        Item.objects.bulk_update(seq_only, ["seq"])
