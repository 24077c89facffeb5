"""Building real files (xlsx, docx, csv) from the real rows in tests/data, as sources laid them out."""

import csv
import io
import zipfile
from pathlib import Path

import docx
import openpyxl

DATA = Path(__file__).parent / "data"


def real_rows(name: str) -> list[list[str]]:
    """Header + rows of a real list, exactly as copied."""
    with open(DATA / name, encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (merges or {}).get(name, []):
            sheet.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def blank_below(rows: list[list], column: int, first: int, last: int) -> list[list]:
    """What a merged range leaves in the file: the value in the top cell only (0-based rows)."""
    rows = [list(row) for row in rows]
    for index in range(first + 1, last + 1):
        rows[index][column] = None
    return rows


def csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def docx_bytes(blocks: list, *, ruled: bool = False) -> bytes:
    """Paragraphs (str) and tables ({"rows": [...], "span": {row: True}, "vmerge": {(r, c): n}})."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        rows = block["rows"]
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        if ruled:
            table.style = "Table Grid"
        for r, row in enumerate(rows):
            if r in block.get("span", ()):  # a section row merged across the table
                cell = table.cell(r, 0).merge(table.cell(r, width - 1))
                cell.text = row[0]
                continue
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for (r, c), last in block.get("vmerge", {}).items():
            top = table.cell(r, c)
            text = top.text
            merged = top.merge(table.cell(last, c))
            merged.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def printed_document(title: str, rows: list[list[str]], *, borders: str, centred=False) -> bytes:
    """A list as agencies type it in Word before printing it to PDF.

    `borders`: "grid" (every rule), "none" or "three-line" (top and bottom rules only). The
    header row repeats on every page, the footer numbers the pages ("第 N 页"), cell paragraphs
    stay paragraphs, and a note follows the table.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag, **attrs):
        node = OxmlElement(tag)
        for name, value in attrs.items():
            node.set(qn(f"w:{name}"), value)
        return node

    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("第 ")
    field = footer.add_run()._r
    field.append(element("w:fldChar", fldCharType="begin"))
    field.append(element("w:instrText"))
    field[-1].text = "PAGE"
    field.append(element("w:fldChar", fldCharType="end"))
    footer.add_run(" 页")
    document.add_paragraph("附件1")
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    rules = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        shown = borders == "grid" or (borders == "three-line" and edge in ("top", "bottom"))
        rules.append(element(f"w:{edge}", val="single" if shown else "nil", sz="8"))
    table._tbl.tblPr.append(rules)
    table.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader", val="true"))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            first, *more = value.split("\n")
            cell.text = first
            for line in more:
                cell.add_paragraph(line)
            if centred and (r == 0 or c == 0):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("说明：本清单根据法律法规规章的立改废情况动态调整。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_entry_flags(data: bytes) -> bytes:
    """Set the "encrypted" bit on every entry of a zip, as a password-protected zip has."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)


def html_xls_bytes(
    title: str, rows: list[list[str]], *, hidden_columns=(), encoding="utf-8"
) -> bytes:
    """What Excel's "另存为网页" (and many OA systems) write into a file named .xls."""
    from html import escape

    def cell(index, value, tag="td"):
        style = " style='display:none'" if index in hidden_columns else ""
        text = "<br style='mso-data-placement:same-cell'>".join(map(escape, value.split("\n")))
        return f"<{tag} class=xl65{style}>{text}</{tag}>"

    body = "\n".join(
        "<tr height=19>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    charset = "gb2312" if encoding == "gb18030" else encoding
    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office' "
        "xmlns:x='urn:schemas-microsoft-com:office:excel'>\n"
        f"<head><meta http-equiv=Content-Type content='text/html; charset={charset}'>"
        "<style>td {mso-number-format:\\@;}</style></head><body>\n"
        f"<table border=0 cellpadding=0 cellspacing=0>\n<tr><td colspan={len(rows[0])}>"
        f"{escape(title)}</td></tr>\n{body}\n</table></body></html>"
    )
    return page.encode(encoding)


def spreadsheetml_bytes(sheets: dict[str, list], *, hidden_columns=()) -> bytes:
    """Excel 2003 XML. A row is a list of cells: a str, or (str, {"MergeDown": n, ...})."""
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
    ]
    for name, rows in sheets.items():
        parts.append(f'<Worksheet ss:Name="{escape(name)}"><Table>')
        width = max(len(row) for row in rows)
        hidden = ' ss:Hidden="1"'
        parts.extend(
            f'<Column ss:Index="{i + 1}"{hidden if i in hidden_columns else ""}/>'
            for i in range(width)
        )
        for row in rows:
            parts.append("<Row>")
            column = 0
            for value in row:
                column += 1
                if value is None:
                    continue
                text, attrs = value if isinstance(value, tuple) else (value, {})
                extra = "".join(f' ss:{k}="{v}"' for k, v in attrs.items())
                data = escape(text).replace("\n", "&#10;")
                parts.append(
                    f'<Cell ss:Index="{column}"{extra}><Data ss:Type="String">{data}</Data></Cell>'
                )
            parts.append("</Row>")
        parts.append("</Table></Worksheet>")
    parts.append("</Workbook>")
    return "".join(parts).encode("utf-8")


