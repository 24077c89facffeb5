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

# What a candidate row is read with (values_list order): id, display order, zones. The third
# zone (法律依据 …, the longest) only when a relaxed search needs to count words found there.
COLUMNS = (
    "pk",
    "version__list__agency__order",
    "version__list__agency__code",
    "version__list__list_type__order",
    "seq",
    "search_a",
    "search_b",
)
ALL_COLUMNS = (*COLUMNS, "search_c")
MAX_FORMS = 16  # alternatives of a word that count for ranking


class Zone:
    """The token string of one zone of one item (" 食品 经营 … "), for membership tests."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text or ""

    def has(self, form: str) -> bool:
        needed = grams(form)
        text = self.text
        return bool(needed) and all((f" {g}" if len(g) == 1 else f" {g} ") in text for g in needed)

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
    pk, agency_order, agency_code, type_order, seq, a, b, *c = row
    order = (agency_order, agency_code, type_order, seq, pk)
    return Candidate(pk, Zone(a), Zone(b), Zone(c[0] if c else ""), order)


def key(item: Candidate, query: Query, soft: list[Word], relaxed: bool) -> tuple:
    """Sort key of one candidate (ascending sorts best first). Unless `relaxed`, every candidate
    has every word, and the third zone was not read."""
    words = [word for word in query.words if word not in soft]
    found = in_a = exact_a = in_b = 0
    for word in words:
        forms = word.alternatives
        a = item.a.has_any(forms)
        b = item.b.has_any(forms)
        if relaxed and (a or b or item.c.has_any(forms)):
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


def ranked(
    rows: list[tuple], query: Query, soft: list[Word] = (), relaxed: bool = False
) -> list[int]:
    """The ids of candidate `rows` (read with COLUMNS, or ALL_COLUMNS if `relaxed`), best first."""
    candidates = [candidate(row) for row in rows]
    soft = list(soft)
    return [c.pk for c in sorted(candidates, key=lambda c: key(c, query, soft, relaxed))]
