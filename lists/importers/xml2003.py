""" ".xls" files that are Excel 2003 XML (SpreadsheetML), as many OA systems export.

Read streaming (iterparse, each row dropped once read). `ss:Index` skips cells and rows;
`ss:MergeAcross` leaves blanks to the right and `ss:MergeDown` fills down, as merged cells do in
.xlsx; `ss:Hidden` rows and columns are marked hidden; hidden worksheets are left out.
"""

import io
import xml.etree.ElementTree as ET

from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text, is_wide
from lists.importers.results import CORRUPT, ImportFailed, Place

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
X = "{urn:schemas-microsoft-com:office:excel}"


def looks_like_spreadsheetml(head: bytes) -> bool:
    return b"urn:schemas-microsoft-com:office:spreadsheet" in head[:8192]


def spreadsheetml_grids(data: bytes, budget) -> list[Grid]:
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data[:8192]:
        raise ImportFailed(CORRUPT)  # entity expansion has no place in a spreadsheet
    sheets = []
    try:
        sheet = None
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == SS + "Worksheet":
                    sheet = _Sheet(element.get(SS + "Name") or "", budget)
                continue
            if sheet is None:
                continue
            if tag == SS + "Column":
                sheet.column(element)
            elif tag == SS + "Row":
                sheet.row(element)
                element.clear()
            elif tag == X + "Visible" and (element.text or "").strip() != "SheetVisible":
                sheet.hidden = True
            elif tag == SS + "Worksheet":
                sheets.append(sheet)
                sheet = None
                element.clear()
    except ET.ParseError as error:
        raise ImportFailed(CORRUPT) from error
    visible = [sheet for sheet in sheets if not sheet.hidden]
    for sheet in visible:
        for row in sheet.rows:
            row.place = Place(row=row.place.row, sheet=_label(sheet.name, len(visible)))
    return [Grid(sheet.name, sheet.rows, sheet.hidden_columns) for sheet in visible]


def _label(name: str, count: int) -> str:
    return f"工作表“{name}”" if count > 1 else ""


def _index(element, default: int) -> int:
    try:
        return int(element.get(SS + "Index") or default)
    except ValueError:
        return default


class _Sheet:
    def __init__(self, name: str, budget):
        self.name, self.budget = name, budget
        self.hidden = False
        self.rows: list[Row] = []
        self.hidden_columns: set[int] = set()
        self.next_column = 1
        self.number = 0
        self.down: dict[int, tuple[int, str]] = {}  # 0-based column -> (last row, text)

    def column(self, element) -> None:
        first = _index(element, self.next_column)
        span = int(element.get(SS + "Span") or 0)
        if element.get(SS + "Hidden") in ("1", "true"):
            self.hidden_columns.update(c - 1 for c in range(first, first + span + 1) if c <= 60)
        self.next_column = first + span + 1

    def row(self, element) -> None:
        self.number = _index(element, self.number + 1)
        cells: list[str] = []
        column, wide = 1, set()
        for cell in element.iter(SS + "Cell"):
            column = _index(cell, column)
            if column > MAX_COLUMNS:
                break
            cells.extend([""] * (column - 1 - len(cells)))
            data = cell.find(SS + "Data")
            text = cell_text("".join(data.itertext())) if data is not None else ""
            cells.append(text)
            across = int(cell.get(SS + "MergeAcross") or 0)
            cells.extend([""] * min(across, MAX_COLUMNS))
            if across >= 2:
                wide.add(column - 1)
            down = int(cell.get(SS + "MergeDown") or 0)
            if down:
                self.down[column - 1] = (self.number + down, text)
            column += 1 + across
        for index, (last, text) in list(self.down.items()):
            if self.number > last:
                del self.down[index]
            elif last >= self.number and index < MAX_COLUMNS:
                cells.extend([""] * (index + 1 - len(cells)))
                if not cells[index]:
                    cells[index] = text
        cells = cells[:MAX_COLUMNS]
        self.budget.row(sum(1 for c in cells if c))
        if any(cells):
            hidden = element.get(SS + "Hidden") in ("1", "true")
            first = next(i for i, cell in enumerate(cells) if cell)
            wide_row = first in wide and is_wide(cells, first)
            self.rows.append(Row(cells, Place(row=self.number), hidden=hidden, wide=wide_row))
