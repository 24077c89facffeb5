"""Grids of text rows: what every reader produces, and the fill-down of merged cells."""

from collections.abc import Iterable, Iterator
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


def filled(rows, plan, sheet: str, budget, hidden_rows=frozenset()) -> Iterator[Row]:
    """Yield rows with vertically merged cells filled down, stopping after a long blank run."""
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
            yield Row(cells, Place(row=number, sheet=sheet), hidden=number in hidden_rows)
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return
