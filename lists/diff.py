"""What changed between two versions of a list, matched by item key.

Used by the reviewer's page (submitted version against the one in force), the public history
page (any two published versions) and the API (`changes` of a version): one diff, one count.

- Two rows differ only when their visible text differs: text is stored in one form
  (lists.itemtext), so a CRLF or a trailing space typed in a browser is no change.
- A row whose text is the same but whose place among the other rows changed is `moved`, not
  changed. Only rows that really changed their order count: when one row moves to the top, the
  rows it jumped over are not moved (their relative order is kept). Found as the rows outside a
  longest increasing subsequence of old positions, O(n log n).
- A row that changed and moved is `changed` (its `moved` flag says it moved too).
"""

from bisect import bisect_left
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from lists.models import Item
from lists.textdiff import Budget, highlight

COMPARED_FIELDS = ("section_id", *Item.CONTENT_FIELDS, "extra")
SEARCH_COLUMNS = ("search_a", "search_b", "search_c")
KINDS = ("added", "removed", "changed", "moved")
SUMMARY_CONTEXT = 40  # characters of unchanged text kept on each side of a change


@dataclass
class FieldChange:
    name: str
    old: str
    new: str
    budget: Budget | None = None

    @property
    def html(self) -> SafeString:
        """The whole text with the changes marked (the review page)."""
        if not hasattr(self, "_html"):
            self._html = highlight(self.old, self.new, self.budget)
        return self._html

    @property
    def summary_html(self) -> SafeString:
        """Only the changes and a little context around them (the public history page)."""
        if not hasattr(self, "_summary"):
            self._summary = highlight(self.old, self.new, self.budget, context=SUMMARY_CONTEXT)
        return self._summary


@dataclass
class ItemDiff:
    kind: str  # "added" | "removed" | "changed" | "moved" | "same"
    old: object = None
    new: object = None
    changes: list[FieldChange] = field(default_factory=list)
    moved: bool = False  # its place among the other rows changed

    @property
    def item(self):
        return self.new if self.new is not None else self.old


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
    def moved(self):
        return self._of("moved")

    @property
    def counts(self) -> dict[str, int]:
        """{"added", "removed", "changed", "moved"}: what every surface reports."""
        counts = dict.fromkeys(KINDS, 0)
        for row in self.rows:
            if row.kind in counts:
                counts[row.kind] += 1
        return counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def has_changes(self) -> bool:
        return any(row.kind != "same" for row in self.rows)


def _text(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return "" if value is None else str(value)


def _differs(old, new) -> bool:
    # Stored text is in its one form on every write path (lists.itemtext; the repair migration
    # brought older rows to it), so equal visible text is equal text: a plain comparison.
    return old != new


def _moved_keys(old_items, new_items) -> set:
    """Keys of the rows kept in both whose relative order changed (outside one longest
    increasing subsequence of their old positions)."""
    old_position = {item.key: index for index, item in enumerate(old_items)}
    kept = [item.key for item in new_items if item.key in old_position]
    positions = [old_position[key] for key in kept]
    tails, tail_at, previous = [], [], [None] * len(positions)
    for index, position in enumerate(positions):
        slot = bisect_left(tails, position)
        previous[index] = tail_at[slot - 1] if slot else None
        if slot == len(tails):
            tails.append(position)
            tail_at.append(index)
        else:
            tails[slot], tail_at[slot] = position, index
    in_order = set()
    index = tail_at[-1] if tail_at else None
    while index is not None:
        in_order.add(kept[index])
        index = previous[index]
    return set(kept) - in_order


def diff_items(old_items, new_items) -> VersionDiff:
    """Rows in the new order; removed rows placed where they stood in the old list."""
    old_items, new_items = list(old_items), list(new_items)
    old_by_key = {item.key: item for item in old_items}
    new_keys = {item.key for item in new_items}
    moved = _moved_keys(old_items, new_items)
    budget = Budget()  # one page, one budget of comparison work (lists.textdiff)
    rows = []
    for item in new_items:
        previous = old_by_key.get(item.key)
        if previous is None:
            rows.append(ItemDiff("added", new=item))
            continue
        changes = [
            FieldChange(name, _text(getattr(previous, name)), _text(getattr(item, name)), budget)
            for name in COMPARED_FIELDS
            if _differs(getattr(previous, name), getattr(item, name))
        ]
        is_moved = item.key in moved
        kind = "changed" if changes else "moved" if is_moved else "same"
        rows.append(ItemDiff(kind, old=previous, new=item, changes=changes, moved=is_moved))
    for index, item in enumerate(old_items):
        if item.key not in new_keys:
            rows.insert(min(index, len(rows)), ItemDiff("removed", old=item))
    return VersionDiff(rows)


def diff_versions(old_version, new_version) -> VersionDiff:
    """Diff two versions in 序号 order; `old_version` may be None (everything is added)."""

    def rows(version):
        # The search tokens are as long as the text and never shown: not loaded.
        return list(version.items.select_related("section").defer(*SEARCH_COLUMNS).order_by("seq"))

    return diff_items(rows(old_version) if old_version else [], rows(new_version))
