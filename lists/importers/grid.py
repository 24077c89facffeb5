"""Grids of text rows: what every reader produces, and the fill-down of merged cells."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from openpyxl.utils.cell import range_boundaries

from lists.importers.results import Place

MAX_COLUMNS = 60
MAX_BLANK_RUN = 1000  # a sheet whose formatting runs on for a million empty rows ends here


@dataclass
class Row:
    cells: list[str]
    place: Place
    hidden: bool = False  # a hidden row of a workbook: working material, not an item
    wide: bool = False  # its one text sits in a cell merged across the table: a heading or note


@dataclass
class Grid:
    name: str  # sheet name; "" for CSV and Word
    rows: Iterable[Row]
    hidden_columns: set[int] = field(default_factory=set)  # 0-based, hidden in the workbook


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "").strip()  # PostgreSQL refuses NUL in text and JSON


def fill_plan(refs) -> dict[int, list[tuple[int, int]]]:
    """Top row -> [(column, last row)] for every range that spans rows (1-based rows)."""
    plan: dict[int, list[tuple[int, int]]] = {}
    for ref in refs:
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if max_row > min_row and min_col <= MAX_COLUMNS:
            plan.setdefault(min_row, []).append((min_col - 1, max_row))
    return plan


def across(refs) -> set[tuple[int, int]]:
    """(row, first column) of every range merged across three columns or more (1-based rows)."""
    found = set()
    for ref in refs:
        min_col, min_row, max_col, _max_row = range_boundaries(ref)
        if max_col - min_col >= 2 and min_col <= MAX_COLUMNS:
            found.add((min_row, min_col - 1))
    return found


def is_wide(cells: list[str], merged_from: int | None) -> bool:
    """One text in the row, in a cell merged across (starting at `merged_from`)."""
    texts = [index for index, cell in enumerate(cells) if cell]
    return merged_from is not None and texts == [merged_from]


def filled(rows, plan, sheet: str, budget, hidden_rows=frozenset(), wide=frozenset()):
    """Yield rows with vertically merged cells filled down, stopping after a long blank run.

    `wide` holds (row, column) of the ranges merged across (see `across`).
    """
    active: dict[int, tuple[int, str]] = {}  # column -> (last row, value)
    blank_run = 0
    for number, values in rows:
        cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
        budget.row(sum(1 for cell in cells if cell))
        for column, (last, value) in list(active.items()):
            if number > last:
                del active[column]
            elif column < len(cells):
                cells[column] = value
        for column, last in plan.get(number, ()):
            if column < len(cells):
                active[column] = (last, cells[column])
        if any(cells):
            blank_run = 0
            first = next((i for i, cell in enumerate(cells) if cell), None)
            yield Row(
                cells,
                Place(row=number, sheet=sheet),
                hidden=number in hidden_rows,
                wide=(number, first) in wide and is_wide(cells, first),
            )
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return
