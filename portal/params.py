"""Numbers in query strings, parsed strictly: ASCII digits only, bounded.

`str.isdigit()` accepts "²" and "١", which `int()` then refuses or reads as a huge number; a
public URL must answer 404 or fall back, never 500.
"""

import re

DIGITS = re.compile(r"[0-9]{1,9}")
LIMIT = 10**9


def parse_int(value: str | None, default: int | None = None, *, low: int = 0, high: int = LIMIT):
    """`value` as an int in [low, high] when it is 1-9 ASCII digits, else `default`."""
    if value is None or not DIGITS.fullmatch(value):
        return default
    number = int(value)
    return number if low <= number <= high else default
