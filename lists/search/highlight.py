"""Marking the words that matched, in the text as written (traditional characters included)."""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lists.textfold import to_simplified


def _folded_with_origin(text: str) -> tuple[str, list[int] | None]:
    """The search form of `text` character by character, and where each character came from
    (None: from the same position, the common case of text already in NFKC form)."""
    if unicodedata.is_normalized("NFKC", text):
        normal, origin = text, None
    else:
        chars, origin = [], []
        for index, char in enumerate(text):
            for folded in unicodedata.normalize("NFKC", char):
                chars.append(folded)
                origin.append(index)
        normal = "".join(chars)
    simplified = to_simplified(normal)
    if len(simplified) != len(normal):  # a phrase conversion changed the length: go char by char
        simplified = "".join(to_simplified(c)[:1] or c for c in normal)
    return simplified.lower(), origin


@functools.lru_cache(maxsize=64)
def _pattern(marks: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(m) for m in sorted(set(marks), key=len, reverse=True)))


def highlight(text: str, marks: list[str]) -> SafeString:
    """`text` HTML-escaped, with each occurrence of a mark (folded form) wrapped in <mark>."""
    if not text:
        return mark_safe("")
    marks = tuple(mark for mark in marks if mark)
    if not marks:
        return escape(text)
    folded, origin = _folded_with_origin(text)
    pattern = _pattern(marks)
    parts, last = [], 0
    for found in pattern.finditer(folded):
        start, end = found.start(), found.end()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        if start < last:
            continue
        parts.append(escape(text[last:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
