"""Caps on the work one upload may cause, counted while the file streams.

Every reader calls `Budget.row()` for each physical row it reads (blank and skipped rows
included), so a file of five million empty lines stops at the cap instead of at the end. All
limits are settings (see portal/settings.py); the defaults are ample for a real list.
"""

import time

from django.conf import settings

from lists.importers.results import (
    TOO_MANY_CELLS,
    TOO_MANY_ROWS_READ,
    TOO_SLOW,
    ImportFailed,
)

DEFAULTS = {
    "IMPORT_MAX_BYTES": 10 * 2**20,  # the uploaded file itself
    "IMPORT_MAX_ROWS": 50_000,  # rows that become items
    "IMPORT_MAX_ROWS_READ": 100_000,  # every row read: titles, blanks, skipped rows included
    "IMPORT_MAX_CELLS": 1_000_000,  # non-empty cells
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 100 * 2**20,
    "IMPORT_MAX_SECONDS": 25,  # one parse, in the request: under the web worker's timeout (30 s)
    "IMPORT_MAX_PDF_PAGES": 300,
    "IMPORT_CONVERT_SECONDS": 60,  # one LibreOffice conversion
    "IMPORT_CONVERT_MEMORY_BYTES": 3 * 2**30,  # address space of a LibreOffice or PDF worker
}


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


class Budget:
    """Counts rows, cells and time for one parse; raises ImportFailed past any cap."""

    def __init__(self):
        self.max_rows = limit("IMPORT_MAX_ROWS_READ")
        self.max_cells = limit("IMPORT_MAX_CELLS")
        self.seconds = limit("IMPORT_MAX_SECONDS")
        self.deadline = time.monotonic() + self.seconds
        self.rows = 0
        self.cells = 0

    def row(self, cells: int = 0, count: int = 1) -> None:
        self.rows += count
        self.cells += cells
        if self.rows > self.max_rows:
            raise ImportFailed(TOO_MANY_ROWS_READ.format(limit=self.max_rows))
        if self.cells > self.max_cells:
            raise ImportFailed(TOO_MANY_CELLS.format(limit=self.max_cells))
        self.check_time()  # every row: a row of 16,384 cells is slow, and the clock is cheap

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ImportFailed(TOO_SLOW.format(seconds=self.seconds))

    def remaining(self) -> float:
        """Seconds left, for a subprocess's timeout."""
        return max(1.0, self.deadline - time.monotonic())
