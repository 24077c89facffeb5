"""Unruled PDF tables rebuilt from word positions, anchored on the header row.

Without rules, a PDF says nothing about cells: only where each word sits. Lines of different
columns do not even share a baseline (each cell wraps and spaces its paragraphs on its own). So
the columns are taken from the header row (the first line that reads as one, as the sheet
reader decides) and from where the text under each header starts; a row starts where the 序号
column (else the first column) has text and takes every word below it until the next one. A
line that runs across columns is no cell: a section row, a note or a title. The header repeated
at the top of a page, and the running lines and page numbers the caller removes, do not break a
row that continues from the page before.
"""

from dataclasses import dataclass, field

from lists.importers import text as t
from lists.importers.text import header_fields

_SAME_LINE = 2.0  # points between the tops of words on one visual line
_SLACK = 2.0  # points a cell's text may stray past its column's edge


@dataclass
class Piece:
    """Words of one visual line with no column gap between them."""

    x0: float
    x1: float
    top: float
    text: str
    height: float = 10.0


def visual_lines(words: list[list]) -> list[list[Piece]]:
    """Words ([x0, x1, top, bottom, text]) grouped into lines and joined into pieces."""
    lines: list[list[list]] = []
    for word in sorted(words, key=lambda w: (w[2], w[0])):
        if lines and abs(lines[-1][0][2] - word[2]) <= _SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_pieces(sorted(line, key=lambda w: w[0])) for line in lines]


def _pieces(words: list[list]) -> list[Piece]:
    pieces: list[Piece] = []
    for x0, x1, top, bottom, text in words:
        height, text = max(bottom - top, 1.0), text.strip()
        last = pieces[-1] if pieces else None
        if last and x0 - last.x1 < 0.6 * height:  # inside a cell, not a column gap
            # Spaces are characters of the text layer, kept in the words; a gap as wide as a
            # space without one is the spacing a word processor puts between 汉字 and Latin.
            gap = " " if x0 - last.x1 > 0.4 * height else ""
            last.text, last.x1 = f"{last.text}{gap}{text}", x1
        else:
            pieces.append(Piece(x0, x1, top, text, height))
    return pieces


def line_text(line: list[Piece]) -> str:
    return " ".join(piece.text for piece in line)


def header_at(lines: list[list[Piece]], index: int) -> tuple[list[str], int] | None:
    """(cells, lines taken) when the line at `index` starts a header row, None otherwise.

    Narrow columns wrap their header ("行政处罚事" / "项"): the next lines, while they follow at
    line spacing, are put under the header piece each one sits below and tried too.
    """
    head = lines[index]
    if len(head) < 2:
        return None
    cells = [[piece.text] for piece in head]
    for taken in range(3):
        if taken:
            line = lines[index + taken] if index + taken < len(lines) else None
            if line is None or not _follows(lines[index + taken - 1], line):
                return None
            for piece in line:
                cells[_below(head, piece)].append(piece.text)
        texts = ["".join(parts) for parts in cells]
        if header_fields(texts) is not None:
            return texts, taken
    return None


def is_header(lines: list[list[Piece]], index: int) -> bool:
    return header_at(lines, index) is not None


def _follows(above: list[Piece], line: list[Piece]) -> bool:
    """The next line of the same paragraphs: no wider apart than line spacing."""
    height = max(piece.height for piece in above)
    return line[0].top - above[0].top <= 1.6 * height


def _below(head: list[Piece], piece: Piece) -> int:
    """The header piece a piece of a wrapped header line sits under."""
    middle = (piece.x0 + piece.x1) / 2
    return min(range(len(head)), key=lambda i: abs((head[i].x0 + head[i].x1) / 2 - middle))


