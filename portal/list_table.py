"""The rows of the official table as HTML, written directly rather than through the template
language: a 200-row page is 1,800 cells, and the template loop (a tag, a filter and a URL
reversal per cell) cost more than the rest of the page, and as much markup again as the text.

Markup is the least that keeps the table's meaning: a header row names the columns (the phone
layout copies those names into each cell, static/portal/site.js), 序号 links the item's
permalink, each row carries `id="item-<key>"` for links into the list, line breaks are `<br>`.
Cells and rows end where the next begins (HTML's optional `</td>` and `</tr>`: the same
document tree), and no cell carries a class: the stylesheet finds the 序号 link and the 事项
column by position (the table's `data-columns` says where 事项 is). Of a 200-row page's HTML,
the rows' own text is about 85%.
"""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lists.exporters import Column

# Rows on one page of a list (portal.views); the whole list is on its print page.
LIST_PAGE_ROWS = 200
ZERO = "00000000-0000-0000-0000-000000000000"


def _cell(text: str) -> str:
    return escape(text).replace("\n", "<br>") if text else ""


def table_body(columns: list[Column], rows, *, printing: bool = False) -> SafeString:
    """`rows` as from lists.exporters.table_rows: ("section", section) or ("item", item)."""
    texts = columns[1:]
    width = len(columns)
    permalink = reverse("portal:item", args=[ZERO]).replace(ZERO, "{}")
    out = []
    for kind, row in rows:
        if kind == "section":
            out.append(
                f'<tr class="section-row"><th colspan="{width}" scope="colgroup">'
                f"{escape(row.title)}"
            )
            continue
        key = row.key
        seq = row.seq
        if not printing:
            seq = f'<a href="{permalink.format(key)}">{seq}</a>'
        cells = "".join(f"<td>{_cell(column.text(row))}" for column in texts)
        out.append(f'<tr id="item-{key}"><td>{seq}{cells}')
    return mark_safe("\n".join(out))
