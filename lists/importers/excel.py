"""Excel 97-2003 workbooks (BIFF .xls, and WPS 表格 .et in the same format), read by xlrd.

Hidden sheets are left out; hidden rows and columns are read but marked, so that the preview
can leave them out and say so. (.xlsx: lists.importers.xlsx.)
"""

from collections.abc import Iterator

from openpyxl.utils import get_column_letter

from lists.importers.grid import Grid, Row, across, fill_plan, filled
from lists.importers.results import CORRUPT, ENCRYPTED, ImportFailed


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
