"""Links to a row of a paged list page (portal.list_table.LIST_PAGE_ROWS rows a page)."""

from django import template

from portal.list_table import LIST_PAGE_ROWS

register = template.Library()


@register.filter
def row_page(item, separator: str = "?") -> str:
    """`?page=N` (after `separator`) for the page of the list that shows `item`; empty on the
    first page. 序号 runs through the official table in order (sections included), so the row's
    序号 tells its page without a query."""
    page = (max(item.seq, 1) - 1) // LIST_PAGE_ROWS + 1
    return f"{separator}page={page}" if page > 1 else ""
