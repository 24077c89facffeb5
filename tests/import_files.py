"""Building real files (xlsx, docx, csv) from the real rows in tests/data, as sources laid them out."""

import csv
import io
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


def docx_bytes(blocks: list) -> bytes:
    """Paragraphs (str) and tables ({"rows": [...], "span": {row: True}, "vmerge": {(r, c): n}})."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        rows = block["rows"]
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
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


def zip_entry_flags(data: bytes) -> bytes:
    """Set the "encrypted" bit on every entry of a zip, as a password-protected zip has."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 4)
    return bytes(data)
