""" ".xls" files that are web pages: Excel's "另存为网页" (.htm/.mht) and OA systems' exports.

Tables are read with their row and column spans (a rowspan fills down, as merged cells do in a
sheet); `<br>` and block ends inside a cell are line breaks. Text outside tables (titles,
sign-off lines, notes) becomes one-cell rows, as Word paragraphs do. A cell or row styled
`display:none` is hidden, as a hidden column or row of the sheet it was exported from.
"""

import email
import re
from html.parser import HTMLParser

from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text, is_wide
from lists.importers.results import CORRUPT, NO_HTML_TABLE, ImportFailed, Place

_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.I)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # collapsed as a browser does; &nbsp; is kept
_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
_SKIP = {"style", "script", "head", "title", "xml"}


_MARKUP = (b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body", b"<style", b"<div")


def looks_like_html(data: bytes) -> bool:
    """A web page, whatever its name: OA systems put a long <style> or a bare <table> first."""
    text = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return False
    return text.startswith(_MARKUP) or b"<table" in text or b"<html" in text


def looks_like_mht(head: bytes) -> bool:
    return b"mime-version" in head[:2048].lower() and b"multipart" in head[:4096].lower()


def html_grids(data: bytes, budget) -> list[Grid]:
    grid = _grid("", _decode(data), budget)
    if not grid.tables:
        raise ImportFailed(NO_HTML_TABLE)
    return [grid]


def mht_grids(data: bytes, budget) -> list[Grid]:
    """A single-file web page: one HTML part per sheet."""
    message = email.message_from_bytes(data)
    grids = []
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            text = payload.decode(charset or "utf-8", errors="replace") if charset else None
            grid = _grid("", text or _decode(payload), budget)
            if grid.tables:
                grids.append(grid)
    if not grids:
        raise ImportFailed(NO_HTML_TABLE)
    for number, grid in enumerate(grids, start=1):
        grid.name = f"工作表{number}" if len(grids) > 1 else ""
    return grids


def _decode(data: bytes) -> str:
    from lists.importers.sources import decode

    if match := _CHARSET.search(data[:4096]):
        encoding = match[1].decode("ascii").lower()
        encoding = "gb18030" if encoding in ("gb2312", "gbk", "x-gbk", "cp936") else encoding
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass
    return decode(data)


def _grid(name: str, text: str, budget) -> Grid:
    reader = _TableReader(budget)
    try:
        reader.feed(text)
        reader.close()
        reader._paragraph()
    except ImportFailed:
        raise
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    grid = Grid(name, reader.rows, reader.hidden_columns)
    grid.tables = reader.tables
    return grid


class _TableReader(HTMLParser):
    def __init__(self, budget):
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.rows: list[Row] = []
        self.hidden_columns: set[int] = set()
        self.tables = self.depth = self.number = self.skip = self.columns = 0
        self.text: list[str] = []  # the cell (or paragraph) being read
        self.cells: list[str] | None = None
        self.row_hidden = False
        self.spans: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
        self.cell: tuple[int, int, bool] | None = None  # (column, colspan, hidden)
        self.wide: set[int] = set()  # columns of this row's cells spanning three or more

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table":
            self._paragraph()
            self.depth += 1
            if self.depth == 1:
                self.tables += 1
                self.spans, self.columns = {}, 0
        elif self.depth > 1:
            self._break(tag)
        elif tag == "col" and self.cells is None:  # Excel marks a hidden column here
            span = _span(attrs.get("span"))
            if _HIDDEN.search(attrs.get("style") or ""):
                self.hidden_columns.update(range(self.columns, min(self.columns + span, 60)))
            self.columns += span
        elif tag == "tr" and self.depth == 1:
            self._end_row()
            self.cells, self.row_hidden = [], bool(_HIDDEN.search(attrs.get("style") or ""))
            self.wide = set()
        elif tag in ("td", "th") and self.cells is not None:
            self._end_cell()
            self._start_cell(attrs)
        else:
            self._break(tag)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.depth:
            self.depth -= 1
            if not self.depth:
                self._end_row()
        elif tag in ("td", "th") and self.depth == 1:
            self._end_cell()
        elif tag == "tr" and self.depth == 1:
            self._end_row()
        elif tag in _BLOCKS:
            self._break(tag)
            if not self.depth:
                self._paragraph()

    def handle_data(self, data):
        if not self.skip:
            self.text.append(_SPACE.sub(" ", data).replace("\u00a0", " "))

    def _break(self, tag) -> None:
        if tag in _BLOCKS or tag == "br":
            self.text.append("\n")

    def _start_cell(self, attrs) -> None:
        column = len(self.cells)
        while column in self.spans:  # a cell covered by a rowspan from above
            self.cells.append(self.spans[column][1])
            column += 1
        colspan = _span(attrs.get("colspan"))
        self.cell = (column, colspan, bool(_HIDDEN.search(attrs.get("style") or "")))
        self.text = []
        rowspan = _span(attrs.get("rowspan"))
        if rowspan > 1:
            self.spans[column] = (rowspan, None)

    def _end_cell(self) -> None:
        if self.cell is None:
            return
        column, colspan, hidden = self.cell
        text = _cell("".join(self.text))
        if column in self.spans and self.spans[column][1] is None:
            self.spans[column] = (self.spans[column][0], text)
        self.cells.append(text)
        self.cells.extend([""] * (colspan - 1))
        if colspan >= 3:
            self.wide.add(column)
        if hidden and not self.row_hidden:  # a hidden row hides its cells, not their columns
            self.hidden_columns.add(column)
        self.cell, self.text = None, []

    def _end_row(self) -> None:
        self._end_cell()
        if self.cells is None:
            return
        while len(self.cells) in self.spans:  # trailing cells covered from above
            self.cells.append(self.spans[len(self.cells)][1])
        self.spans = {c: (n - 1, t) for c, (n, t) in self.spans.items() if n > 1}
        self._emit(self.cells[:MAX_COLUMNS], self.row_hidden, self.wide)
        self.cells = None

    def _paragraph(self) -> None:
        if self.depth == 0 and (text := _cell("".join(self.text))):
            self._emit([text], False)
        if self.depth == 0:
            self.text = []

    def _emit(self, cells: list[str], hidden: bool, wide=frozenset()) -> None:
        self.number += 1
        self.budget.row(sum(1 for cell in cells if cell))
        if any(cells):
            first = next(i for i, cell in enumerate(cells) if cell)
            wide_row = first in wide and is_wide(cells, first)
            self.rows.append(Row(cells, Place(row=self.number), hidden=hidden, wide=wide_row))


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _cell(text: str) -> str:
    lines = (line.strip() for line in text.split("\n"))
    return cell_text("\n".join(line for line in lines if line))
