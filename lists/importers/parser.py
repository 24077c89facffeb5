"""From grids of text rows to the lists, columns and rows a clerk sees in the preview.

A small state machine per grid: text above the header (titles, sign-off lines, scope
paragraphs) only tells the list type; the header row maps columns to Item fields; section rows,
repeated headers, "无" rows and footers are recognised and kept out of the items.
"""

import functools
import logging
import re
from collections import defaultdict

from lists.importers import text as t
from lists.importers.results import (
    CORRUPT,
    MISSING_COLUMN,
    NO_CONDITION,
    NO_HEADER,
    NO_ITEMS,
    NO_MATTER,
    REQUIRED_EXAMPLES,
    TOO_LONG,
    TOO_MANY_ROWS,
    UNKNOWN_TYPE,
    Column,
    ImportFailed,
    ParsedList,
    ParsedRow,
    Preview,
    RowError,
)
from lists.importers.sources import Grid, Row, open_grids

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
_ENUMERATOR = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[、.)）]")


def read_table(data: bytes, *, list_type: str | None = None, overrides=None) -> Preview:
    """Read an uploaded file into a preview; ImportFailed when it cannot be read at all.

    `overrides` maps (list index, column index) to a field name or "extra": the clerk's
    corrections of the column mapping.
    """
    counter = _Counter()
    lists: list[ParsedList] = []
    try:
        for grid in open_grids(data):
            lists.extend(_Reader(grid, list_type, overrides or {}, counter).read())
    except ImportFailed:
        raise
    except Exception as error:  # damaged zips and XML surface anywhere, even while rows stream
        logger.info("unreadable import file", exc_info=True)
        raise ImportFailed(CORRUPT) from error
    return _finish(lists, list_type)


class _Counter:
    def __init__(self):
        self.lists = 0
        self.rows = 0


def _finish(lists: list[ParsedList], forced_type: str | None) -> Preview:
    lists = [parsed for parsed in lists if parsed.columns or parsed.rows or parsed.errors]
    if not any(parsed.columns for parsed in lists):
        errors = [error for parsed in lists for error in parsed.errors]
        raise ImportFailed(errors[:20] or NO_HEADER)
    preview = Preview(lists)
    for parsed in lists:
        if parsed.list_type != "no-penalty":
            for row in parsed.rows:
                row.section = None
        if parsed.rows and parsed.list_type is None:
            preview.errors.append(RowError(UNKNOWN_TYPE))
            break
    if not preview.rows and not preview.all_errors:
        preview.errors.append(RowError(NO_ITEMS))
    _number(preview)
    return preview


def _number(preview: Preview) -> None:
    """Number rows as lists.services.renumber will: per list type, sections first."""
    groups = defaultdict(list)
    for parsed in preview.lists:
        groups[parsed.list_type].extend(parsed.rows)
    for rows in groups.values():
        ordered = sorted(rows, key=lambda row: row.section or 0)
        for number, row in enumerate(ordered, start=1):
            row.seq = number


@functools.cache
def _max_lengths() -> dict[str, int]:
    """Length limits of Item's short text fields, from the model itself."""
    from lists.models import Item

    fields = (Item._meta.get_field(name) for name in t.TEXT_FIELDS)
    return {field.name: field.max_length for field in fields if field.max_length}


def header_fields(cells: list[str]) -> list[tuple[int, str, str | None]] | None:
    """(index, header, field) for a header row, None for any other row."""
    found = []
    for index, cell in enumerate(cells):
        if cell:
            found.append((index, cell, t.field_for_header(cell) if len(cell) <= 40 else None))
    known = {field for _i, _c, field in found if field not in (None, t.EXTRA, "seq")}
    recognised = [item for item in found if item[2] is not None]
    if len(known) >= 2 and known & {"matter", "condition"} and 2 * len(recognised) >= len(found):
        return found
    return None


