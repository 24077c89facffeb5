"""Relevance order of a bounded set of candidates, computed in Python from their tokens.

Best first (the same on SQLite and PostgreSQL, since both hand over the same token strings):
  1. more of the query's words found, heavier words counting more (`Word.weight`: 营业执照 tells
     more than 未) — all words above some;
  2. a phrase of the query (a run the segmenter split, in any of its synonyms' wordings) in the
     事项 — phrase above scattered words;
  3. more (weighted) words in the 事项 (matter);
  4. in a relaxed search, words that found nothing (typos, everyday words no list uses) still
     count by their characters in the 事项 (粮库 → 粮油仓储单位…);
  5. the typed form rather than a synonym in the 事项;
  6. a phrase, then more words, in the 适用条件 (condition);
  7. a phrase anywhere (法律依据 / 从宽依据 / 类别 / 备注 included);
  8. agency order, list type, 序号 (lists.search.walk.ORDERING).
"""

from dataclasses import dataclass

from lists.search.match import grams
from lists.search.query import Query, Word

# What a candidate row is read with (values_list order): id, zones, display order.
COLUMNS = (
    "pk",
    "search_a",
    "search_b",
    "search_c",
    "version__list__agency__order",
    "version__list__agency__code",
    "version__list__list_type__order",
    "seq",
)
MAX_FORMS = 24  # alternatives of a word that count for ranking


class Zone:
    """The tokens of one zone of one item, for membership tests."""

    __slots__ = ("tokens", "starts")

    def __init__(self, text: str):
        self.tokens = set(text.split())
        self.starts = {token[0] for token in self.tokens}

    def has(self, form: str) -> bool:
        needed = grams(form)
        return bool(needed) and all(
            (g in self.starts) if len(g) == 1 else (g in self.tokens) for g in needed
        )

    def has_any(self, forms: list[str]) -> bool:
        return any(self.has(form) for form in forms[:MAX_FORMS])


@dataclass
class Candidate:
    pk: int
    a: Zone
    b: Zone
    c: Zone
    order: tuple


def candidate(row: tuple) -> Candidate:
    pk, a, b, c, *order = row
    return Candidate(pk, Zone(a or ""), Zone(b or ""), Zone(c or ""), (*order, pk))


def key(item: Candidate, query: Query, soft: list[Word]) -> tuple:
    """Sort key of one candidate (ascending sorts best first)."""
    words = [word for word in query.words if word not in soft]
    found = in_a = exact_a = in_b = 0
    for word in words:
        forms = word.alternatives
        a = item.a.has_any(forms)
        b = item.b.has_any(forms)
        if a or b or item.c.has_any(forms):
            found += word.weight
        in_a += word.weight * a
        in_b += word.weight * b
        exact_a += item.a.has(word.text)
    softly = 0
    for word in soft:
        if item.a.has_any(word.alternatives):
            softly += 2 * word.weight
        elif item.b.has_any(word.alternatives) or item.c.has_any(word.alternatives):
            softly += word.weight
        else:
            softly += sum(item.a.has(char) for char in dict.fromkeys(word.text))
    phrase_a = any(item.a.has_any(forms) for forms in query.phrases)
    phrase_b = any(item.b.has_any(forms) for forms in query.phrases)
    phrase_c = any(item.c.has_any(forms) for forms in query.phrases)
    return (-found, -phrase_a, -in_a, -softly, -exact_a, -phrase_b, -in_b, -phrase_c, item.order)


def ranked(rows: list[tuple], query: Query, soft: list[Word] = ()) -> list[int]:
    """The ids of candidate `rows` (read with COLUMNS), best first."""
    candidates = [candidate(row) for row in rows]
    soft = list(soft)
    return [c.pk for c in sorted(candidates, key=lambda c: key(c, query, soft))]
