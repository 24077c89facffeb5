"""The report as a Word document (python-docx), in the layout of a government report (公文):
文号 line, centred title, 主送 line, numbered sections (一、二、…) with tables, signature and date.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lists.cells import xml_safe
from oversight.report.data import Report
from oversight.report.text import (
    adjustment_rows,
    agency_rows,
    application_rows,
    attention_lines,
    document_number,
    summary_paragraphs,
    title,
)

BODY_FONT, TITLE_FONT, HEADING_FONT = "仿宋", "方正小标宋简体", "黑体"


def _run(paragraph, text: str):
    # Agency names and item text end up here: XML cannot hold every character a database can.
    return paragraph.add_run(xml_safe(str(text)))


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    document, text: str, *, font=BODY_FONT, size=16, bold=False, align=None, indent=True
):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)
    _font(_run(paragraph, text), font, size, bold)
    return paragraph


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(_run(cell.paragraphs[0], text), HEADING_FONT, 10.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            _font(_run(cell.paragraphs[0], value), BODY_FONT, 10.5)
    # The agency's name gets room; the figures share the rest of the 15.6 cm text width.
    first, rest = Cm(3.6), Cm(12.0 / max(len(header) - 1, 1))
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = first if index == 0 else rest


def render_docx(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _paragraph(document, document_number(report), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(
        document,
        title(report),
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(document, "各有关单位：", indent=False)
    for text in summary_paragraphs(report):
        _paragraph(document, text)
    _paragraph(document, "一、各单位清单公布和审查情况", font=HEADING_FONT)
    header, rows = agency_rows(report)
    _table(document, header, rows)
    _paragraph(document, "二、动态调整情况", font=HEADING_FONT)
    header, rows, lines = adjustment_rows(report)
    for text in lines:
        _paragraph(document, text)
    if rows:
        _table(document, header, rows)
    _paragraph(document, "三、清单适用情况", font=HEADING_FONT)
    header, rows, lines = application_rows(report)
    for text in lines:
        _paragraph(document, text)
    if rows:
        _table(document, header, rows)
    _paragraph(document, "四、需要关注的事项", font=HEADING_FONT)
    for text in attention_lines(report):
        _paragraph(document, text)
    _paragraph(document, "")
    _paragraph(document, report.bureau.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(
        document, f"{report.made_on:%Y年%-m月%-d日}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
