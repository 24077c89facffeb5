"""The official .xlsx of a version, written in openpyxl's streaming (`write_only`) mode.

The whole table never sits in memory: rows come from the database in chunks and go to the
sheet as they arrive, with the title, the 单位 line and who vouches for it (文号, dates, the
legality review) merged across the table, bold headers,
section rows, thin borders, A4 landscape and the header repeated on every printed page.

Styling every cell the ordinary way (one `WriteOnlyCell` per value, `.border = …`) costs as
much again as writing the values; instead each sheet reuses one styled cell per style (its
style's index looked up once) and only changes its value and position, which is what openpyxl itself does for unstyled rows
(`WriteOnlyWorksheet._values_to_row`): the writer serialises each cell before asking for the
next, so one object per style is enough.
"""

from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from lists.cells import safe_cell, xml_safe
from lists.models import ListVersion

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
STYLES = {
    "title": {
        "font": Font(size=16, bold=True),
        "alignment": Alignment(horizontal="center", vertical="center"),
    },
    "unit": {},
    "provenance": {"alignment": Alignment(wrap_text=True, vertical="center")},
    "header": {
        "font": Font(bold=True),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": BORDER,
    },
    "section": {"font": Font(bold=True), "border": BORDER},
    "body": {"alignment": Alignment(wrap_text=True, vertical="top"), "border": BORDER},
}


class StyledCell(Cell):
    """A cell whose style never changes once set: its index in the workbook's style table is
    looked up once (`style_id` hashes the style on every call, once per cell written)."""

    __slots__ = ("_fixed_style_id",)

    def fix_style(self) -> None:
        self._fixed_style_id = Cell.style_id.fget(self)

    @property
    def style_id(self):
        return self._fixed_style_id


class StyledRows:
    """Rows appended to a write-only sheet in one of STYLES, one reused cell per style."""

    def __init__(self, sheet):
        self.cells = {}
        for name, attributes in STYLES.items():
            cell = StyledCell(worksheet=sheet, column=1, row=1)
            for attribute, value in attributes.items():
                setattr(cell, attribute, value)
            cell.fix_style()
            self.cells[name] = cell
        self.sheet = sheet
        self.style = "body"
        self.rows = 0
        sheet._values_to_row = self._values_to_row  # see the module docstring

    def _values_to_row(self, values, row_idx):
        cell = self.cells[self.style]
        for col_idx, value in enumerate(values, 1):
            cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    def append(self, values: list, style: str = "body") -> int:
        self.style = style
        self.sheet.append(values)
        self.rows += 1
        return self.rows


def write_xlsx(version: ListVersion, target: BinaryIO) -> None:
    """Write the official table of `version` to the binary file `target`."""
    from lists.exporters import (
        HEADER_ROW,
        provenance,
        sheet_title,
        table_rows,
        title_of,
        version_columns,
        version_rows,
    )

    columns = version_columns(version)
    width = len(columns)
    last = get_column_letter(width)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(version.list.list_type.short_name))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1] = RowDimension(sheet, index=1, ht=32, customHeight=True)
    sheet.row_dimensions[3] = RowDimension(sheet, index=3, ht=30, customHeight=True)
    _page_setup(sheet, HEADER_ROW)
    rows = StyledRows(sheet)

    def merged_line(text: str, style: str) -> None:
        line = rows.append([safe_cell(text)] + [None] * (width - 1), style)
        sheet.merged_cells.add(CellRange(f"A{line}:{last}{line}"))

    title = title_of(version)
    merged_line(title, "title")
    merged_line(f"单位：{version.list.agency.name}", "unit")
    merged_line(provenance(version), "provenance")  # who vouches for the file
    rows.append([safe_cell(column.label) for column in columns], "header")
    _write_body(rows, columns, table_rows(version_rows(version)), merged_line)
    workbook.properties.title = xml_safe(title)
    workbook.save(target)


def _write_body(rows: StyledRows, columns, table: Iterable, merged_line) -> None:
    texts = columns[1:]
    for kind, row in table:
        if kind == "section":
            merged_line(row.title, "section")
        else:
            rows.append([row.seq] + [safe_cell(column.text(row)) or None for column in texts])


def _page_setup(sheet, header_row: int) -> None:
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
