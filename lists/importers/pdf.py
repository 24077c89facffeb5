"""PDF lists: the tables of a text PDF, read by pdfplumber in a bounded child process.

What a PDF does to a table, undone here: the header repeated on every page (the parser skips a
repeated header), a row broken across a page (its tail, with no 序号, joins the row above),
merged cells (pdfplumber leaves covered cells empty: they fill down, also across a page break),
hard-wrapped lines (joined unless the line ends a sentence or the next one starts an
enumeration), page numbers and running headers or footers (dropped).
"""

import json
import re
import sys
from pathlib import Path

from lists.importers import sandbox
from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text
from lists.importers.limits import limit
from lists.importers.pdf_unruled import UnruledTable, is_header, line_text, visual_lines
from lists.importers.results import (
    ENCRYPTED,
    PDF_CORRUPT,
    PDF_TOO_MANY_PAGES,
    SCANNED_PDF,
    TOO_SLOW,
    ImportFailed,
    Place,
)

WORKER = Path(__file__).with_name("pdf_worker.py")
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–]?\s*\d+\s*[-—–]?)[-—–\s]*$"
)
_LINE_END = re.compile(r"[。；;：:！!？?]$")
_LINE_START = re.compile(
    r"^([(（]?[一二三四五六七八九十\d]+[)）、.．](?!\d)|[①-⑳]|[(（][一二三四五六七八九十\d]+[)）])"
)
_SEQ = re.compile(r"^\d+(\.0)?$")
_DIGITS = re.compile(r"\d+")


def pdf_grids(data: bytes, budget) -> list[Grid]:
    outcome = sandbox.run(
        [sys.executable, str(WORKER), str(limit("IMPORT_MAX_PDF_PAGES"))],
        input=data,
        timeout=budget.remaining(),
        memory=limit("IMPORT_CONVERT_MEMORY_BYTES"),
    )
    if outcome.returncode is None:
        raise ImportFailed(TOO_SLOW.format(seconds=budget.seconds))
    try:
        result = json.loads(outcome.stdout)
    except ValueError as error:  # the worker died (memory limit) or wrote nothing
        raise ImportFailed(PDF_CORRUPT) from error
    errors = {
        "encrypted": ENCRYPTED,
        "corrupt": PDF_CORRUPT,
        "scanned": SCANNED_PDF,
        "pages": PDF_TOO_MANY_PAGES.format(limit=limit("IMPORT_MAX_PDF_PAGES")),
    }
    if "error" in result:
        raise ImportFailed(errors.get(result["error"], PDF_CORRUPT))
    return [Grid("", _rows(result["pages"], budget))]


def _prepared(blocks: list[dict]) -> list[dict]:
    """An unruled page's words grouped into visual lines, once."""
    return [{"lines": visual_lines(b["words"])} if "words" in b else b for b in blocks]


def _candidates(blocks: list[dict]) -> list[tuple[str, int]]:
    """What may be a running header or footer: the first and last two lines of a page, by place.

    Keyed by text (numbers aside) and height on the page, so a table line that happens to
    recur is kept.
    """
    lines = [(block["text"].strip(), block.get("top", 0)) for block in blocks if "text" in block]
    head = lines[:2]
    for block in blocks:
        if "lines" in block:
            found = [(line_text(x), x[0].top) for x in block["lines"]]
            header = next((i for i in range(len(found)) if is_header(block["lines"], i)), None)
            head = found[: min(2, len(found) if header is None else header)]  # not the header's
            lines = found
    return [(_DIGITS.sub("#", text), round(top / 3)) for text, top in head + lines[-2:]]


def _running_lines(pages) -> set[str]:
    """Lines that recur at one place on most pages (numbers aside): running headers, footers."""
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], int] = {}
    for blocks in pages:
        for key in set(_candidates(blocks)):
            seen[key] = seen.get(key, 0) + 1
    return {text for (text, _top), count in seen.items() if count >= 2 and count > len(pages) / 2}


def _furniture(text: str, running: set[str]) -> bool:
    text = text.strip()
    return not text or bool(_PAGE_NUMBER.match(text)) or _DIGITS.sub("#", text) in running


