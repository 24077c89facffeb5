"""How to read a match at province scale on PostgreSQL (everything here is a no-op on SQLite).

Two facts of the item table shape every search:
- Reading an item row costs far more than reading the GIN index (rows are wide: text plus
  tokens), so a search reads at most about COUNT_CAP rows found through the index, never "all
  hits then sort".
- A word in most rows (改正, 处罚, one character such as 食) has a posting list of hundreds of
  thousands of entries: decoding it costs more than reading a few lists front to back. Those
  searches are *dense* and walk the lists in display order instead (lists.search.walk).

`estimate()` asks PostgreSQL's planner (planning only, from ANALYZE's statistics of the token
index; migration lists/0040 raises their detail) how many items a tsquery matches, and
`bitmap_scans()` makes the planner read the GIN index for the next queries: a wrong row estimate
otherwise sends a rare word through a scan of the item table.
"""

import json
import time
from contextlib import contextmanager

from django.db import connection, transaction

from lists.search import match

DENSE_SHARE = 0.02  # a match estimated in this share of all items is read list by list
_TABLE_ROWS: dict[str, tuple[float, float]] = {}  # vendor → (rows, when read)
TABLE_ROWS_TTL = 300


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def estimate(tsquery_text: str, vector: str = match.ALL_VECTOR) -> float | None:
    """Items the planner expects `vector @@ tsquery_text` to match; None on SQLite."""
    if not is_postgresql():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f'EXPLAIN (FORMAT JSON) SELECT 1 FROM "lists_item" WHERE {vector} @@ %s::tsquery',
            [tsquery_text],
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def table_rows() -> float:
    """The item table's row count as ANALYZE last saw it (cached for a few minutes)."""
    cached = _TABLE_ROWS.get("rows")
    if cached and time.monotonic() - cached[1] < TABLE_ROWS_TTL:
        return cached[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'lists_item'")
        row = cursor.fetchone()
    rows = max(float(row[0]) if row else 0.0, 1.0)
    _TABLE_ROWS["rows"] = (rows, time.monotonic())
    return rows


def share(tsquery_text: str, vector: str = match.ALL_VECTOR) -> float:
    """The estimated share (0–1) of all items that match; 0 on SQLite."""
    rows = estimate(tsquery_text, vector)
    return 0.0 if rows is None else min(rows / table_rows(), 1.0)


def is_dense(tsquery_text: str, vector: str = match.ALL_VECTOR) -> bool:
    return share(tsquery_text, vector) >= DENSE_SHARE


@contextmanager
def bitmap_scans():
    """Within the block, PostgreSQL reads the item table through its indexes' bitmaps (the GIN
    token index), never by a scan filtered row by row."""
    if not is_postgresql():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"
        )
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'on', true), "
                "set_config('enable_indexscan', 'on', true)"
            )
