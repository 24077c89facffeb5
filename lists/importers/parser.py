"""From grids of text rows to the lists, columns and rows a clerk sees in the preview.

A small state machine per grid: text above the header (titles, sign-off lines, scope
paragraphs) only tells the list type; the header row maps columns to Item fields; section rows,
repeated headers, "无" rows and footers are recognised and kept out of the items.
"""

import logging
from collections import defaultdict
from dataclasses import replace

from lists.importers import text as t
from lists.importers.reader import Counter, Reader, header_fields  # noqa: F401
from lists.importers.results import (
    CORRUPT,
    MIXED_TYPES,
    NO_HEADER,
    NO_ITEMS,
    UNKNOWN_TYPE,
    ImportFailed,
    ParsedList,
    Preview,
    RowError,
)
from lists.importers.sources import Grid, open_grids
from lists.ordering import section_rank

logger = logging.getLogger(__name__)


def parse_file(data: bytes) -> list[Grid]:
    """Every row of every table in the file, read once; ImportFailed when it cannot be read."""
    try:
        return open_grids(data)
    except ImportFailed:
        raise
    except Exception as error:  # damaged zips and XML surface anywhere, even while rows stream
        logger.info("unreadable import file", exc_info=True)
        raise ImportFailed(CORRUPT) from error


def read_table(
    source: "bytes | list[Grid]",
    *,
    list_type: str | None = None,
    overrides=None,
    include_hidden: bool = False,
    condition: str = "",
) -> Preview:
    """Read an uploaded file (or the grids parse_file kept of it) into a preview.

    `overrides` maps (list index, column index) to a field name or "extra": the clerk's
    corrections of the column mapping. Hidden rows and columns are left out unless
    `include_hidden`; `condition` is given to every row that has none (a list that states its
    condition once, outside the table).
    """
    grids = parse_file(source) if isinstance(source, bytes) else source
    counter = Counter(include_hidden, condition)
    lists: list[ParsedList] = []
    for grid in grids:
        lists.extend(Reader(grid, list_type, overrides or {}, counter).read())
    preview = _finish(lists, list_type)
    if condition or any(parsed.no_condition_column for parsed in lists):
        preview.suggested_condition = condition or t.stated_condition(
            text for parsed in lists for _place, text in parsed.skipped
        )
    return preview


def _finish(lists: list[ParsedList], forced_type: str | None) -> Preview:
    lists = [parsed for parsed in lists if parsed.columns or parsed.rows or parsed.errors]
    if not any(parsed.columns for parsed in lists):
        errors = [error for parsed in lists for error in parsed.errors]
        raise ImportFailed(errors[:20] or NO_HEADER)
    lists, mixed = _split_by_row_type(lists, forced_type)
    preview = Preview(lists)
    preview.errors.extend(mixed)
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


def _split_by_row_type(lists: list[ParsedList], forced: str | None):
    """A table with a 清单 column: its rows go to their own lists, never all into one."""
    out, errors = [], []
    for parsed in lists:
        types = {row.list_type or parsed.list_type for row in parsed.rows if row.list_type}
        if not types or types == {parsed.list_type}:
            out.append(parsed)
            continue
        if forced:
            names = "、".join(sorted(t.LIST_TYPE_NAMES.get(code, code) for code in types))
            name = t.LIST_TYPE_NAMES.get(forced, forced)
            errors.append(RowError(MIXED_TYPES.format(names=names, forced=name)))
            out.append(parsed)
            continue
        by_type: dict = {}
        for row in parsed.rows:
            code = row.list_type or parsed.list_type
            if code not in by_type:
                first = not by_type  # the table's own errors and notes go with its first list
                by_type[code] = replace(
                    parsed,
                    list_type=code,
                    rows=[],
                    errors=parsed.errors if first else [],
                    skipped=parsed.skipped if first else [],
                    warnings=parsed.warnings if first else [],
                    hidden_columns=parsed.hidden_columns if first else [],
                    hidden_rows=parsed.hidden_rows if first else [],
                )
            by_type[code].rows.append(row)
        out.extend(by_type.values())
    return out, errors


def _number(preview: Preview) -> None:
    """Number rows as lists.services.renumber will: per list type, sections first."""
    groups = defaultdict(list)
    for parsed in preview.lists:
        groups[parsed.list_type].extend(parsed.rows)
    for rows in groups.values():
        ordered = sorted(rows, key=lambda row: section_rank(row.section))
        for number, row in enumerate(ordered, start=1):
            row.seq = number