@dataclass
class UnruledTable:
    """Reads unruled pages one after the other; `rows` collects (page, cells, wide) in order."""

    unwrap: object  # the cell text joiner of lists.importers.pdf
    rows: list[tuple[int, list[str], bool]] = field(default_factory=list)
    edges: list[float] = field(default_factory=list)  # left edges of columns 2..n
    header: list[str] = field(default_factory=list)
    anchor: int = 0  # the column whose text starts a row
    header_lines: int = 0  # lines the header wraps onto, after its first
    places: list[int] = field(default_factory=list)  # where the header's pieces start
    open: tuple[int, dict[int, list[Piece]]] | None = None

    def page(self, number: int, lines: list[list[Piece]]) -> None:
        start = next((i for i in range(len(lines)) if is_header(lines, i)), None)
        body = lines
        if start is not None:
            cells, taken = header_at(lines, start)
            repeated = [t.squash(text) for text in cells] == [t.squash(h) for h in self.header]
            if not repeated or any(t.title_list_type(line_text(x)) for x in lines[:start]):
                self.close()
            for line in lines[:start]:
                self.rows.append((number, [line_text(line)], False))
            body = self._header(number, lines[start:], cells, taken, repeated)
        elif not self.edges:
            self.rows.extend((number, [line_text(line)], False) for line in lines)
            return
        for line in body:
            self._line(number, line)

    def close(self) -> None:
        if self.open is not None:
            number, cells = self.open
            texts = [self._cell(cells.get(i, [])) for i in range(len(self.edges) + 1)]
            self.rows.append((number, texts, False))
            self.open = None

    def _header(self, number, lines, cells: list[str], taken: int, repeated: bool):
        """Set the columns from the header line; return the lines of the table body.

        A header may wrap further than its detection needed: it goes on to the first line with
        text in the row-starting column. A repeated header takes as many lines as the first one
        did (what follows it on a new page may be the tail of a row, with nothing in that
        column either) and keeps the columns found under the first, where it stands as it did.
        """
        head, rest = lines[0], lines[1:]
        places = [round(piece.x0) for piece in head]
        if not (repeated and _near(places, self.places)):
            self.edges, self.places = _edges(head, rest[taken:]), places
        fields = header_fields(cells) or []
        seq = [i for i, (_index, _cell, name) in enumerate(fields) if name == "seq"]
        self.anchor = seq[0] if seq else 0
        if repeated:
            return rest[self.header_lines :]
        parts: dict[int, list[str]] = {i: [text] for i, text in enumerate(cells)}
        self.header_lines = len(rest)
        for index, line in enumerate(rest[taken:], start=taken):
            if any(self._column(piece) == self.anchor for piece in line) or self._across(line):
                self.header_lines = index
                break
            for piece in line:
                parts.setdefault(self._column(piece), []).append(piece.text)
        self.header = cells
        texts = ["".join(parts.get(i, [])) for i in range(len(self.edges) + 1)]
        self.rows.append((number, texts, False))
        return rest[self.header_lines :]

    def _line(self, number: int, line: list[Piece]) -> None:
        if self._across(line) or (len(line) == 1 and t.title_list_type(line[0].text)):
            self.close()
            self.rows.append((number, [line_text(line)], self._across(line)))
            return
        if self.open is None or any(self._starts_row(number, p) for p in line):
            self.close()
            self.open = (number, {})
        for piece in line:
            self.open[1].setdefault(self._column(piece), []).append(piece)

    def _starts_row(self, number: int, piece: Piece) -> bool:
        """Text in the row-starting column, unless it is that cell's wrapped next line."""
        if self._column(piece) != self.anchor:
            return False
        above = self.open[1].get(self.anchor) if self.open and self.open[0] == number else None
        return not above or piece.top - above[-1].top > 1.6 * piece.height

    def _column(self, piece: Piece) -> int:
        return sum(1 for edge in self.edges if edge <= piece.x0 + _SLACK)

    def _across(self, line: list[Piece]) -> bool:
        """A piece running over the edge of the next column is no cell."""
        for piece in line:
            column = self._column(piece)
            if column < len(self.edges) and piece.x1 > self.edges[column] + _SLACK:
                return True
        return False

    def _cell(self, pieces: list[Piece]) -> str:
        lines: list[list[Piece]] = []
        for piece in pieces:  # in reading order, across pages
            if lines and abs(lines[-1][0].top - piece.top) <= _SAME_LINE:
                lines[-1].append(piece)
            else:
                lines.append([piece])
        return self.unwrap("\n".join(line_text(line) for line in lines))


def _near(places: list[int], others: list[int]) -> bool:
    return len(places) == len(others) and all(
        abs(a - b) <= 2 for a, b in zip(places, others, strict=True)
    )


def _edges(head: list[Piece], body: list[list[Piece]]) -> list[float]:
    """Left edge of each column after the first: where its text starts, left of its header.

    A header is often centred over a column whose text starts further left; text that starts
    between two headers (on two lines at least, as left-aligned text does) belongs to the right
    one.
    """
    starts: dict[float, int] = {}
    for line in body:
        for piece in line:
            key = round(piece.x0)
            starts[key] = starts.get(key, 0) + 1
    edges = []
    for before, piece in zip(head, head[1:], strict=False):
        inside = [x for x, count in starts.items() if before.x1 < x < piece.x0 and count >= 2]
        edges.append(min([piece.x0, *inside]) - 1)
    return edges
