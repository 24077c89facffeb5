"""Every format agencies really hold, built from real rows: PDF, Word 97 .doc, web-page and
Excel 2003 XML ".xls"; and for each file that cannot be read, its own true message."""

import io
import shutil
import zipfile

import docx
import pdfplumber
import pytest

from lists.importers import ImportFailed, read_table
from lists.importers import results as msg
from tests.import_files import (
    DATA,
    docx_bytes,
    html_xls_bytes,
    printed_document,
    real_rows,
    soffice_convert,
    spreadsheetml_bytes,
    xlsx_bytes,
)

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui",
)
CONTENT = ("category", "matter", "legal_basis", "condition")


def values(preview, fields=CONTENT):
    return [[row.values.get(field, "") for field in fields] for row in preview.rows]


def test_a_real_pdf_reads_like_its_transcription():
    """Header on every page, category merged down and across pages, a row broken by a page
    end, hard-wrapped cells, page numbers and a trailing 备注 row."""
    header, *rows = real_rows("guangdong_sthj_buyu_chufa_2021.csv")
    preview = read_table((DATA / "guangdong_sthj_buyu_chufa_mulu_2021.pdf").read_bytes())
    assert preview.is_valid
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    got = values(preview)
    assert len(got) == 20
    expected = [row[1:] for row in rows]
    # Row 17's basis ends its line at a colon before an enumeration: the break is kept.
    assert [row for i, row in enumerate(got) if i != 16] == [
        row for i, row in enumerate(expected) if i != 16
    ]
    assert got[16][3] == expected[16][3] and got[16][2].replace("\n", "") == expected[16][2]
    skipped = [text for _place, text in preview.lists[0].skipped]
    assert skipped[0] == "附件 2"
    assert preview.lists[0].title == "广东省生态环境不予行政处罚的轻微违法行为目录"
    assert not any(text.strip().isdigit() for text in skipped)  # page numbers are dropped


def _jiangmen_document(ruled: bool) -> tuple[list, bytes]:
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    blocks = [
        "江门市生态环境局不予处罚事项清单",
        {"rows": [header, *rows]},
        "说明：本清单动态调整。",
    ]
    return rows, docx_bytes(blocks, ruled=ruled)


@needs_soffice
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_pdf_printed_from_word_keeps_every_row(ruled, tmp_path):
    rows, document = _jiangmen_document(ruled)
    preview = read_table(soffice_convert(document, "docx", "pdf", tmp_path))
    assert preview.is_valid, [error.text for error in preview.all_errors]
    assert [row.values["matter"] for row in preview.rows] == [row[2] for row in rows]
    conditions = [row.values["condition"] for row in preview.rows]
    assert conditions == [row[4] for row in rows]  # numbered lines kept, wraps joined


def squashed(text: str) -> str:
    """What a PDF keeps of a cell: its characters; line breaks and spaces at wraps are lost."""
    return "".join(text.split())


@needs_soffice
@pytest.mark.parametrize(
    ("borders", "centred", "columns"),
    [
        ("grid", False, slice(None)),
        ("none", True, slice(None)),
        ("three-line", False, slice(None)),
        ("none", False, slice(1, None)),  # no 序号 column: rows start at the 类别 column
    ],
    ids=["ruled", "unruled-centred-header", "three-line", "unruled-without-number"],
)
def test_a_forty_row_list_printed_over_many_pages_keeps_every_row(
    borders, centred, columns, tmp_path
):
    """Header repeated on each page, rows broken by page ends, page numbers in the footer."""
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022.csv")
    table = [row[columns] for row in [header, *rows]]
    document = printed_document(
        "江门市生态环境局不予处罚事项清单", table, borders=borders, centred=centred
    )
    pdf = soffice_convert(document, "docx", "pdf", tmp_path)
    with pdfplumber.open(io.BytesIO(pdf)) as printed:
        assert len(printed.pages) >= 10  # long cells: rows run over page ends
    preview = read_table(pdf)
    assert preview.is_valid, [error.text for error in preview.all_errors[:5]]
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    got = [[squashed(value) for value in row] for row in values(preview)]
    assert got == [[squashed(value) for value in row[1:]] for row in rows]
    skipped = [text for _place, text in preview.lists[0].skipped]
    assert skipped[-1].startswith("说明：") and not any(text.startswith("第") for text in skipped)


@needs_soffice
def test_a_word_2003_xml_doc_from_an_oa_system_is_read_through_libreoffice(tmp_path):
    rows, document = _jiangmen_document(ruled=True)
    xml = soffice_convert(document, "docx", "xml", tmp_path)
    assert b"office/word/2003/wordml" in xml[:2000]
    preview = read_table(xml)
    assert preview.is_valid
    assert values(preview) == [row[1:] for row in rows]


