"""Conditions over the token columns: which items contain a word, and in which zone.

Two forms of the same condition, with the same answer:
- `scan_*`: LIKE over the token strings (`search_a LIKE '% 食品 %'`). Portable; SQLite uses it for
  everything (a plain scan is fine at demo size), PostgreSQL for the rows of a few lists at a time.
- `indexed_*`: on PostgreSQL, `tsvector @@ tsquery` over the same tokens, which the GIN indexes
  of migration 0005 serve: one index over all zones, one over the 事项 zone.
A word with several alternatives (synonyms, pinyin) matches when any alternative does; an
alternative matches when all its bigrams are there (a one-character one: a token starting with it).
"""

from functools import reduce
from operator import and_, or_

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from lists.search.tokens import runs, word_grams

ZONES = ("search_a", "search_b", "search_c")
_VECTOR = "array_to_tsvector(array_remove(string_to_array({}, ' '), ''))"
ALL_VECTOR = _VECTOR.format(
    '("lists_item"."search_a" || "lists_item"."search_b") || "lists_item"."search_c"'
)
MATTER_VECTOR = _VECTOR.format('"lists_item"."search_a"')


def grams(form: str) -> list[str]:
    """The tokens an alternative needs (all of them)."""
    return sorted({gram for run in runs(form) for gram in word_grams(run)})


def _gram_q(column: str, gram: str) -> Q:
    pattern = f" {gram} " if len(gram) > 1 else f" {gram}"
    return Q(**{f"{column}__contains": pattern})


def scan_word(alternatives: list[str], zones=ZONES) -> Q:
    """Items where a word (any alternative) matches within `zones` taken together."""
    options = []
    for form in alternatives:
        needed = grams(form)
        if needed:
            options.append(
                reduce(and_, (reduce(or_, (_gram_q(z, g) for z in zones)) for g in needed))
            )
    return reduce(or_, options) if options else Q(pk__in=[])


def scan_all(words: list[list[str]], zones=ZONES) -> Q:
    return reduce(and_, (scan_word(alternatives, zones) for alternatives in words))


def tsquery(words: list[list[str]], need: int | None = None) -> str:
    """A tsquery text: every word (or at least `need` of them, as an OR of ANDs) must match."""
    clauses = [_word_tsquery(alternatives) for alternatives in words]
    if need is None or need >= len(clauses):
        return " & ".join(clauses)
    from itertools import combinations

    return " | ".join(f"({' & '.join(combo)})" for combo in combinations(clauses, need))


def _word_tsquery(alternatives: list[str]) -> str:
    options = []
    for form in alternatives:
        needed = grams(form)
        if needed:
            parts = [f"'{g}'" + (":*" if len(g) == 1 else "") for g in needed]
            options.append(f"({' & '.join(parts)})")
    return f"({' | '.join(options)})" if options else "('')"


def indexed(tsquery_text: str, vector: str = ALL_VECTOR) -> RawSQL:
    return RawSQL(f"{vector} @@ %s::tsquery", [tsquery_text], output_field=BooleanField())


def matching(words: list[list[str]], vendor: str, need: int | None = None):
    """The condition "the item matches every word (or `need` of them)", fastest form per vendor."""
    if vendor == "postgresql":
        return indexed(tsquery(words, need))
    if need is None or need >= len(words):
        return scan_all(words)
    from itertools import combinations

    return reduce(or_, (scan_all(list(combo)) for combo in combinations(words, need)))


def matching_matter(words: list[list[str]], vendor: str):
    """Every word matches within the 事项 (matter) zone."""
    if vendor == "postgresql":
        return indexed(tsquery(words), MATTER_VECTOR)
    return scan_all(words, ("search_a",))