def soffice_convert(data: bytes, source: str, target: str, tmp_path) -> bytes:
    """A .docx converted by LibreOffice (to .doc, .pdf or Word 2003 .xml), as agencies' files were made.

    LibreOffice 7.4 drops python-docx's tables going straight from .docx to .doc; through
    .odt they arrive.
    """
    import shutil
    import subprocess

    if source == "docx" and target == "doc":
        data, source = soffice_convert(data, "docx", "odt", tmp_path), "odt"
    program = shutil.which("soffice")
    folder = tmp_path / f"convert-{source}-{target}"
    folder.mkdir()
    (folder / f"in.{source}").write_bytes(data)
    subprocess.run(
        [
            program,
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            {"xml": "xml:MS Word 2003 XML"}.get(target, target),
            "--outdir",
            str(folder),
            str(folder / f"in.{source}"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (folder / f"in.{target}").read_bytes()


def huge_sheet_xlsx(uncompressed: int) -> bytes:
    """A small .xlsx whose sheet really inflates to `uncompressed` bytes of tiny rows.

    Built in a blink: one deflate block of rows, ended with a full flush (byte-aligned, no
    back-references), repeated; the zip headers are written by hand.
    """
    import struct
    import zlib

    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH)
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head, tail = head + b"<sheetData>", b"</sheetData></worksheet>"
    count = max(1, (uncompressed - len(head) - len(tail)) // len(rows))
    parts = [(head, None), *[(rows, block)] * count, (tail, None)]
    crc, size, stream = 0, 0, []
    for raw, packed in parts:
        crc, size = zlib.crc32(raw, crc), size + len(raw)
        if packed is None:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = c.compress(raw) + c.flush(zlib.Z_FULL_FLUSH)
        stream.append(packed)
    stream.append(b"\x03\x00")  # an empty final block
    sheet = (b"xl/worksheets/sheet1.xml", b"".join(stream), crc, size)
    real = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"Sheet1": [["序号"]]})))
    small = [
        (name.encode(), zlib.compress(raw)[2:-4], zlib.crc32(raw), len(raw))
        for name in real.namelist()
        if name != "xl/worksheets/sheet1.xml"
        for raw in [real.read(name)]
    ]
    out, central = io.BytesIO(), []
    for name, data, crc32, length in [*small, sheet]:
        offset = out.tell()
        fields = (20, 0, 8, 0, 0, crc32, len(data), length, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + data)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIIIHHHHHII",
                20,
                20,
                0,
                8,
                0,
                0,
                crc32,
                len(data),
                length,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    out.write(b"".join(central))
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0
    )
    return out.getvalue() + end