class _Reader:
    def __init__(self, grid: Grid, forced_type, overrides, counter: _Counter):
        self.grid, self.forced, self.overrides, self.counter = grid, forced_type, overrides, counter
        self.lists: list[ParsedList] = []
        self.columns: list[Column] | None = None
        self.found: list = []
        self.section: int | None = None
        self.stopped = False
        self.type_from_header = False
        self._start(t.list_type_in(grid.name) if grid.name else None, grid.name)

    def read(self) -> list[ParsedList]:
        for row in self.grid.rows:
            self._row(row)
        return self.lists

    @property
    def current(self) -> ParsedList:
        return self.lists[-1]

    def _start(self, list_type, title) -> None:
        parsed = ParsedList(self.forced or list_type, title=title)
        parsed.index = self.counter.lists
        self.counter.lists += 1
        self.lists.append(parsed)
        self.section, self.stopped, self.type_from_header = None, False, False
        if self.columns is not None:  # a title with no header of its own reuses the last one
            self.columns = parsed.columns = self._columns(self.found)

    def _row(self, row: Row) -> None:
        filled = [(index, cell) for index, cell in enumerate(row.cells) if cell]
        if not filled:
            return
        if (found := header_fields(row.cells)) is not None:
            return self._header(row, found)
        texts = {cell for _index, cell in filled}
        if len(texts) == 1 and self._is_banner(filled):
            return self._banner(row, filled[0][1])
        if self.columns is None or self.stopped:
            return
        first_index, first_text = filled[0]
        if t.is_footer(first_text) and first_index <= self._column_of("matter", 0):
            self.stopped = True
            self.current.skipped.append((row.place, first_text))
            return
        self._data(row)

    def _column_of(self, field: str, default=None):
        for column in self.columns or ():
            if column.field == field:
                return column.index
        return default

    def _is_banner(self, filled) -> bool:
        """A row holding one text: a title, section, footer... or a data row with one cell."""
        if self.columns is None:
            return True
        index, cell = filled[0]
        if t.is_footer(cell) or t.is_sign_off(cell) or self._section(cell):
            return True
        if t.title_list_type(cell):
            return True
        if len(filled) > 1:  # a merged row that a CSV export repeated in every cell
            return index == 0 and len(filled) >= 3
        return index not in (self._column_of("matter"), self._column_of("condition"))

    def _section(self, cell: str) -> int | None:
        if not (_ENUMERATOR.match(t.fold(cell).strip()) or "下列" in t.squash(cell)):
            return None
        return t.section_number(cell)

    def _banner(self, row: Row, cell: str) -> None:
        if self.columns is not None and t.is_footer(cell):
            self.stopped = True
        elif (number := self._section(cell)) is not None:
            if self.current.list_type in (None, "no-penalty"):
                # The three statutory sections exist only in the no-penalty list.
                self.current.list_type, self.section = "no-penalty", number
        elif (list_type := t.title_list_type(cell)) is not None:
            if self.current.rows:
                self._start(list_type, cell)
            elif not self.forced:
                self.current.list_type, self.current.title = list_type, cell
                self.type_from_header = False
            return
        self.current.skipped.append((row.place, cell))

    def _header(self, row: Row, found) -> None:
        header_type = None
        for _index, cell, field in found:
            if field in ("condition", "leniency_basis", "matter"):
                header_type = header_type or t.list_type_in(cell)
        if header_type and self.current.rows and self.type_from_header:
            if header_type != self.current.list_type:
                self._start(header_type, "")
        if self.current.list_type is None and not self.forced and header_type:
            self.current.list_type, self.type_from_header = header_type, True
        self.found = found
        columns = self._columns(found)
        self.stopped = False
        fields = {column.field for column in columns}
        missing = [name for name in ("matter", "condition") if name not in fields]
        for name in missing:
            message = MISSING_COLUMN.format(
                label=t.FIELD_LABELS[name], examples=REQUIRED_EXAMPLES[name]
            )
            if all(error.message != message for error in self.current.errors):
                self.current.errors.append(RowError(message, row.place))
        self.columns = None if missing else columns  # rows under a bad header are not read
        if not self.current.columns:
            self.current.columns = columns  # shown in the preview, where the clerk can remap

    def _columns(self, found) -> list[Column]:
        columns, used, headers = [], set(), set()
        for index, cell, field in found:
            field = self.overrides.get((self.current.index, index)) or field
            field = field if field in t.FIELD_LABELS or field == t.EXTRA else None
            if field in used or field is None:
                field = t.EXTRA
            if field != t.EXTRA:
                used.add(field)
            header = cell
            while header in headers:
                header = f"{header}（{index + 1}）"
            headers.add(header)
            columns.append(Column(index, header, field))
        return columns

    def _data(self, row: Row) -> None:
        values, extra, known = {}, {}, set()
        for column in self.columns:
            known.add(column.index)
            cell = row.cells[column.index] if column.index < len(row.cells) else ""
            if column.field == t.EXTRA:
                if cell:
                    extra[column.header] = cell
            elif column.field != "seq":
                values[column.field] = cell
        for index, cell in enumerate(row.cells):
            if cell and index not in known:
                extra[f"{row.place.column(index)} 列"] = cell
        matter = values.get("matter", "")
        blank = not extra and all(t.is_placeholder(v) for v in values.values())
        if (matter and t.is_placeholder(matter)) or blank:  # "1 | 无", or a number alone
            self.current.skipped.append((row.place, matter or "（空行）"))
            return
        self.counter.rows += 1
        if self.counter.rows > MAX_ROWS:
            raise ImportFailed(TOO_MANY_ROWS.format(limit=MAX_ROWS))
        parsed = ParsedRow(row.place, values, extra, section=self.section)
        parsed.errors = self._errors(parsed)
        self.current.rows.append(parsed)

    def _errors(self, parsed: ParsedRow) -> list[RowError]:
        errors = []
        for field, message in (("matter", NO_MATTER), ("condition", NO_CONDITION)):
            if not parsed.values.get(field):
                errors.append(RowError(message, parsed.place, self._column_of(field)))
        for field, limit in _max_lengths().items():
            if len(parsed.values.get(field, "")) > limit:
                message = TOO_LONG.format(label=t.FIELD_LABELS[field], limit=limit)
                errors.append(RowError(message, parsed.place, self._column_of(field)))
        return errors
