"""What changed between two versions of a list, matched by item key.

Used by the reviewer's page (submitted version against the one in force) and by the public
history page (any two published versions).
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lists.models import Item

COMPARED_FIELDS = ("section_id", *Item.CONTENT_FIELDS, "extra")


@dataclass
class FieldChange:
    name: str
    old: str
    new: str

    @property
    def html(self) -> SafeString:
        return highlight(self.old, self.new)


@dataclass
class ItemDiff:
    kind: str  # "added" | "removed" | "changed" | "same"
    old: object = None
    new: object = None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def item(self):
        return self.new if self.new is not None else self.old

    @property
    def moved(self) -> bool:
        return self.old is not None and self.new is not None and self.old.seq != self.new.seq


@dataclass
class VersionDiff:
    rows: list[ItemDiff]

    def _of(self, kind):
        return [row for row in self.rows if row.kind == kind]

    @property
    def added(self):
        return self._of("added")

    @property
    def removed(self):
        return self._of("removed")

    @property
    def changed(self):
        return self._of("changed")

    @property
    def has_changes(self) -> bool:
        return any(row.kind != "same" for row in self.rows)


def _text(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return "" if value is None else str(value)


def diff_items(old_items, new_items) -> VersionDiff:
    """Rows in the new order; removed rows placed where they stood in the old list."""
    old_by_key = {item.key: item for item in old_items}
    new_keys = {item.key for item in new_items}
    rows = []
    for item in new_items:
        previous = old_by_key.get(item.key)
        if previous is None:
            rows.append(ItemDiff("added", new=item))
            continue
        changes = [
            FieldChange(name, _text(getattr(previous, name)), _text(getattr(item, name)))
            for name in COMPARED_FIELDS
            if getattr(previous, name) != getattr(item, name)
        ]
        rows.append(
            ItemDiff("changed" if changes else "same", old=previous, new=item, changes=changes)
        )
    for index, item in enumerate(old_items):
        if item.key not in new_keys:
            rows.insert(min(index, len(rows)), ItemDiff("removed", old=item))
    return VersionDiff(rows)


def diff_versions(old_version, new_version) -> VersionDiff:
    """Diff two versions; `old_version` may be None (everything is added)."""
    old_items = list(old_version.items.select_related("section")) if old_version else []
    new_items = list(new_version.items.select_related("section"))
    return diff_items(old_items, new_items)


def highlight(old: str, new: str) -> SafeString:
    """Character-level diff (Chinese has no spaces): <del> for removed, <ins> for added text."""
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))
