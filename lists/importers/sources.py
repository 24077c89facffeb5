"""Opening an uploaded file safely and turning it into grids of text rows.

A grid is a sheet (xlsx/xls), a whole Word document (its paragraphs and tables in order) or a
CSV file. Rows are yielded one at a time so that a large sheet is never held twice; vertically
merged cells are filled down on the way.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings

from lists.importers.excel import ole_grids, xlsx_grids
from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text
from lists.importers.results import (
    CORRUPT,
    EMPTY_FILE,
    ENCRYPTED,
    NOT_A_TABLE,
    ImportFailed,
    Place,
    too_large,
    zip_bomb,
)
from lists.importers.word import docx_grid

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")


def open_grids(data: bytes) -> list[Grid]:
    """The grids of a file, whatever its name says; ImportFailed for anything unreadable."""
    limit = settings.IMPORT_MAX_BYTES
    if not data:
        raise ImportFailed(EMPTY_FILE)
    if len(data) > limit:
        raise ImportFailed(too_large(len(data), limit))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        archive = safe_zip(data)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            return xlsx_grids(data, archive)
        if "word/document.xml" in names:
            return [docx_grid(data)]
        raise ImportFailed(NOT_A_TABLE)
    if data.startswith(_OLE_MAGIC):
        return ole_grids(data)
    if data.startswith(_OTHER_MAGIC):
        raise ImportFailed(NOT_A_TABLE)
    return [_csv_grid(data)]


def safe_zip(data: bytes) -> zipfile.ZipFile:
    """Check declared sizes before any XML is parsed: a zip bomb never reaches openpyxl/docx."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFailed(CORRUPT) from error
    limit = getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 20 * settings.IMPORT_MAX_BYTES)
    total = sum(info.file_size for info in infos)
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportFailed(ENCRYPTED)
    ratios = (info.file_size / max(info.compress_size, 1) for info in infos)
    if total > limit or len(infos) > 10_000 or (total > 10 * 2**20 and max(ratios) > 1000):
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


def _csv_grid(data: bytes) -> Grid:
    text = decode(data)
    if "\x00" in text:
        raise ImportFailed(NOT_A_TABLE)
    return Grid("", _csv_rows(text))


def _csv_rows(text: str) -> Iterator[Row]:
    head = text[:4096].splitlines()[:5]
    delimiter = (
        "\t"
        if sum(line.count("\t") for line in head) > sum(line.count(",") for line in head)
        else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
            if any(cells):
                yield Row(cells, Place(row=number))
    except csv.Error as error:
        raise ImportFailed(CORRUPT) from error
