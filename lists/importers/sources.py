"""Opening an uploaded file safely and turning it into grids of text rows.

A grid is a sheet (xlsx/xls), a whole Word document (its paragraphs and tables in order) or a
CSV file. Rows are yielded one at a time so that a large sheet is never held twice; vertically
merged cells are filled down on the way.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings

from lists.importers.results import (
    CORRUPT,
    EMPTY_FILE,
    ENCRYPTED,
    NOT_A_TABLE,
    OLD_WORD,
    ImportFailed,
    Place,
    too_large,
    zip_bomb,
)

MAX_COLUMNS = 60
MAX_BLANK_RUN = 1000  # a sheet whose formatting runs on for a million empty rows ends here
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")


@dataclass
class Row:
    cells: list[str]
    place: Place


@dataclass
class Grid:
    name: str  # sheet name; "" for CSV and Word
    rows: Iterator[Row]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def open_grids(data: bytes) -> list[Grid]:
    """The grids of a file, whatever its name says; ImportFailed for anything unreadable."""
    limit = settings.IMPORT_MAX_BYTES
    if not data:
        raise ImportFailed(EMPTY_FILE)
    if len(data) > limit:
        raise ImportFailed(too_large(len(data), limit))
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        archive = _safe_zip(data)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            return _xlsx_grids(data, archive)
        if "word/document.xml" in names:
            return [_docx_grid(data)]
        raise ImportFailed(NOT_A_TABLE)
    if data.startswith(_OLE_MAGIC):
        return _ole_grids(data)
    if data.startswith(_OTHER_MAGIC):
        raise ImportFailed(NOT_A_TABLE)
    return [_csv_grid(data)]


def _safe_zip(data: bytes) -> zipfile.ZipFile:
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


# --- xlsx -----------------------------------------------------------------------------------

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


def _fill_plan(refs) -> dict[int, list[tuple[int, int]]]:
    """Top row -> [(column, last row)] for every range that spans rows (1-based rows)."""
    from openpyxl.utils.cell import range_boundaries

    plan: dict[int, list[tuple[int, int]]] = {}
    for ref in refs:
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if max_row > min_row and min_col <= MAX_COLUMNS:
            plan.setdefault(min_row, []).append((min_col - 1, max_row))
    return plan


def _filled(rows, plan, sheet: str) -> Iterator[Row]:
    """Yield rows with vertically merged cells filled down, stopping after a long blank run."""
    active: dict[int, tuple[int, str]] = {}  # column -> (last row, value)
    blank_run = 0
    for number, values in rows:
        cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
        for column, (last, value) in list(active.items()):
            if number > last:
                del active[column]
            elif column < len(cells):
                cells[column] = value
        for column, last in plan.get(number, ()):
            if column < len(cells):
                active[column] = (last, cells[column])
        if any(cells):
            blank_run = 0
            yield Row(cells, Place(row=number, sheet=sheet))
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return


def _xlsx_grids(data: bytes, archive: zipfile.ZipFile) -> list[Grid]:
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
        plan = _fill_plan(_merged_ranges(archive, getattr(ws, "_worksheet_path", None)))
        label = f"工作表“{ws.title}”" if len(sheets) > 1 else ""
        grids.append(Grid(ws.title, _xlsx_rows(ws, plan, label)))
    return grids


def _xlsx_rows(ws, plan, label) -> Iterator[Row]:
    ws.reset_dimensions()  # saved dimensions are often wrong; read what is there
    yield from _filled(enumerate(ws.iter_rows(values_only=True), start=1), plan, label)


# --- xls / OLE ------------------------------------------------------------------------------


def _ole_grids(data: bytes) -> list[Grid]:
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
    yield from _filled(rows, _fill_plan(refs), label)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- docx -----------------------------------------------------------------------------------


def _docx_grid(data: bytes) -> Grid:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    return Grid("", _docx_rows(document))


def _docx_rows(document) -> Iterator[Row]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    tables = paragraphs = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = cell_text(Paragraph(child, document).text)
            if text:  # paragraphs carry titles and footers; they are never items
                yield Row([text], Place(row=paragraphs, table=0))
        elif tag == "tbl":
            tables += 1
            yield from _word_table(Table(child, document), tables)


def _word_table(table, number: int) -> Iterator[Row]:
    from docx.table import _Cell

    above: dict[int, str] = {}
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: list[str] = []
        for tc in tr.tc_lst:
            column = len(cells)
            if tc.vMerge == "continue":
                text = above.get(column, "")
            else:
                text = cell_text("\n".join(p.text for p in _Cell(tc, table).paragraphs))
            cells.append(text)
            cells.extend([""] * (tc.grid_span - 1))
        above = dict(enumerate(cells))
        if any(cells):
            yield Row(cells[:MAX_COLUMNS], Place(row=row_number, table=number))


# --- csv ------------------------------------------------------------------------------------


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
