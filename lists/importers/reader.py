"""The state machine that reads one grid into lists: header, headings, sections, rows.

Text above the header (titles, sign-off lines, scope paragraphs) only tells the list type; the
header row maps columns to Item fields; section rows, heading rows (一、/（一）), repeated
headers, "无" rows and footers are recognised and kept out of the items; hidden rows and
columns are left out unless the clerk asks for them.
"""

import functools
import re

from lists.importers import text as t
from lists.importers.grid import Grid, Row
from lists.importers.limits import limit
from lists.importers.results import (
    MISSING_COLUMN,
    NO_CONDITION,
    NO_CONDITION_COLUMN,
    NO_MATTER,
    ORIGINAL_SEQ,
    REQUIRED_EXAMPLES,
    TOO_LONG,
    TOO_MANY_ROWS,
    UNKNOWN_ROW_TYPE,
    Column,
    ImportFailed,
    ParsedList,
    ParsedRow,
    RowError,
)
from lists.importers.text import header_fields
from lists.itemtext import normalise

_ENUMERATOR = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[、.)）]")


@functools.cache
def _max_lengths() -> dict[str, int]:
    """Length limits of Item's short text fields, from the model itself."""
    from lists.models import Item

    fields = (Item._meta.get_field(name) for name in t.TEXT_FIELDS)
    return {field.name: field.max_length for field in fields if field.max_length}


def _stored(value: str) -> bool:
    """Is anything left of the text once stored in the one form (control characters go)?"""
    return bool(value.strip()) and (value.isprintable() or bool(normalise(value)))


class Counter:
    """What the readers of one file share: numbering of lists, rows so far, the clerk's choices."""

    def __init__(self, include_hidden: bool = False, condition: str = ""):
        self.lists = 0
        self.rows = 0
        self.include_hidden, self.condition = include_hidden, condition


