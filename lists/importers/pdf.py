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


def _running_lines(pages) -> set[str]:
    """Lines outside tables that recur on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for blocks in pages:
        for text in {block["text"].strip() for block in blocks if "text" in block}:
            seen[text] = seen.get(text, 0) + 1
    return {text for text, count in seen.items() if count > len(pages) / 2}


def _rows(pages, budget) -> list[Row]:
    running = _running_lines(pages)
    rows: list[Row] = []
    merged_columns: set[int] = set()
    previous: list | None = None  # the last data row read
    last: Row | None = None  # ... as it was kept
    header: list | None = None  # the first table row: repeated on later pages
    for page_number, blocks in enumerate(pages, start=1):
        line = 0
        fresh_page = True
        for block in blocks:
            budget.check_time()
            if "text" in block:
                text = block["text"].strip()
                if text and text not in running and not _PAGE_NUMBER.match(text):
                    line += 1
                    budget.row(1)
                    rows.append(Row([cell_text(text)], _place(page_number, line)))
                continue
            table = block["rows"] if block["ruled"] else _logical_rows(block["rows"])
            for raw in table:
                budget.row(sum(1 for cell in raw if cell))
                cells = [_unwrap(cell) if cell is not None else None for cell in raw]
                cells = cells[:MAX_COLUMNS]
                merged_columns.update(i for i, cell in enumerate(cells) if cell is None)
                if last and _continues(cells, previous, fresh_page, block["ruled"]):
                    _join(last.cells, cells)
                    continue
                filled = _fill(cells, previous, merged_columns if fresh_page else set())
                line += 1
                rows.append(Row(filled, _place(page_number, line)))
                if header is None:
                    header = filled
                elif any(filled) and filled != header:
                    previous, last, fresh_page = filled, rows[-1], False
    return rows


def _place(page: int, line: int) -> Place:
    return Place(row=line, sheet=f"第 {page} 页")


def _continues(cells, previous, fresh_page: bool, ruled: bool) -> bool:
    """The tail of the row above: no 序号 where the table numbers its rows."""
    if not fresh_page or not previous or not _SEQ.match(previous[0] or ""):
        return False
    return not (cells[0] or "").strip() and any(cells[1:])


def _logical_rows(lines: list[list]) -> list[list]:
    """An unruled table comes as one row per text line: a row starts where column 1 has text."""
    rows: list[list] = []
    for line in lines:
        if rows and not (line[0] or "").strip() and (rows[-1][0] or "").strip():
            rows[-1] = [f"{a or ''}\n{b}" if b else a for a, b in zip(rows[-1], line, strict=False)]
        else:
            rows.append(list(line))
    return rows


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
