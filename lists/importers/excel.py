"""Excel workbooks: .xlsx read streaming (openpyxl read_only) and legacy .xls (xlrd)."""

import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl.utils import get_column_letter

from lists.importers.grid import Grid, Row, fill_plan, filled
from lists.importers.results import CORRUPT, ENCRYPTED, OLD_WORD, ImportFailed

_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+\d+:[A-Z]+\d+)\"")


def _merged_ranges(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    # Read-only worksheets do not expose merged cells; scan the sheet XML for them in chunks.
    if not path:
        return []
    refs, tail = set(), b""
    with archive.open(path.lstrip("/")) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            refs.update(match.decode() for match in _MERGE_REF.findall(block))
            tail = block[-200:]
    return sorted(refs)


def xlsx_grids(data: bytes, archive: zipfile.ZipFile) -> list[Grid]:
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
        plan = fill_plan(_merged_ranges(archive, getattr(ws, "_worksheet_path", None)))
        label = f"工作表“{ws.title}”" if len(sheets) > 1 else ""
        grids.append(Grid(ws.title, _xlsx_rows(ws, plan, label)))
    return grids


def _xlsx_rows(ws, plan, label) -> Iterator[Row]:
    ws.reset_dimensions()  # saved dimensions are often wrong; read what is there
    yield from filled(enumerate(ws.iter_rows(values_only=True), start=1), plan, label)


def ole_grids(data: bytes) -> list[Grid]:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFailed(ENCRYPTED)
    if "WordDocument".encode("utf-16-le") in data:
        raise ImportFailed(OLD_WORD)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as error:
        raise ImportFailed(ENCRYPTED if "encrypt" in str(error).lower() else CORRUPT) from error
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    names = book.sheet_names()
    return [Grid(name, _xls_rows(book, index, names)) for index, name in enumerate(names)]


def _xls_rows(book, index, names) -> Iterator[Row]:
    import xlrd

    sheet = book.sheet_by_index(index)
    refs = [
        f"{_letter(clo)}{rlo + 1}:{_letter(chi - 1)}{rhi}"
        for rlo, rhi, clo, chi in sheet.merged_cells
        if chi > clo
    ]

    def values(row):
        for cell in sheet.row(row):
            if cell.ctype == xlrd.XL_CELL_DATE:
                yield xlrd.xldate_as_datetime(cell.value, book.datemode)
            else:
                yield cell.value

    rows = ((row + 1, list(values(row))) for row in range(sheet.nrows))
    label = f"工作表“{names[index]}”" if len(names) > 1 else ""
    yield from filled(rows, fill_plan(refs), label)


def _letter(index: int) -> str:
    return get_column_letter(index + 1)
