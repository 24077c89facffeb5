"""Folding Chinese text to one comparable form: full width to half width, traditional to simplified.

Many published rows came in traditional characters (當事人首次違法…), and citizens type either
form. Comparing, recognising and searching all go through the same fold, backed by OpenCC (the
maintained converter with phrase-level tables, e.g. 後 → 后 but 皇后 stays), never a hand-made
character table. Stored text is never folded: cells are kept as written; only comparison forms are.

- `fold(text)`: NFKC (full width → half width) then traditional → simplified; spaces and case kept.
- `search_fold(text)`: `fold`, lower-cased, whitespace runs collapsed to one space — the form that
  search indexes and queries are compared in.
- `to_simplified` / `to_traditional`: plain OpenCC conversions (t2s / s2t).
"""

import functools
import re
import unicodedata

import opencc

_SPACES = re.compile(r"\s+")


@functools.cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s); simplified text is returned unchanged."""
    return _converter("t2s").convert(text) if text else ""


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC s2t)."""
    return _converter("s2t").convert(text) if text else ""


def fold(text: str) -> str:
    """Full-width to half-width and traditional to simplified; spaces and case kept."""
    return to_simplified(unicodedata.normalize("NFKC", text or ""))


def search_fold(text: str) -> str:
    """The search form: folded, lower-cased, whitespace collapsed to single spaces, trimmed."""
    return _SPACES.sub(" ", fold(text).lower()).strip()