@needs_soffice
def test_a_flat_opendocument_spreadsheet_is_read_through_libreoffice(tmp_path):
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    data = xlsx_bytes({"不予处罚": [["江门市生态环境局不予处罚事项清单"], header, *rows]})
    flat = soffice_convert(data, "xlsx", "fods", tmp_path)
    assert b"urn:oasis:names:tc:opendocument:xmlns:office" in flat[:4000]
    preview = read_table(flat)
    assert preview.is_valid
    assert values(preview) == [row[1:] for row in rows]


@needs_soffice
def test_a_pdf_list_of_matters_only_suggests_the_condition_its_announcement_states(tmp_path):
    """序号 | 事项, and above the table a sentence the PDF breaks over two lines."""
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    announcement = (
        "对于首次发生下列清单中所列事项且危害后果轻微，在安全生产监督管理部门发现前主动改正"
        "或者在责令限期改正的期限内改正的，不予行政处罚。"
    )
    table = {"rows": [["序号", "事项"], *[row[:2] for row in rows]]}
    document = docx_bytes(["威海市应急管理局不予处罚事项清单", announcement, table], ruled=True)
    preview = read_table(soffice_convert(document, "docx", "pdf", tmp_path))
    assert preview.is_valid and preview.warnings == [msg.NO_CONDITION_COLUMN]
    assert [row.values["matter"] for row in preview.rows] == [row[1] for row in rows]
    assert preview.suggested_condition == announcement


@needs_soffice
def test_a_word_97_doc_is_read_through_libreoffice(tmp_path):
    rows, document = _jiangmen_document(ruled=True)
    preview = read_table(soffice_convert(document, "docx", "doc", tmp_path))
    assert preview.is_valid
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert values(preview) == [row[1:] for row in rows]
    assert [text for _p, text in preview.lists[0].skipped][-1] == "说明：本清单动态调整。"


def test_a_doc_where_libreoffice_is_missing_says_so(settings, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    settings.IMPORT_SOFFICE = None
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 512
    with pytest.raises(ImportFailed) as raised:
        read_table(ole)
    assert raised.value.message == msg.NO_CONVERTER.format(
        kind="旧版 Word（.doc）或 WPS 文字（.wps）文件"
    )


def _wrapped_list(wrap: str) -> bytes:
    """The list's table inside a content control (a template), or inside a 1×1 layout table."""
    import copy

    from docx.oxml import OxmlElement

    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    source = docx.Document(io.BytesIO(docx_bytes([{"rows": [header, *rows]}], ruled=True)))
    table = source.tables[0]._tbl
    document = docx.Document()
    document.add_paragraph("江门市生态环境局不予处罚事项清单")
    body = document.element.body
    if wrap == "content-control":
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        content.append(copy.deepcopy(table))
        sdt.append(content)
        body.insert(1, sdt)
    else:
        frame = document.add_table(rows=1, cols=1)
        cell = frame.cell(0, 0)
        cell.paragraphs[0].text = "附件1"
        cell._tc.append(copy.deepcopy(table))
        cell._tc.append(OxmlElement("w:p"))  # a cell ends with a paragraph
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("wrap", ["content-control", "layout-table"])
def test_a_word_table_inside_a_content_control_or_a_layout_table_is_read(wrap):
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    preview = read_table(_wrapped_list(wrap))
    assert preview.is_valid, [error.text for error in preview.all_errors]
    assert values(preview) == [row[1:] for row in rows]


def test_an_html_xls_in_gb2312_with_line_breaks_in_cells():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    data = html_xls_bytes("江门市生态环境局不予处罚事项清单", [header, *rows], encoding="gb18030")
    preview = read_table(data)
    assert preview.is_valid
    assert [parsed.list_type for parsed in preview.lists] == ["no-penalty"]
    assert values(preview) == [row[1:] for row in rows]
    assert all("\n" in row[4] for row in rows)  # the <br> inside a cell is a line break


def test_an_html_table_with_rowspan_fills_the_category_down():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    body = "".join(
        "<tr><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td></tr>".format(
            row[0], f"<td rowspan={len(rows)}>{row[1]}</td>" if i == 0 else "", *row[2:]
        )
        for i, row in enumerate(rows)
    )
    page = "<html><body><p>不予处罚事项清单</p><table><tr>{}</tr>{}</table></body></html>".format(
        "".join(f"<th>{h}</th>" for h in header), body
    )
    preview = read_table(page.encode())
    assert [row.values["category"] for row in preview.rows] == [rows[0][1]] * len(rows)
    assert [row.values["matter"] for row in preview.rows] == [row[2] for row in rows]


def test_an_oa_export_with_a_long_style_block_thead_and_paragraphs_in_cells():
    """No <html> root, 8 KB of <style> before the table, GBK, <th> in a <thead>, <p> lines."""
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")

    def cell(value: str) -> str:
        return "".join(f"<p>{line}</p>" for line in value.split("\n"))

    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    head = "".join(f"<th>{h}</th>" for h in header)
    page = (
        "<style>" + "td{mso-number-format:'\\@';border:.5pt solid windowtext;}\n" * 200 + "</style>"
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
        "<div align=center><b>江门市生态环境局不予处罚事项清单</b></div>"
        f"<table border=1><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    assert page.index("<table") > 8192
    preview = read_table(page.encode("gbk"))
    assert preview.is_valid
    assert values(preview) == [row[1:] for row in rows]


def test_an_excel_web_page_hides_the_columns_its_col_tags_hide():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    table = [[*header[:2], "条件类型", *header[2:]]] + [[*r[:2], "A", *r[2:]] for r in rows]
    data = html_xls_bytes("江门市生态环境局不予处罚事项清单", table, encoding="gb18030")
    cols = b"<col width=50><col width=80 span=2 style='display:none'><col width=200 span=3>"
    data = data.replace(b"cellspacing=0>", b"cellspacing=0>" + cols, 1)
    preview = read_table(data)
    assert preview.warnings == [msg.HIDDEN_COLUMNS.format(names="类别、条件类型")]
    assert [row.values.get("category", "") for row in preview.rows] == [""] * len(rows)
    assert [row.values["matter"] for row in preview.rows] == [row[2] for row in rows]


def test_a_spreadsheetml_xls_with_merge_down_and_merge_across():
    header, *rows = real_rows("jiangmen_sthj_buyu_chufa_2022_excerpt.csv")
    sheet = [[("江门市生态环境局不予处罚事项清单", {"MergeAcross": 4})], header]
    for i, row in enumerate(rows):
        category = (row[1], {"MergeDown": len(rows) - 1}) if i == 0 else None
        sheet.append([row[0], category, *row[2:]])
    preview = read_table(spreadsheetml_bytes({"不予处罚": sheet}))
    assert preview.is_valid
    assert values(preview) == [[rows[0][1], *row[2:]] for row in rows]


# --- each unreadable file names its own cause ---------------------------------------------


def _scanned_pdf(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PDF")
    return buffer.getvalue()


def _password_pdf(tmp_path):
    """A PDF that asks for a password to open, as LibreOffice exports one."""
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    source = tmp_path / "list.docx"
    source.write_bytes(docx_bytes(["不予处罚事项清单", {"rows": [["序号", "事项"], ["1", "x"]]}]))
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"123"}}'
    )
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    command = ["soffice", "--headless", profile, "--convert-to", options, "--outdir", str(tmp_path)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=120)
    return (tmp_path / "list.pdf").read_bytes()


