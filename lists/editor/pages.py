"""A very large version opens in pages of rows, not as one form of every row.

A list of up to EDITOR_PAGE_SIZE rows (300: the largest real lists) opens whole, so the clerk
can search it with the browser's find and paste into any row. A larger one (a province's merged
list, 10,000 rows) opens one page at a time: the page is a range of 序号, found with two
index lookups on (version, seq), and the formset holds only its rows, so a save writes only
what changed on that page.
"""

from dataclasses import dataclass

from django.conf import settings

from lists.models import ListVersion


def page_size() -> int:
    return getattr(settings, "EDITOR_PAGE_SIZE", 300)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    count: int  # pages in the version
    total: int  # rows in the version
    first_seq: int
    last_seq: int
    first_position: int  # 1-based position of the page's first row in the version
    size: int

    @property
    def last_position(self) -> int:
        return min(self.first_position + self.size - 1, self.total)

    @property
    def numbers(self) -> list[int | None]:
        """Page links to show: the first, the last and the neighbours; None is a gap."""
        shown = sorted({1, self.count, *range(self.number - 2, self.number + 3)})
        shown = [n for n in shown if 1 <= n <= self.count]
        out: list[int | None] = []
        for n in shown:
            if out and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def requested_page(request) -> int:
    """?page=N from the query string; anything that is not a positive integer is page 1."""
    raw = request.GET.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1


def page_of(version: ListVersion, number: int) -> Page | None:
    """The rows of page `number` (clamped), or None when the version opens whole."""
    size = page_size()
    total = version.items.count()
    if total <= size:
        return None
    count = -(-total // size)
    number = min(max(number, 1), count)
    offset = (number - 1) * size
    seqs = version.items.order_by("seq").values_list("seq", flat=True)
    first = seqs[offset]
    last = seqs[min(offset + size, total) - 1]
    return Page(number, count, total, first, last, offset + 1, size)
