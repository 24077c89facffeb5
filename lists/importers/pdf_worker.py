"""Reads a PDF's tables and the text around them; run as a script in a bounded child process.

    python pdf_worker.py MAX_PAGES < file.pdf > result.json

It imports nothing from the project (no Django), so it starts fast. The output is one JSON
object: {"pages": [[block, ...], ...]} where a block is {"text": "..."} for a line outside any
table or {"rows": [[cell, ...], ...], "ruled": bool} for a table (a cell is null where a merged
cell covers it), in reading order; or {"error": "encrypted" | "corrupt" | "scanned" | "pages"}.
"""

import io
import json
import sys

TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def main() -> None:
    max_pages = int(sys.argv[1])
    data = sys.stdin.buffer.read()
    try:
        result = read(data, max_pages)
    except Exception as error:  # pdfminer raises many kinds on damaged or protected files
        name = type(error).__name__.lower()
        result = {"error": "encrypted" if "password" in name or "encrypt" in name else "corrupt"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


def read(data: bytes, max_pages: int) -> dict:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > max_pages:
            return {"error": "pages"}
        pages, chars, edges = [], 0, []
        for page in pdf.pages:
            chars += len(page.chars)
            blocks, edges = _page(page, edges)
            pages.append(blocks)
            page.flush_cache()
    return {"pages": pages} if chars else {"error": "scanned"}


def _page(page, edges: list[float]) -> tuple[list[dict], list[float]]:
    """The page's blocks, and the column edges of its unruled table for the next page.

    An unruled table that runs on to the next page keeps the first page's columns there:
    text alignment alone loses the columns that are blank on the continued page.
    """
    tables, ruled = page.find_tables(), True
    if not tables and page.chars:
        ruled, settings = False, dict(TEXT_SETTINGS)
        if edges:
            settings.update(vertical_strategy="explicit", explicit_vertical_lines=edges)
        tables = page.find_tables(settings)
        tables = [table for table in tables if len(table.rows) > 1 and len(table.rows[0].cells) > 1]
        if tables and not edges:
            edges = sorted({cell[0] for cell in tables[0].cells} | {tables[0].bbox[2]})
    elif tables:
        edges = []
    blocks = [(table.bbox[1], {"rows": table.extract(), "ruled": ruled}) for table in tables]
    boxes = [table.bbox for table in tables]
    for line in page.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if not any(box[1] <= middle <= box[3] for box in boxes):
            blocks.append((line["top"], {"text": line["text"]}))
    return [block for _top, block in sorted(blocks, key=lambda pair: pair[0])], edges


if __name__ == "__main__":
    main()
