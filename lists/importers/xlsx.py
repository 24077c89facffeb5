""".xlsx workbooks: a bounded scan of each sheet's XML, then its cells through calamine.

The scan (regular expressions over the XML in 1 MB chunks, never holding it whole) finds what
a cell reader does not give: merged ranges, hidden rows and columns; and the sheet's size, so
that a sheet with more rows than the cap is refused before any parse. Cells are then read by
python-calamine (Rust; five times openpyxl's read-only speed), which builds the sheet's used
area as one dense block: a sheet whose used area is huge but mostly empty (one stray cell at
row 1,048,576) streams through openpyxl read-only instead, which never holds the blank.
"""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from posixpath import join, normpath

from openpyxl.utils.cell import column_index_from_string

from lists.importers.grid import MAX_COLUMNS, Grid, across, fill_plan, filled
from lists.importers.results import CORRUPT, TOO_MANY_ROWS_READ, ImportFailed

DENSE_CELLS = 2_000_000  # used area (rows × columns) read in one block; beyond, streamed
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+\d+:[A-Z]+\d+)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_HIDDEN_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_WIDE_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{2,3})\d+\"")
_ATTR = {name: re.compile(rb"\b" + name + rb"=\"(\d+)\"") for name in (b"r", b"min", b"max")}


class SheetScan:
    """Merged ranges, hidden rows and columns, and the size of one sheet, from its XML."""

    def __init__(self, archive: zipfile.ZipFile, path: str, budget):
        self.budget = budget
        self.merges: set[str] = set()
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.rows = self.last_row = self.last_column = 0
        self._scan(archive, path)

    @property
    def area(self) -> int:
        return max(self.rows, self.last_row) * self.last_column

    def _scan(self, archive, path) -> None:
        tail = b""
        with archive.open(path) as stream:
            while chunk := stream.read(1 << 20):
                self.budget.check_time()
                self._rows(chunk, tail)
                block = tail + chunk  # a 1,000-byte overlap catches a tag across two chunks
                if b"mergeCell" in block:
                    self.merges.update(match.decode() for match in _MERGE_REF.findall(block))
                if b"hidden=" in block:
                    self._hidden(block)
                tail = block[-1000:]

    def _hidden(self, block: bytes) -> None:
        for tag in _HIDDEN_ROW.findall(block):
            if number := _ATTR[b"r"].search(tag):
                self.hidden_rows.add(int(number[1]))
        for tag in _HIDDEN_COL.findall(block):
            low, high = _ATTR[b"min"].search(tag), _ATTR[b"max"].search(tag)
            if low and high:
                self.hidden_columns.update(range(int(low[1]) - 1, min(int(high[1]), 60)))

    def _rows(self, chunk: bytes, tail: bytes) -> None:
        # Counted on the new bytes (and four before them: less than a tag, so a tag is never
        # counted twice); a sheet past the cap is refused here, before any cell is parsed.
        joined = tail[-4:] + chunk
        if b":row" in joined:  # a namespace prefix: the slower, general count
            self.rows += len(_ROW.findall(joined))
        else:
            self.rows += joined.count(b"<row ") + joined.count(b"<row>") + joined.count(b"<row/")
        if self.rows > self.budget.max_rows:
            raise ImportFailed(TOO_MANY_ROWS_READ.format(limit=self.budget.max_rows))
        block = tail + chunk
        # Rows come in order: the last number in the chunk is the largest so far.
        numbers = _ROW_NUMBER.findall(block[-8192:]) or _ROW_NUMBER.findall(block)
        if numbers:
            self.last_row = max(self.last_row, int(numbers[-1]))
        # Only columns past Z need reading; most lists end well before.
        self.last_column = max(self.last_column, 26 if b"<c" in block else 0)
        if wide := _WIDE_COLUMN.findall(block):
            letters = max(wide, key=lambda found: (len(found), found)).decode()
            self.last_column = max(self.last_column, column_index_from_string(letters))


def sheets(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(name, path in the zip, state) of every worksheet, in the workbook's order."""
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError) as error:
        raise ImportFailed(CORRUPT) from error
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels
        if rel.get("Type", "").endswith("/worksheet")
    }
    found = []
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid)
        if target:  # chartsheets and dialog sheets have no worksheet target
            path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            found.append((sheet.get("name", ""), path, sheet.get("state", "visible")))
    return found


def xlsx_grids(data: bytes, archive: zipfile.ZipFile, budget) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    visible = [(name, path) for name, path, state in sheets(archive) if state == "visible"]
    scans = {
        path: SheetScan(archive, path, budget) for _name, path in visible if _has(archive, path)
    }
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own kinds on damaged zips and XML
        raise ImportFailed(CORRUPT) from error
    grids, streamed = [], None
    for name, path in visible:
        scan = scans.get(path)
        if scan is None:
            continue
        label = f"工作表“{name}”" if len(visible) > 1 else ""
        if scan.area <= DENSE_CELLS:
            rows = _dense_rows(book, name)
        else:
            streamed = streamed or _openpyxl_book(data)
            rows = _streamed_rows(streamed, name)
        plan, wide = fill_plan(scan.merges), across(scan.merges)
        rows = filled(rows, plan, label, budget, scan.hidden_rows, wide)
        grids.append(Grid(name, rows, scan.hidden_columns))
    return grids


def _has(archive: zipfile.ZipFile, path: str) -> bool:
    try:
        archive.getinfo(path)
    except KeyError:
        return False
    return True


def _dense_rows(book, name: str) -> Iterator[tuple[int, list]]:
    try:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    for number, row in enumerate(values, start=1):
        yield number, row[:MAX_COLUMNS]


def _openpyxl_book(data: bytes):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged XML
        raise ImportFailed(CORRUPT) from error


def _streamed_rows(book, name: str) -> Iterator[tuple[int, tuple]]:
    sheet = book[name]
    sheet.reset_dimensions()  # saved dimensions are often wrong; read what is there
    yield from enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1)
