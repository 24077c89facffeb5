"""Opening an uploaded file safely and turning it into grids of text rows.

The format is sniffed from the content, never taken from the name: a ".xls" may be BIFF, an
HTML page, Excel 2003 XML or a CSV; a ".doc" may be Word 97 or RTF. A grid is a sheet, a whole
Word document (paragraphs and tables in order), a PDF or a CSV file; its rows are read under
one `Budget` (rows, cells, time) and kept, so the file is parsed once per upload.
"""

import csv
import io
import zipfile
from collections import Counter

from lists.importers import legacy
from lists.importers.excel import biff_grids
from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text
from lists.importers.limits import Budget, limit
from lists.importers.pdf import pdf_grids
from lists.importers.results import (
    ARCHIVE,
    CORRUPT,
    EMPTY_FILE,
    EMPTY_SHEETS,
    ENCRYPTED,
    IMAGE,
    NOT_A_TABLE,
    OFD,
    OTHER_OFFICE,
    XLSB,
    ImportFailed,
    Place,
    too_large,
    zip_bomb,
)
from lists.importers.webpage import html_grids, looks_like_html, looks_like_mht, mht_grids
from lists.importers.word import docx_grid
from lists.importers.xlsx import xlsx_grids
from lists.importers.xml2003 import looks_like_spreadsheetml, spreadsheetml_grids

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {b"\x89PNG": "PNG", b"GIF8": "GIF", b"\xff\xd8\xff": "JPEG", b"II*\x00": "TIFF"}
_IMAGES.update({b"MM\x00*": "TIFF", b"BM": "BMP"})
_ARCHIVES = {b"Rar!": "RAR", b"7z\xbc\xaf": "7z", b"\x1f\x8b": "gzip"}
_OLE_OTHERS = {"PowerPoint Document": "PowerPoint 演示文稿", "__substg1.0_": "Outlook 邮件"}
_WORDML = b"schemas.microsoft.com/office/word/2003/wordml"
_FLAT_ODF = b"urn:oasis:names:tc:opendocument:xmlns:office"


def open_grids(data: bytes) -> list[Grid]:
    """The grids of a file, whatever its name says, with every row read; ImportFailed else."""
    budget_limit = limit("IMPORT_MAX_BYTES")
    if not data:
        raise ImportFailed(EMPTY_FILE)
    if len(data) > budget_limit:
        raise ImportFailed(too_large(len(data), budget_limit))
    budget = Budget()
    grids = [_materialised(grid) for grid in _grids(data, budget)]
    if not any(grid.rows for grid in grids):
        raise ImportFailed(EMPTY_SHEETS if len(grids) > 1 else EMPTY_FILE)
    return grids


def _materialised(grid: Grid) -> Grid:
    grid.rows = list(grid.rows)
    return grid


def _grids(data: bytes, budget: Budget) -> list[Grid]:
    head = data[:8192]
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_grids(data, budget)
    if data.startswith(_OLE_MAGIC):
        return _ole_grids(data, budget)
    if data.lstrip().startswith(b"%PDF"):
        return pdf_grids(data, budget)
    if data.startswith(b"{\\rtf"):
        return [docx_grid(legacy.convert(data, legacy.RTF, budget), budget)]
    for magic, kind in _IMAGES.items():
        if data.startswith(magic):
            raise ImportFailed(IMAGE.format(kind=kind))
    for magic, kind in _ARCHIVES.items():
        if data.startswith(magic):
            raise ImportFailed(ARCHIVE.format(kind=kind))
    if looks_like_mht(head):
        return mht_grids(data, budget)
    if _WORDML in head:  # what OA systems generate from a template and name ".doc"
        return [docx_grid(legacy.convert(data, legacy.WORDML, budget), budget)]
    if _FLAT_ODF in head:  # OpenDocument as one XML file (LibreOffice's .fods/.fodt)
        if b"<office:spreadsheet" in data:
            converted = legacy.convert(data, legacy.FODS, budget)
            return xlsx_grids(converted, safe_zip(converted), budget)
        return [docx_grid(legacy.convert(data, legacy.FODT, budget), budget)]
    if looks_like_spreadsheetml(head):
        return spreadsheetml_grids(data, budget)
    if looks_like_html(data):
        return html_grids(data, budget)
    return [_csv_grid(data, budget)]


