"""Saving the editor's rows: only what changed is written.

A row whose content changed is saved; an unchanged row is not touched. When the order changes
(a typed 序号, a new or deleted row, another section) the version is renumbered, which writes
only the rows whose number changes (lists.services.renumber). On a page of a very large
version (lists/editor/pages.py) the rows before and after the page keep their order around it.
"""

from django.db.models import Max

from lists.models import Item, ListVersion
from lists.services import renumber

_LAST = 10**6  # a new row without a typed 序号 goes after the rows of the page


def save_rows(version: ListVersion, formset) -> None:
    """Write the formset's rows (deleted ones already gone) in the order the clerk asked for."""
    rows, new_rows = [], []
    deleted = set(formset.deleted_forms)  # the property re-validates the formset on each read
    reorder = bool(deleted)
    for index, form in enumerate(formset.forms):
        if form in deleted:
            continue
        item = form.instance
        typed = form.cleaned_data.get("seq")
        if item.pk is None:
            if not form.has_changed():
                continue
            new_rows.append(item)
            rows.append((typed or _LAST + index, index, item))
            continue
        stored = form.initial["seq"]
        item.seq = stored  # the typed number is an order, applied by renumber below
        changed = set(form.changed_data) - {"seq"}
        if changed:
            item.save()
        if (typed and typed != stored) or "section" in changed:
            reorder = True
        rows.append((typed or stored, index, item))
    if not (reorder or new_rows):
        return
    before, after = _around(version, formset.editor_page)
    top = version.items.aggregate(top=Max("seq"))["top"] or 0
    for offset, item in enumerate(new_rows, start=1):
        item.version = version
        item.seq = top + offset
        item.save()
    ordered = [item for _wanted, _index, item in sorted(rows, key=lambda row: row[:2])]
    renumber(version, before + ordered + after)


def _around(version, page) -> tuple[list[Item], list[Item]]:
    """The rows of the version outside the page being saved, in their order."""
    if page is None:
        return [], []
    rows = version.items.only("pk", "seq", "section_id").order_by("seq")
    return (
        list(rows.filter(seq__lt=page.first_seq)),
        list(rows.filter(seq__gt=page.last_seq)),
    )
