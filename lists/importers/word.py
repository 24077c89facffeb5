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
    if not document.element.body.xpath(".//w:tbl"):
        raise ImportFailed(NO_WORD_TABLE)
    return Grid("", _counted(_docx_rows(document), budget))


def _counted(rows, budget) -> Iterator[Row]:
    for row in rows:
        budget.row(sum(1 for cell in row.cells if cell))
        yield row


def _docx_rows(document) -> Iterator[Row]:
    yield from _blocks(document.element.body, document, {"tables": 0, "paragraphs": 0})


_WRAPPERS = {"sdt", "sdtContent", "customXml", "smartTag", "ins"}  # content controls and kin


def _blocks(parent, document, count: dict) -> Iterator[Row]:
    """Paragraphs and tables in document order, also inside content controls (templates put
    the list in one) and inside a layout table that holds the real table in a cell."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            count["paragraphs"] += 1
            text = cell_text(Paragraph(child, document).text)
            if text:  # paragraphs carry titles and footers; they are never items
                yield Row([text], Place(row=count["paragraphs"], table=0))
        elif tag == "tbl" and child.xpath("./w:tr/w:tc//w:tbl"):
            for tr in child.tr_lst:
                for tc in tr.tc_lst:
                    yield from _blocks(tc, document, count)
        elif tag == "tbl":
            count["tables"] += 1
            yield from _word_table(Table(child, document), count["tables"])
        elif tag in _WRAPPERS:
            yield from _blocks(child, document, count)


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