def _zip_grids(data: bytes, budget: Budget) -> list[Grid]:
    archive = safe_zip(data)
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return xlsx_grids(data, archive, budget)
    if "word/document.xml" in names:
        # python-docx holds the whole XML tree (several times its size): a tighter cap.
        size = archive.getinfo("word/document.xml").file_size
        if size > limit("IMPORT_MAX_UNCOMPRESSED_BYTES") // 4:
            raise ImportFailed(zip_bomb(size))
        return [docx_grid(data, budget)]
    mimetype = archive.read("mimetype") if "mimetype" in names else b""
    if mimetype.endswith(b"opendocument.text"):
        return [docx_grid(legacy.convert(data, legacy.ODT, budget), budget)]
    if mimetype.endswith(b"opendocument.spreadsheet"):
        converted = legacy.convert(data, legacy.ODS, budget)
        return xlsx_grids(converted, safe_zip(converted), budget)
    if "ppt/presentation.xml" in names:
        raise ImportFailed(OTHER_OFFICE.format(kind="PowerPoint 演示文稿"))
    if "xl/workbook.bin" in names:
        raise ImportFailed(XLSB)
    if "OFD.xml" in names:
        raise ImportFailed(OFD)
    raise ImportFailed(ARCHIVE.format(kind="zip"))


def _ole_grids(data: bytes, budget: Budget) -> list[Grid]:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFailed(ENCRYPTED)
    if "WordDocument".encode("utf-16-le") in data:  # Word 97-2003 and WPS 文字 alike
        return [docx_grid(legacy.convert(data, legacy.WORD, budget), budget)]
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return biff_grids(data, budget)
    for stream, kind in _OLE_OTHERS.items():
        if stream.encode("utf-16-le") in data:
            raise ImportFailed(OTHER_OFFICE.format(kind=kind))
    return biff_grids(data, budget)


def safe_zip(data: bytes) -> zipfile.ZipFile:
    """Check declared sizes before any XML is parsed: a zip bomb never reaches openpyxl/docx.

    Python's zipfile stops each member at its declared size, so the check holds while reading.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFailed(CORRUPT) from error
    total = sum(info.file_size for info in infos)
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportFailed(ENCRYPTED)
    ratios = (info.file_size / max(info.compress_size, 1) for info in infos)
    if (
        total > limit("IMPORT_MAX_UNCOMPRESSED_BYTES")
        or len(infos) > 10_000
        or (total > 10 * 2**20 and max(ratios) > 1000)
    ):
        raise ImportFailed(zip_bomb(total))
    return archive


# --- csv ---


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 or GB18030 and kin, detected rather than asked."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is None:
        raise ImportFailed(NOT_A_TABLE)
    encoding = best.encoding
    if encoding in ("gb2312", "gbk", "hz", "cp936"):
        encoding = "gb18030"
    return data.decode(encoding, errors="replace")


def _csv_grid(data: bytes, budget: Budget) -> Grid:
    text = decode(data)
    if "\x00" in text:
        raise ImportFailed(NOT_A_TABLE)
    return Grid("", _csv_rows(text, budget))


def _delimiter(head: str) -> str:
    """Comma or tab (Excel's "Unicode text"): the one that splits a row into cells first (the
    header, or the first row below a title), then the one that splits the first rows, read as
    CSV, into the same number of cells most often; a tab or comma inside a cell does not decide
    it, even inside a quoted multi-line cell."""

    def score(delimiter: str) -> tuple[int, int]:
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            return (-len(head), 0)
        rows = rows[: -1 if len(head) >= 8192 else None][:8]  # not a row the cut ends
        first = next((i for i, row in enumerate(rows) if len(row) > 1), len(rows))
        same = max(Counter(len(row) for row in rows if len(row) > 1).values(), default=0)
        return (-first, same)

    return "\t" if score("\t") > score(",") else ","  # a tie is a CSV


def _csv_rows(text: str, budget: Budget) -> list[Row]:
    if text.count("\n") > 10 * budget.max_rows:  # far past the cap even with multi-line cells
        budget.row(0, count=budget.max_rows + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:8192]))
    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
            budget.row(sum(1 for cell in cells if cell))
            if any(cells):
                rows.append(Row(cells, Place(row=number)))
    except csv.Error as error:
        raise ImportFailed(CORRUPT) from error
    return rows