class Reader:
    def __init__(self, grid: Grid, forced_type, overrides, counter: Counter):
        self.grid, self.forced, self.overrides, self.counter = grid, forced_type, overrides, counter
        self.lists: list[ParsedList] = []
        self.columns: list[Column] | None = None
        self.found: list = []
        self.section: int | None = None
        self.stopped = False
        self.type_from_header = False
        self.hidden = set() if counter.include_hidden else set(grid.hidden_columns)
        self.headings: dict[int, str] = {}  # heading level -> text, above the current rows
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
        self.headings = {}
        if self.columns is not None:  # a title with no header of its own reuses the last one
            self.columns = parsed.columns = self._columns(self.found)

    def _row(self, row: Row) -> None:
        if row.hidden and not self.counter.include_hidden:
            self.current.hidden_rows.append(row.place)
            return
        raw = row.cells
        if self.hidden:
            cells = [c if i not in self.hidden else "" for i, c in enumerate(raw)]
            row = Row(cells, row.place, wide=row.wide)
        filled = [(index, cell) for index, cell in enumerate(row.cells) if cell]
        if not filled:
            return
        if (found := header_fields(row.cells)) is not None:
            self._note_hidden_columns(raw, row.place)
            return self._header(row, found)
        texts = {cell for _index, cell in filled}
        wide = row.wide or (len(filled) >= 3 and len(texts) == 1)  # CSV repeats a merged text
        if len(texts) == 1 and (wide or self._is_banner(filled)):
            return self._banner(row, *filled[0], wide)
        if self.columns is None or self.stopped:  # above the header, or after the notes
            self.current.skipped.append((row.place, " ".join(dict.fromkeys(c for _i, c in filled))))
            return
        first_index, first_text = filled[0]
        if t.is_footer(first_text) and first_index <= self._column_of("matter", 0):
            self.stopped = True
            self.current.skipped.append((row.place, first_text))
            return
        if (heading := self._heading_row(row)) is not None:
            return self._heading(row, *heading)
        self._data(row)

    def _note_hidden_columns(self, raw: list[str], place) -> None:
        for index in sorted(self.hidden):
            name = raw[index] if index < len(raw) and raw[index] else f"{place.column(index)} 列"
            if name not in self.current.hidden_columns:
                self.current.hidden_columns.append(name)

    def _heading_row(self, row: Row) -> tuple[int, str] | None:
        """(level, text) for a heading inside the table: 一、/（一） numbering, no condition."""
        seq_index = self._column_of("seq")
        cells = row.cells
        seq = cells[seq_index] if seq_index is not None and seq_index < len(cells) else ""
        condition = self._column_of("condition")
        if condition is not None and condition < len(cells) and cells[condition]:
            return None
        texts = [c for i, c in enumerate(cells) if c and i != seq_index]
        level = t.heading_level(seq) if seq else None
        if level is not None:
            return level, " ".join(dict.fromkeys(texts)) or t.heading_text(seq)
        if len(set(texts)) == 1 and (level := t.heading_level(texts[0])) is not None:
            return level, t.heading_text(texts[0])
        return None

    def _heading(self, row: Row, level: int, text: str) -> None:
        self.current.skipped.append((row.place, text))
        number = t.section_number(text) if self.current.list_type in (None, "no-penalty") else None
        if number is not None:
            self.current.list_type, self.section = "no-penalty", number
            return
        self.headings = {k: v for k, v in self.headings.items() if k < level}
        self.headings[level] = t.heading_text(text)

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

    def _banner(self, row: Row, index: int, cell: str, wide: bool) -> None:
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
            else:
                self.current.skipped.append((row.place, cell))
            return
        elif self.columns is not None and (level := t.heading_level(cell)) is not None:
            return self._heading(row, level, cell)
        elif self.columns is not None and wide and not self.stopped and t.heading_like(cell):
            # An unnumbered heading merged across the table ("城市管理领域"): from the first
            # column it heads a group, from the matter column a group inside one.
            return self._heading(row, 1 if index <= self._column_of("seq", 0) else 2, cell)
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
        missing = [name for name in ("matter",) if name not in fields]
        if "condition" not in fields and not missing:
            self.current.no_condition_column = True
            if NO_CONDITION_COLUMN not in self.current.warnings:
                self.current.warnings.append(NO_CONDITION_COLUMN)
        for name in missing:
            message = MISSING_COLUMN.format(
                label=t.FIELD_LABELS[name], examples=REQUIRED_EXAMPLES[name]
            )
            if all(error.message != message for error in self.current.errors):
                self.current.errors.append(RowError(message, row.place))
        self.columns = None if missing else columns  # rows under a bad header are not read
        if not self.current.columns or not self.current.rows:
            # Shown in the preview, where the clerk can remap; of a two-level header ("依据"
            # over "违反条款 | 不予处罚依据"), the lower row, which the rows are read by.
            self.current.columns = columns

    def _columns(self, found) -> list[Column]:
        columns, used, headers = [], set(), set()
        for index, cell, field in found:
            field = self.overrides.get((self.current.index, index)) or field
            field = field if field in t.FIELD_LABELS or field in (t.EXTRA, t.LIST_TYPE) else None
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
        type_text = values.pop(t.LIST_TYPE, "")
        matter = values.get("matter", "")
        blank = not extra and all(t.is_placeholder(v) for v in values.values())
        self._enrich(row, values, extra)
        if (matter and t.is_placeholder(matter)) or blank:  # "1 | 无", or a number alone
            self.current.skipped.append((row.place, matter or "（空行）"))
            return
        self.counter.rows += 1
        if self.counter.rows > limit("IMPORT_MAX_ROWS"):
            raise ImportFailed(TOO_MANY_ROWS.format(limit=limit("IMPORT_MAX_ROWS")))
        parsed = ParsedRow(row.place, values, extra, section=self.section)
        parsed.errors = self._errors(parsed)
        if type_text:
            parsed.list_type = t.list_type_in(type_text)
            if parsed.list_type is None:
                message = UNKNOWN_ROW_TYPE.format(text=type_text[:40])
                parsed.errors.append(RowError(message, row.place, self._column_of(t.LIST_TYPE)))
        self.current.rows.append(parsed)

    def _enrich(self, row: Row, values: dict, extra: dict) -> None:
        """What the row gets from around it: headings above, an original code, a condition."""
        if self.headings and not values.get("category"):
            values["category"] = "/".join(self.headings[k] for k in sorted(self.headings))
        seq_index = self._column_of("seq")
        if seq_index is not None and seq_index < len(row.cells):
            code = row.cells[seq_index]
            if code and not t.is_plain_number(code):
                extra.setdefault(ORIGINAL_SEQ, code)  # "1-1": items are renumbered
        if not values.get("condition") and self.counter.condition:
            values["condition"] = self.counter.condition

    def _errors(self, parsed: ParsedRow) -> list[RowError]:
        """The model's field rules, on the text as it will be stored (lists.itemtext)."""
        errors = []
        required = [("matter", NO_MATTER)]
        if not self.current.no_condition_column:
            required.append(("condition", NO_CONDITION))
        for field, message in required:
            if not _stored(parsed.values.get(field, "")):
                errors.append(RowError(message, parsed.place, self._column_of(field)))
        for field, longest in _max_lengths().items():
            value = parsed.values.get(field, "")
            if len(value) > longest and len(normalise(value)) > longest:
                message = TOO_LONG.format(label=t.FIELD_LABELS[field], limit=longest)
                errors.append(RowError(message, parsed.place, self._column_of(field)))
        return errors