def _zip_of(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "x")
    return buffer.getvalue()


def _rows_xlsx():
    header, *rows = real_rows("weihai_yjj_buyu_chufa_2025.csv")
    return xlsx_bytes({"不予处罚": [header, *rows]})


MESSAGES = {
    "scanned-pdf": (_scanned_pdf, msg.SCANNED_PDF),
    "broken-pdf": (lambda tmp: b"%PDF-1.4\n" + b"\0" * 64, msg.PDF_CORRUPT),
    "password-pdf": (_password_pdf, msg.ENCRYPTED),
    "jpeg": (lambda tmp: b"\xff\xd8\xff\xe0" + b"\0" * 64, msg.IMAGE.format(kind="JPEG")),
    "rar": (lambda tmp: b"Rar!\x1a\x07\x00" + b"\0" * 64, msg.ARCHIVE.format(kind="RAR")),
    "plain-zip": (lambda tmp: _zip_of("清单.xlsx"), msg.ARCHIVE.format(kind="zip")),
    "xlsb": (lambda tmp: _zip_of("xl/workbook.bin"), msg.XLSB),
    "ofd": (lambda tmp: _zip_of("OFD.xml"), msg.OFD),
    "pptx": (
        lambda tmp: _zip_of("ppt/presentation.xml"),
        msg.OTHER_OFFICE.format(kind="PowerPoint 演示文稿"),
    ),
    "html-without-table": (
        lambda tmp: "<html><body><p>不予处罚事项清单</p></body></html>".encode(),
        msg.NO_HTML_TABLE,
    ),
    "docx-without-table": (
        lambda tmp: docx_bytes(["不予处罚事项清单", "一、……"]),
        msg.NO_WORD_TABLE,
    ),
    "broken-spreadsheetml": (
        lambda tmp: spreadsheetml_bytes({"a": [["序号"]]})[:-40],
        msg.CORRUPT,
    ),
    "empty-sheets": (lambda tmp: xlsx_bytes({"Sheet1": [], "Sheet2": []}), msg.EMPTY_SHEETS),
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_each_unreadable_format_gets_its_own_true_message(case, tmp_path):
    build, message = MESSAGES[case]
    with pytest.raises(ImportFailed) as raised:
        read_table(build(tmp_path))
    assert raised.value.message == message
    assert msg.NO_HEADER not in raised.value.message
