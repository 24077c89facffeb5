"""Excel workbooks: .xlsx read streaming (openpyxl read_only) and BIFF .xls/.et (xlrd).

Hidden sheets are left out; hidden rows and columns are read but marked, so that the preview
can leave them out and say so.
"""

import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl.utils import get_column_letter

from lists.importers.grid import Grid, Row, across, fill_plan, filled
from lists.importers.results import CORRUPT, ENCRYPTED, ImportFailed

_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+\d+:[A-Z]+\d+)\"")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_HIDDEN_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_ATTR = {name: re.compile(rb"\b" + name + rb"=\"(\d+)\"") for name in (b"r", b"min", b"max")}


class _SheetScan:
    """What read-only openpyxl does not expose: merged ranges, hidden rows and columns.

    The sheet XML is scanned in chunks (never held whole); a 1,000-byte overlap catches a tag
    that straddles two chunks.
    """

    def __init__(self, archive: zipfile.ZipFile, path: str | None, budget):
        self.budget = budget
        self.merges: set[str] = set()
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        if path:
            self._scan(archive, path.lstrip("/"))

    def _scan(self, archive, path) -> None:
        tail = b""
        with archive.open(path) as stream:
            while chunk := stream.read(1 << 20):
                self.budget.check_time()
                block = tail + chunk
                self.merges.update(match.decode() for match in _MERGE_REF.findall(block))
                for tag in _HIDDEN_ROW.findall(block):
                    if number := _ATTR[b"r"].search(tag):
                        self.hidden_rows.add(int(number[1]))
                for tag in _HIDDEN_COL.findall(block):
                    low, high = _ATTR[b"min"].search(tag), _ATTR[b"max"].search(tag)
                    if low and high:
                        self.hidden_columns.update(range(int(low[1]) - 1, min(int(high[1]), 60)))
                tail = block[-1000:]


def xlsx_grids(data: bytes, archive: zipfile.ZipFile, budget) -> list[Grid]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged XML
        raise ImportFailed(CORRUPT) from error
    sheets = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    grids = []
    for ws in sheets:
        if not hasattr(ws, "iter_rows"):
            continue  # a chartsheet
        scan = _SheetScan(archive, getattr(ws, "_worksheet_path", None), budget)
        label = f"工作表“{ws.title}”" if len(sheets) > 1 else ""
        rows = _xlsx_rows(ws, scan, label, budget)
        grids.append(Grid(ws.title, rows, scan.hidden_columns))
    return grids


def _xlsx_rows(ws, scan, label, budget) -> Iterator[Row]:
    ws.reset_dimensions()  # saved dimensions are often wrong; read what is there
    numbered = enumerate(ws.iter_rows(values_only=True), start=1)
    merges = scan.merges
    yield from filled(numbered, fill_plan(merges), label, budget, scan.hidden_rows, across(merges))


def biff_grids(data: bytes, budget) -> list[Grid]:
    """Excel 97-2003 .xls and WPS 表格 .et (the same BIFF format)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as error:
        raise ImportFailed(ENCRYPTED if "encrypt" in str(error).lower() else CORRUPT) from error
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    visible = [
        (index, name)
        for index, name in enumerate(book.sheet_names())
        if not book.sheet_by_index(index).visibility
    ]
    grids = []
    for index, name in visible:
        sheet = book.sheet_by_index(index)
        hidden = {c for c, info in sheet.colinfo_map.items() if info.hidden and c < 60}
        label = f"工作表“{name}”" if len(visible) > 1 else ""
        grids.append(Grid(name, _xls_rows(book, sheet, label, budget), hidden))
    return grids


def _xls_rows(book, sheet, label, budget) -> Iterator[Row]:
    import xlrd

    refs = [
        f"{_letter(clo)}{rlo + 1}:{_letter(chi - 1)}{rhi}"
        for rlo, rhi, clo, chi in sheet.merged_cells
        if chi > clo
    ]
    hidden_rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden}

    def values(row):
        for cell in sheet.row(row):
            if cell.ctype == xlrd.XL_CELL_DATE:
                yield xlrd.xldate_as_datetime(cell.value, book.datemode)
            else:
                yield cell.value

    rows = ((row + 1, list(values(row))) for row in range(sheet.nrows))
    yield from filled(rows, fill_plan(refs), label, budget, hidden_rows, across(refs))


def _letter(index: int) -> str:
    return get_column_letter(index + 1)
