"""Importing the tables agencies already have (.xlsx, .xls, .docx, .csv) into a list's draft.

`read_table(data)` reads a file into a `Preview` (lists, column mappings, rows, errors) without
touching the database; `import_preview(preview, ...)` writes a valid preview into the drafts.
"""

from lists.importers.parser import read_table
from lists.importers.results import Column, ImportFailed, ParsedList, ParsedRow, Preview, RowError
from lists.importers.text import EXTRA, FIELD_LABELS
from lists.importers.writer import APPEND, MODES, REPLACE, import_preview

__all__ = [
    "APPEND",
    "MODES",
    "REPLACE",
    "import_preview",
    "EXTRA",
    "FIELD_LABELS",
    "Column",
    "ImportFailed",
    "ParsedList",
    "ParsedRow",
    "Preview",
    "RowError",
    "read_table",
]
