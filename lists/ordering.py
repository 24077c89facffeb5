"""What 序号 means: the order of a version's rows, decided once for every screen and export.

Rows are numbered 1..n in the order they are shown. In a list with sections (不予处罚: 一、二、三)
the rows of section 一 come first, then 二, then 三, and rows without a section last (under
其他事项, lists.exporters.table_rows), so the numbers read 1..n down the page. Typing a number
moves a row to exactly that position; the row that was there, and those after it, move down one
(the moved row wins a tie). Pure functions: no database here (lists.services writes the result).
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

Row = TypeVar("Row")


def section_rank(number: int | None) -> tuple[int, int]:
    """The sort key of a section by its number: 一 < 二 < 三 < no section."""
    return (1, 0) if number is None else (0, number)


def arrange(
    staying: Sequence[Row],
    moved: Sequence[tuple[int, Row]],
    section_of: Callable[[Row], int | None] = lambda row: None,
) -> list[Row]:
    """The final order: `staying` rows keep their relative order, each `(position, row)` of
    `moved` lands at that 1-based position (clamped to the list), then rows are grouped by
    section (a stable sort, so within its section a row keeps the place it was given; a row
    typed into another section's range lands at the nearest end of its own section).

    Moved rows are placed in ascending order of position, so each lands exactly where typed;
    two rows typed to the same position keep their order on the page."""
    order = list(staying)
    indexed = sorted(enumerate(moved), key=lambda entry: (entry[1][0], -entry[0]))
    for _index, (position, row) in indexed:
        order.insert(min(max(position, 1), len(order) + 1) - 1, row)
    return sorted(order, key=lambda row: section_rank(section_of(row)))
