"""Marking the words that matched, in the text as written (traditional characters included)."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lists.textfold import to_simplified


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The search form of `text` character by character, and where each character came from."""
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


def highlight(text: str, marks: list[str]) -> SafeString:
    """`text` HTML-escaped, with each occurrence of a mark (folded form) wrapped in <mark>."""
    if not text:
        return mark_safe("")
    marks = [mark for mark in marks if mark]
    if not marks:
        return escape(text)
    folded, origin = _folded_with_origin(text)
    pattern = re.compile("|".join(re.escape(m) for m in sorted(set(marks), key=len, reverse=True)))
    parts, last = [], 0
    for found in pattern.finditer(folded):
        start, end = origin[found.start()], origin[found.end() - 1] + 1
        if start < last:
            continue
        parts.append(escape(text[last:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
