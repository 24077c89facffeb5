"""Reads a PDF's tables and the text around them; run as a script in a bounded child process.

    python pdf_worker.py MAX_PAGES < file.pdf > result.json

It imports nothing from the project (no Django), so it starts fast. The output is one JSON
object: {"pages": [[block, ...], ...]} where a block is {"text": "..."} for a line outside any
table, {"rows": [[cell, ...], ...], "ruled": true} for a ruled table (a cell is null where a
merged cell covers it), in reading order, or {"words": [...]} for a page without ruled table;
or {"error": "encrypted" | "corrupt" | "scanned" | "pages"}.
"""

import io
import json
import sys


def main() -> None:
    max_pages = int(sys.argv[1])
    data = sys.stdin.buffer.read()
    try:
        result = read(data, max_pages)
    except Exception as error:  # pdfminer raises many kinds on damaged or protected files
        result = {"error": "encrypted" if _protected(error) else "corrupt"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


def _protected(error: BaseException) -> bool:
    """A password stops the read: pdfplumber wraps pdfminer's PDFPasswordIncorrect."""
    chain = [error, error.__cause__, error.__context__, *error.args]
    names = " ".join(type(e).__name__.lower() for e in chain if isinstance(e, BaseException))
    return "password" in names or "encrypt" in names


def read(data: bytes, max_pages: int) -> dict:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > max_pages:
            return {"error": "pages"}
        pages, chars = [], 0
        for page in pdf.pages:
            chars += len(page.chars)
            pages.append(_page(page))
            page.flush_cache()
    return {"pages": pages} if chars else {"error": "scanned"}


def _page(page) -> list[dict]:
    """The page's blocks: ruled tables and the text lines around them, or the page's words.

    A page without a ruled table sends every word with its box (`{"words": [[x0, x1, top,
    bottom, text], ...]}`): the parent rebuilds an unruled table from the positions under its
    header row (lists.importers.pdf_unruled), which text alignment alone gets wrong.
    """
    tables = [t for t in page.find_tables() if len(t.rows[0].cells) > 1]  # not a framed title
    if not tables:
        words = page.extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=True)
        box = ("x0", "x1", "top", "bottom")
        return [{"words": [[*(round(w[k], 1) for k in box), w["text"]] for w in words]}]
    blocks = [(table.bbox[1], _table(table)) for table in tables]
    boxes = [table.bbox for table in tables]
    for line in page.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if not any(box[1] <= middle <= box[3] for box in boxes):
            blocks.append((line["top"], {"text": line["text"], "top": round(line["top"])}))
    return [block for _top, block in sorted(blocks, key=lambda pair: pair[0])]


def _table(table) -> dict:
    """The table's text; a cell that a merged cell covers is null from above, "" from the left.

    A section row merged across the table must not take the text of the row above it; the
    rows whose first cell is merged across three columns or more are listed as "wide".
    """
    rows, wide = table.extract(), []
    starts: dict[int, float] = {}
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if cell is not None:
                starts[index] = min(starts.get(index, cell[0]), cell[0])
    for number, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
        left, covered = None, 0  # covered: cells the row's first cell spans
        for index, cell in enumerate(row.cells):
            if cell is not None:
                left = cell
            elif left is not None and left[2] > starts.get(index, left[2]) + 1:
                texts[index] = ""
                covered += left is row.cells[0]
        if covered >= 2:
            wide.append(number)
    return {"rows": rows, "ruled": True, "wide": wide}


if __name__ == "__main__":
    main()
