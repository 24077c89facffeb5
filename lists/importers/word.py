"""Word documents: paragraphs (titles, footers) and tables in document order."""

import io
from collections.abc import Iterator

from lists.importers.grid import MAX_COLUMNS, Grid, Row, cell_text, is_wide
from lists.importers.results import CORRUPT, NO_WORD_TABLE, ImportFailed, Place


def docx_grid(data: bytes, budget) -> Grid:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise ImportFailed(CORRUPT) from error
    body = document.element.body
    if not any(child.tag.endswith("}tbl") for child in body.iterchildren()):
        raise ImportFailed(NO_WORD_TABLE)
    return Grid("", _counted(_docx_rows(document), budget))


def _counted(rows, budget) -> Iterator[Row]:
    for row in rows:
        budget.row(sum(1 for cell in row.cells if cell))
        yield row


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
        cells: list[str] = [""] * tr.grid_before  # a row that starts a few columns in
        wide = set()
        for tc in tr.tc_lst:
            column = len(cells)
            if tc.vMerge == "continue":
                text = above.get(column, "")
            else:
                text = cell_text("\n".join(p.text for p in _Cell(tc, table).paragraphs))
            cells.append(text)
            cells.extend([""] * (tc.grid_span - 1))
            if tc.grid_span >= 3:
                wide.add(column)
        above = dict(enumerate(cells))
        if any(cells):
            cells = cells[:MAX_COLUMNS]
            first = next(i for i, cell in enumerate(cells) if cell)
            place = Place(row=row_number, table=number)
            yield Row(cells, place, wide=first in wide and is_wide(cells, first))
