"""The report as a workbook (openpyxl): the summary and one sheet per table."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lists.cells import safe_cell
from oversight.report.data import Report
from oversight.report.text import (
    adjustment_rows,
    agency_rows,
    application_rows,
    attention_lines,
    document_number,
    never_applied_rows,
    summary_paragraphs,
    title,
)


def _sheet(book, name: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(name)
    sheet.append([safe_cell(value) for value in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])  # names typed by people
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 30 if index == 1 else 14
    sheet.freeze_panes = "B2"


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "报告"
    lines = [
        title(report),
        document_number(report),
        *summary_paragraphs(report),
        "需要关注的事项：",
    ]
    for text in [*lines, *attention_lines(report)]:
        summary.append([safe_cell(text)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.column_dimensions["A"].width = 120
    for row in summary.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    _sheet(book, "各单位情况", *agency_rows(report))
    header, rows, _ = adjustment_rows(report)
    _sheet(book, "动态调整任务", header, rows)
    header, rows, _ = application_rows(report)
    _sheet(book, "适用情况", header, rows)
    _sheet(book, "两年未适用事项", *never_applied_rows(report))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
