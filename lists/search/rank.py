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

from lists.search.match import essential, grams
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


def needles(forms: list[str], limit: int | None = MAX_FORMS) -> tuple[tuple[str, ...], ...]:
    """What to look for in a token string for each form: " 食品 " for a token, " 食" for a token
    starting with one character (the forms that matter: lists.search.match.essential)."""
    return tuple(
        tuple(f" {g}" if len(g) == 1 else f" {g} " for g in grams(form))
        for form in essential(forms[:limit])
    )


def _has(text: str, options: tuple[tuple[str, ...], ...]) -> bool:
    return any(all(needle in text for needle in needed) for needed in options)


@dataclass
class _Prepared:
    """The query's words and phrases as needles, computed once per ranking."""

    words: list[tuple[Word, tuple, tuple]]  # word, its forms' needles, its typed form's needles
    soft: list[tuple[Word, tuple, list[str]]]  # word, needles, its characters' needles
    phrases: list[tuple]

    @classmethod
    def of(cls, query: Query, soft: list[Word]) -> "_Prepared":
        return cls(
            [(w, needles(w.alternatives), needles([w.text])) for w in query.words if w not in soft],
            [(w, needles(w.alternatives), [f" {c}" for c in dict.fromkeys(w.text)]) for w in soft],
            [needles(forms) for forms in query.phrases],
        )


def key(row: tuple, prepared: _Prepared, relaxed: bool) -> tuple:
    """Sort key of one candidate row (ascending sorts best first). Unless `relaxed`, every
    candidate has every word, and the third zone was not read."""
    pk, agency_order, agency_code, type_order, seq, a, b, *rest = row
    a, b, c = a or "", b or "", (rest[0] if rest else "") or ""
    found = in_a = exact_a = in_b = 0
    for word, options, typed in prepared.words:
        in_zone_a, in_zone_b = _has(a, options), _has(b, options)
        if relaxed and (in_zone_a or in_zone_b or _has(c, options)):
            found += word.weight
        in_a += word.weight * in_zone_a
        in_b += word.weight * in_zone_b
        exact_a += _has(a, typed)
    softly = 0
    for word, options, characters in prepared.soft:
        if _has(a, options):
            softly += 2 * word.weight
        elif _has(b, options) or _has(c, options):
            softly += word.weight
        else:
            softly += sum(needle in a for needle in characters)
    phrase_a = any(_has(a, options) for options in prepared.phrases)
    phrase_b = any(_has(b, options) for options in prepared.phrases)
    phrase_c = any(_has(c, options) for options in prepared.phrases)
    order = (agency_order, agency_code, type_order, seq, pk)
    return (-found, -phrase_a, -in_a, -softly, -exact_a, -phrase_b, -in_b, -phrase_c, order)


def ranked(
    rows: list[tuple], query: Query, soft: list[Word] = (), relaxed: bool = False
) -> list[int]:
    """The ids of candidate `rows` (read with COLUMNS, or ALL_COLUMNS if `relaxed`), best first."""
    prepared = _Prepared.of(query, list(soft))
    return [row[0] for row in sorted(rows, key=lambda row: key(row, prepared, relaxed))]
