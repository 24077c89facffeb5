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

from lists import public_cache

# Characters of body text across an A4 landscape page at the print size: 9pt (小五号) on
# 277 mm, as static/portal/print.css sets it, less each cell's padding (about one character).
PAGE_CHARS = 87
CELL_PADDING = 0.8
HEADER_WRAP = 4  # headers and cells may wrap to four characters a line, never fewer
SAMPLE_ROWS = 200  # rows looked at: enough to size columns, bounded for very long lists
MAX_MOVES = 400
KINSOKU = 0.3


class _CharWidths(dict):
    """Width of each character met so far (a dict lookup instead of a Unicode table query)."""

    def __missing__(self, ch: str) -> float:
        width = self[ch] = 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55
        return width


_CHAR_WIDTHS = _CharWidths()


def text_width(text: str) -> float:
    """Width in CJK characters: full-width characters 1, Latin letters and digits about half."""
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def _column_lines(cells: list[list[float]], column: int) -> list[int]:
    """Printed lines of every cell of a column (each cell: the widths of its lines) at width
    `column`. A line rarely fills to its last character: punctuation may not start the next
    one (禁则)."""
    usable, ceil = column - KINSOKU, math.ceil
    return [
        max(1, ceil(lines[0] / usable - 1e-9))
        if len(lines) == 1
        else sum([max(1, ceil(width / usable - 1e-9)) for width in lines])
        for lines in cells
    ]


def _sample(rows: Sequence) -> Sequence:
    if len(rows) <= SAMPLE_ROWS:
        return rows
    step = len(rows) / SAMPLE_ROWS
    return [rows[int(index * step)] for index in range(SAMPLE_ROWS)]


class _Table:
    """Line counts of every sampled cell at the widths a column is tried at (computed once each,
    when first asked for), and the printed height of the table for a choice of widths."""

    def __init__(self, labels: Sequence[str], rows: Sequence[Sequence[str]], room: int):
        count = len(labels)
        self.cells = [
            [[text_width(line) for line in (row[i] or "").split("\n")] for row in rows]
            for i in range(count)
        ]
        longest = [max((max(lines) for lines in column), default=0.0) for column in self.cells]
        self.low = [
            math.ceil(max(1, min(text_width(label), HEADER_WRAP), min(longest[i], HEADER_WRAP)))
            for i, label in enumerate(labels)
        ]
        # No column is worth more than its longest line and its header on one line.
        self.high = [
            max(self.low[i], min(room, math.ceil(max(longest[i], text_width(label)))))
            for i, label in enumerate(labels)
        ]
        self._lines: list[dict[int, list[int]]] = [{} for _ in range(count)]
        self._totals: list[dict[int, int]] = [{} for _ in range(count)]

    def lines(self, column: int, width: int) -> list[int]:
        known = self._lines[column].get(width)
        if known is None:
            known = self._lines[column][width] = _column_lines(self.cells[column], width)
            self._totals[column][width] = sum(known)
        return known

    def total(self, column: int, width: int) -> int:
        self.lines(column, width)
        return self._totals[column][width]

    def cost(self, widths: Sequence[int], rest: Sequence[int] | None = None, changed=()) -> float:
        """Printed height (rows' tallest cells), plus a little for every line, so that widening
        a column that is not the tallest still counts for something. With `rest` (each row's
        tallest cell outside the `changed` columns) only the changed columns are read."""
        read = changed if rest is not None else range(len(widths))
        columns = [self.lines(i, widths[i]) for i in read]
        if rest is not None:
            columns.append(rest)
        tallest = sum(map(max, *columns)) if len(columns) > 1 else sum(columns[0])
        totals = self._totals
        return tallest + 0.01 * sum(
            totals[i][w] if w in totals[i] else self.total(i, w) for i, w in enumerate(widths)
        )

    def leaders(self, widths: Sequence[int]) -> "_Leaders":
        return _Leaders([self.lines(i, w) for i, w in enumerate(widths)])


class _Leaders:
    """Each column's line counts at the widths tried, for reading each row's tallest cell
    outside one or two columns (one C-level `max` per row over the other columns)."""

    def __init__(self, columns: list[list[int]]):
        self.columns = columns

    def outside(self, left_out: set[int]) -> list[int]:
        """Each row's tallest cell among the columns not in `left_out`."""
        others = [column for i, column in enumerate(self.columns) if i not in left_out]
        if not others:
            return [0] * (len(self.columns[0]) if self.columns else 0)
        return list(map(max, *others)) if len(others) > 1 else list(others[0])


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
        best, leaders = None, table.leaders(widths)
        for i, width in enumerate(widths):
            if width + 1 > table.high[i]:
                continue
            trial = widths[:i] + [width + 1] + widths[i + 1 :]
            cost = table.cost(trial, leaders.outside({i}), (i,))
            if best is None or cost < best[0]:
                best = (cost, trial)
        if best is None:
            break
        widths = best[1]
        budget -= 1
    widths = _rebalance(table, widths)
    return _percentages([width + CELL_PADDING for width in widths])


def _rebalance(table: _Table, widths: list[int]) -> list[int]:
    """Move single characters between columns while that shortens the rows."""
    best = table.cost(widths)
    for _ in range(MAX_MOVES):
        improved, leaders = False, table.leaders(widths)
        for give in range(len(widths)):
            for take in range(len(widths)):
                if give == take or widths[give] <= table.low[give]:
                    continue
                if widths[take] >= table.high[take]:
                    continue
                trial = list(widths)
                trial[give] -= 1
                trial[take] += 1
                rest = leaders.outside({give, take})
                cost = table.cost(trial, rest, (give, take))
                if cost < best - 1e-9:
                    widths, best, improved = trial, cost, True
                    leaders = table.leaders(widths)
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
    # Through lists.public_cache: with the cache down the widths are computed, not a 500.
    widths = public_cache.get(key)
    if widths is None:
        widths = column_widths(labels, rows)
        public_cache.set(key, widths, 30 * 24 * 3600)
    return widths