def _rows(pages, budget) -> list[Row]:
    pages = [_prepared(blocks) for blocks in pages]
    running = _running_lines(pages)
    rows: list[Row] = []
    lines_on: dict[int, int] = {}

    def add(page_number: int, cells: list[str], wide: bool = False) -> None:
        budget.row(sum(1 for cell in cells if cell))
        lines_on[page_number] = lines_on.get(page_number, 0) + 1
        cells[:] = [cell_text(cell) for cell in cells[:MAX_COLUMNS]]  # in place: joins follow
        rows.append(Row(cells, _place(page_number, lines_on[page_number]), wide=wide))

    unruled = UnruledTable(_unwrap)
    ruled = _RuledTables()
    for page_number, blocks in enumerate(pages, start=1):
        ruled.fresh_page = True
        for block in blocks:
            budget.check_time()
            if "lines" in block:
                lines = [x for x in block["lines"] if not _furniture(line_text(x), running)]
                unruled.page(page_number, lines)
                continue
            unruled.close()
            if "text" in block:
                if not _furniture(block["text"], running):
                    add(page_number, [block["text"].strip()])
                continue
            for cells, wide in ruled.rows(block["rows"], set(block.get("wide", ()))):
                add(page_number, cells, wide)
        for page, cells, wide in unruled.rows:
            add(page, cells, wide)
        unruled.rows.clear()
    unruled.close()
    for page, cells, wide in unruled.rows:
        add(page, cells, wide)
    return rows


class _RuledTables:
    """Rows of ruled tables, in order: merged cells filled down, a row broken by a page joined."""

    def __init__(self):
        self.merged_columns: set[int] = set()
        self.previous: list | None = None  # the last data row read
        self.last: list | None = None  # ... as it was kept
        self.header: list | None = None  # the first table row: repeated on later pages
        self.fresh_page = True

    def rows(self, table: list[list], wide: set[int]):
        for number, raw in enumerate(table):
            cells = [_unwrap(cell) if cell is not None else None for cell in raw][:MAX_COLUMNS]
            self.merged_columns.update(i for i, cell in enumerate(cells) if cell is None)
            if self.last and _continues(cells, self.previous, self.fresh_page):
                _join(self.last, cells)
                continue
            merged = self.merged_columns if self.fresh_page else set()
            filled = _fill(cells, self.previous, merged)
            yield filled, number in wide
            if self.header is None:
                self.header = filled
            elif any(filled) and filled != self.header:
                self.previous, self.last, self.fresh_page = filled, filled, False


def _place(page: int, line: int) -> Place:
    return Place(row=line, sheet=f"第 {page} 页")


def _continues(cells, previous, fresh_page: bool) -> bool:
    """The tail of the row above: no 序号 where the table numbers its rows."""
    if not fresh_page or not previous or not _SEQ.match(previous[0] or ""):
        return False
    return not (cells[0] or "").strip() and any(cells[1:])


def _join(target: list[str], cells) -> None:
    for index, cell in enumerate(cells):
        if cell and index < len(target):
            target[index] = _unwrap(f"{target[index]}\n{cell}") if target[index] else cell


def _fill(cells, previous, merged_columns) -> list[str]:
    """None is a merged cell's covered part; at a page top a blank merged column continues."""
    out = []
    for index, cell in enumerate(cells):
        above = previous[index] if previous and index < len(previous) else ""
        if cell is None or (not cell and index in merged_columns):
            cell = above or ""
        out.append(cell)
    return out


def _unwrap(text: str) -> str:
    """Join lines a PDF wrapped at the cell's edge; keep breaks that end a sentence or item."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    widest = max(map(_width, lines), default=0)
    out: list[str] = []
    for before, line in zip(["", *lines], lines, strict=False):
        # A line that ends a sentence still wrapped if it filled the cell's width.
        ends = _LINE_END.search(before) and _width(before) < widest - 1.5
        if out and not ends and not _LINE_START.match(line):
            space = " " if out[-1][-1:].isascii() and line[:1].isascii() else ""
            out[-1] = f"{out[-1]}{space}{line}"
        else:
            out.append(line)
    return cell_text("\n".join(out))


def _width(line: str) -> float:
    return sum(1 if ord(char) > 255 else 0.5 for char in line)
