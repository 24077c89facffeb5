"""Column widths of the official table on paper, sized by what the rows hold.

A browser left to itself gives 实施机关 and 类别 one character per line and lets 法律依据 run
wide, so 40 real rows take 19 pages. Here every column starts at the width of its header (wrapped
to four characters) or its longest line, whichever is less; the rest of the page width goes, one
character at a time, to the column where it shortens the printed rows the most (the sum over rows
of their tallest cell), and then single characters move between columns while that shortens the
rows further. Widths come back as whole percentages for the print stylesheets
(`col.w-<percent>`, static/portal/col-widths.css): the Content-Security-Policy allows no inline
styles.
"""

import math
import unicodedata
from collections.abc import Sequence

from django.core.cache import cache

# Characters of body text across an A4 landscape page at the print size: 9pt (小五号) on
# 277 mm, as static/portal/print.css sets it, less each cell's padding (about one character).
PAGE_CHARS = 87
CELL_PADDING = 0.8
HEADER_WRAP = 4  # headers and cells may wrap to four characters a line, never fewer
SAMPLE_ROWS = 200  # rows looked at: enough to size columns, bounded for very long lists
MAX_MOVES = 400
KINSOKU = 0.3


def text_width(text: str) -> float:
    """Width in CJK characters: full-width characters 1, Latin letters and digits about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _lines(widths: list[float], column: int) -> int:
    # A line rarely fills to its last character: punctuation may not start the next one (禁则).
    usable = column - KINSOKU
    return sum(max(1, math.ceil(width / usable - 1e-9)) for width in widths)


def _sample(rows: Sequence) -> Sequence:
    if len(rows) <= SAMPLE_ROWS:
        return rows
    step = len(rows) / SAMPLE_ROWS
    return [rows[int(index * step)] for index in range(SAMPLE_ROWS)]


class _Table:
    """Line counts of every sampled cell at every width a column may take."""

    def __init__(self, labels: Sequence[str], rows: Sequence[Sequence[str]], room: int):
        count = len(labels)
        cells = [
            [[text_width(line) for line in (row[i] or "").split("\n")] for row in rows]
            for i in range(count)
        ]
        longest = [max((max(lines) for lines in column), default=0.0) for column in cells]
        self.low = [
            math.ceil(max(1, min(text_width(label), HEADER_WRAP), min(longest[i], HEADER_WRAP)))
            for i, label in enumerate(labels)
        ]
        # No column is worth more than its longest line and its header on one line.
        self.high = [
            max(self.low[i], min(room, math.ceil(max(longest[i], text_width(label)))))
            for i, label in enumerate(labels)
        ]
        self.lines = [
            {
                w: [_lines(lines, w) for lines in cells[i]]
                for w in range(self.low[i], self.high[i] + 1)
            }
            for i in range(count)
        ]
        self.rows = range(len(rows))

    def cost(self, widths: list[int]) -> float:
        """Printed height (rows' tallest cells), plus a little for every line, so that widening
        a column that is not the tallest still counts for something."""
        columns = [self.lines[i][w] for i, w in enumerate(widths)]
        return sum(
            max(column[r] for column in columns) + 0.01 * sum(column[r] for column in columns)
            for r in self.rows
        )


def column_widths(
    labels: Sequence[str], rows: Sequence[Sequence[str]], page_chars: float = PAGE_CHARS
) -> list[int]:
    """Percent widths (summing to 100) for columns with header `labels` over `rows` of cell text."""
    if not labels:
        return []
    room = max(len(labels), math.floor(page_chars - CELL_PADDING * len(labels)))
    table = _Table(labels, _sample(rows), room)
    widths = list(table.low)
    budget = room - sum(widths)
    while budget > 0:
        grown = [widths[:i] + [w + 1] + widths[i + 1 :] for i, w in enumerate(widths)]
        options = [g for i, g in enumerate(grown) if g[i] <= table.high[i]]
        if not options:
            break
        widths = min(options, key=table.cost)
        budget -= 1
    widths = _rebalance(table, widths)
    return _percentages([width + CELL_PADDING for width in widths])


def _rebalance(table: _Table, widths: list[int]) -> list[int]:
    """Move single characters between columns while that shortens the rows."""
    best = table.cost(widths)
    for _ in range(MAX_MOVES):
        improved = False
        for give in range(len(widths)):
            for take in range(len(widths)):
                if give == take or widths[give] <= table.low[give]:
                    continue
                if widths[take] >= table.high[take]:
                    continue
                trial = list(widths)
                trial[give] -= 1
                trial[take] += 1
                cost = table.cost(trial)
                if cost < best - 1e-9:
                    widths, best, improved = trial, cost, True
        if not improved:
            break
    return widths


def _percentages(widths: list[float]) -> list[int]:
    """Whole percentages summing to exactly 100. Narrow columns round up, so that 序号 or
    实施机关 never lose the fraction that kept their header on one line; the widest column
    gives or takes the difference."""
    total = sum(widths)
    exact = [100 * width / total for width in widths]
    shares = [math.ceil(value) if value < 10 else round(value) for value in exact]
    widest = max(range(len(shares)), key=exact.__getitem__)
    shares[widest] += 100 - sum(shares)
    return shares


LAYOUT_VERSION = 2  # bump when the sizing rule changes, so cached widths are recomputed


def version_column_widths(version, labels: Sequence[str], rows: Sequence[Sequence[str]]):
    """`column_widths` of a published version, cached: its rows never change."""
    key = f"col-widths:{LAYOUT_VERSION}:{version.pk}:{version.updated_at.timestamp()}"
    return cache.get_or_set(key, lambda: column_widths(labels, rows), 30 * 24 * 3600)
