"""How to read a match at province scale on PostgreSQL (everything here is a no-op on SQLite).

Two facts of the item table shape every search:
- Reading an item row costs far more than reading the GIN index (rows are wide: text plus
  tokens), so a search reads at most about COUNT_CAP rows found through the index, never "all
  hits then sort".
- A word in most rows (改正, 处罚, one character such as 食) has a posting list of hundreds of
  thousands of entries: decoding it costs more than reading a few lists front to back. Those
  searches are *dense* and walk the lists in display order instead (lists.search.walk).

`share()` estimates the share of items a match has, as PostgreSQL's planner would, from the
statistics ANALYZE keeps of the token index (migration lists/0041 raises their detail), read
once every few minutes: no query per search. `through_index()` makes the planner read the GIN
index for a query: a wrong row estimate otherwise sends a rare word through a scan of
the item table.
"""

import time

from django.db import DatabaseError, connection

from lists.search import match

DENSE_SHARE = 0.05  # a match estimated in this share of all items is read list by list
FREQUENT_SHARE = 0.2  # a word in this share of all items is tested row by row, not by the index


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def share(words: list[list[str]], zones=match.ZONES) -> float:
    """The estimated share (0–1) of all items in which every word (any of its alternatives)
    matches within `zones`; 0 on SQLite. From ANALYZE's most common tokens of the GIN index
    (`token_stats`), combined as the planner does: an alternative is as frequent as its rarest
    token, a word as the sum of its alternatives, words multiply."""
    if not is_postgresql() or not words:
        return 0.0
    frequencies, floor = token_stats(INDEXES[zones])
    total = 1.0
    for alternatives in words:
        word = 0.0
        for form in alternatives:
            needed = match.grams(form)
            if needed:
                word += min(_token_share(g, frequencies, floor) for g in needed)
        total *= min(word, 1.0)
    return total


def _token_share(token: str, frequencies: dict[str, float], floor: float) -> float:
    if len(token) > 1:
        return frequencies.get(token, floor)
    # A one-character prefix: every common token starting with it.
    return min(sum(f for t, f in frequencies.items() if t[0] == token) or floor, 1.0)


INDEXES = {match.ZONES: "lists_item_search_gin", match.MATTER: "lists_item_search_a_gin"}
STATS_TTL = 600  # seconds: ANALYZE runs far less often
_STATS: dict[str, tuple[float, dict[str, float], float]] = {}


def token_stats(index: str) -> tuple[dict[str, float], float]:
    """(token → share of rows, the share assumed for any other token) from pg_stats of `index`,
    read once per process every STATS_TTL seconds."""
    cached = _STATS.get(index)
    if cached and time.monotonic() - cached[0] < STATS_TTL:
        return cached[1], cached[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s",
            [index],
        )
        row = cursor.fetchone()
    frequencies, floor = {}, 0.0
    if row and row[0]:
        tokens, shares = row[0], row[1]
        frequencies = dict(zip(tokens, shares[: len(tokens)], strict=True))
        floor = shares[len(tokens)] / 2  # half the rarest common token's share, as PostgreSQL
    _STATS[index] = (time.monotonic(), frequencies, floor)
    return frequencies, floor


def is_dense(words: list[list[str]], zones=match.ZONES) -> bool:
    return share(words, zones) >= DENSE_SHARE


def index_plan(words: list[list[str]], zones=match.ZONES):
    """(words the index is asked for, words tested row by row, `keep`) for `words` (lists of
    alternatives) on PostgreSQL. The index's cost grows with the tokens it intersects, and the
    rows that have a word's two rarest tokens nearly always have the word: so the index gets
    the two rarest tokens of each alternative (`keep`) of the rarest few words — until they
    alone narrow to a few hundred items — and LIKE checks everything else on the rows found.
    A word another one implies (化学品 beside 危险化学品) is left out. Elsewhere: (words, [], None)."""
    if not is_postgresql():
        return words, [], None
    words = [w for w in words if not any(o is not w and _implies(o, w) for o in words)]
    ranked = sorted(
        (share([w], zones), index, w) for index, w in enumerate(words) if match.indexable(w)
    )
    chosen, product = [], 1.0
    for word_share, _, word in ranked:
        enough = len(chosen) >= MAX_INDEXED_WORDS or (len(chosen) >= 2 and product < FEW_SHARE)
        if chosen and (enough or word_share >= FREQUENT_SHARE):
            break
        chosen.append(word)
        product *= word_share
    frequencies, floor = token_stats(INDEXES[zones])

    def keep(tokens: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(tokens, key=lambda t: _token_share(t, frequencies, floor)))[:KEEP]

    return chosen, [w for w in words if w not in chosen], keep


KEEP = 2  # tokens of an alternative the index is asked for
MAX_INDEXED_WORDS = 4
FEW_SHARE = 0.0005  # words that together narrow to this share need no more help from the index


def _implies(word: list[str], other: list[str]) -> bool:
    """Every alternative of `word` contains (token-wise) some alternative of `other`."""
    return (
        all(any(set(match.grams(b)) <= set(match.grams(a)) for b in other) for a in word)
        and word != other
    )


# No table scan, no ordered index scan, and no nested loop (which would probe the item table's
# version index list by list and test every row): the GIN bitmap. And no JIT: the penalty these
# settings put on the other plans would make its threshold look passed, and compiling costs far
# more than such a query. Set for the session, and set back: two round trips, no transaction.
_SETTINGS = ("enable_seqscan", "enable_indexscan", "enable_nestloop", "jit")
_SET = "SELECT " + ", ".join(f"set_config('{name}', 'off', false)" for name in _SETTINGS)
_RESET = "; ".join(f"RESET {name}" for name in _SETTINGS)


def through_index(sql: str, params: list) -> tuple:
    """The first row of `sql` (a query of the item table alone), planned as if the GIN index's
    bitmap were the only way in: settings, query and reset in one round trip."""
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"{_SET}; {sql}; {_RESET}", params)
            cursor.nextset()
            return cursor.fetchone()
        except DatabaseError:
            try:  # an error stops the statements before the reset
                cursor.execute(_RESET)
            except DatabaseError:  # within a failed transaction, whose rollback undoes the SET
                pass
            raise
