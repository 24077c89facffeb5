"""Conditions over the token columns: which items contain a word, and in which zone.

A word is a list of alternatives (the typed form, synonyms, pinyin readings); it matches when one
alternative does, and an alternative matches when all its bigrams are there (a one-character
one: a token starting with it). Two forms of the same condition, with the same answer:
- `scan_*`: LIKE over the token strings (`search_a LIKE '% 食品 %'`). Portable; SQLite uses it
  for everything (a plain scan is fine at demo size), PostgreSQL for the rows of a few lists.
- `indexed()`: on PostgreSQL, `tsvector @@ tsquery` over the same tokens, which the GIN indexes
  of migration 0009 serve: one over all zones, one over the 事项 zone.
A word with a one-character alternative (食, or 挂 for 没挂) needs a prefix search, which a GIN
index answers only by merging every posting list of that prefix: `condition()` leaves such words
to LIKE on the rows the other words found, and uses a prefix tsquery only when nothing else is
typed.
"""

from functools import lru_cache, reduce
from operator import and_, or_

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from lists.search.tokens import runs, word_grams

ZONES = ("search_a", "search_b", "search_c")
MATTER = ("search_a",)
_VECTOR = "array_to_tsvector(array_remove(string_to_array({}, ' '), ''))"
ALL_VECTOR = _VECTOR.format(
    '("lists_item"."search_a" || "lists_item"."search_b") || "lists_item"."search_c"'
)
MATTER_VECTOR = _VECTOR.format('"lists_item"."search_a"')
VECTORS = {ZONES: ALL_VECTOR, MATTER: MATTER_VECTOR}


@lru_cache(maxsize=65536)
def grams(form: str) -> tuple[str, ...]:
    """The tokens an alternative needs (all of them)."""
    return tuple(sorted({gram for run in runs(form) for gram in word_grams(run)}))


def indexable(alternatives: list[str]) -> bool:
    """Every alternative needs whole tokens (no one-character prefix)."""
    return all(grams(form) and all(len(g) > 1 for g in grams(form)) for form in alternatives)


def essential(alternatives: list[str]) -> list[str]:
    """The alternatives worth testing: one whose tokens include all of another's adds nothing
    to "any of them" (营业执照 once 执照 is there)."""
    needs: dict[str, frozenset] = {}
    for form in alternatives:
        need = frozenset(grams(form))
        if need and need not in needs.values():
            needs[form] = need
    return [form for form, need in needs.items() if not any(o < need for o in needs.values())]


def _gram_q(column: str, gram: str) -> Q:
    pattern = f" {gram} " if len(gram) > 1 else f" {gram}"
    return Q(**{f"{column}__contains": pattern})


def scan_word(alternatives: list[str], zones=ZONES) -> Q:
    """Items where a word (any alternative) matches within `zones` taken together."""
    options = []
    for form in essential(alternatives):
        options.append(
            reduce(and_, (reduce(or_, (_gram_q(z, g) for z in zones)) for g in grams(form)))
        )
    return reduce(or_, options) if options else Q(pk__in=[])


def scan_all(words: list[list[str]], zones=ZONES) -> Q:
    return reduce(and_, (scan_word(alternatives, zones) for alternatives in words), Q())


def tsquery(words: list[list[str]], keep=None) -> str:
    """A tsquery text: every word must match (prefix searches for one-character forms).
    `keep(tokens)`: the tokens of an alternative the index is asked for (default: all)."""
    return " & ".join(_word_tsquery(alternatives, keep) for alternatives in words)


def _word_tsquery(alternatives: list[str], keep=None) -> str:
    options = []
    for form in essential(alternatives):
        needed = keep(grams(form)) if keep else grams(form)
        parts = [f"'{g}'" + (":*" if len(g) == 1 else "") for g in needed]
        options.append(f"({' & '.join(parts)})")
    return f"({' | '.join(options)})" if options else "('')"


def reduced(alternatives: list[str], keep) -> bool:
    """`keep` leaves out tokens of some alternative (so LIKE must check the rest)."""
    return any(len(keep(grams(form))) < len(grams(form)) for form in essential(alternatives))


def indexed(tsquery_text: str, vector: str = ALL_VECTOR) -> RawSQL:
    return RawSQL(f"{vector} @@ %s::tsquery", [tsquery_text], output_field=BooleanField())


def index_words(words: list[list[str]]) -> list[list[str]]:
    """The words the GIN index answers (see the module docstring)."""
    return [alternatives for alternatives in words if indexable(alternatives)] or words


def condition(words: list[list[str]], vendor: str, zones=ZONES, scanned=(), keep=None):
    """The condition "the item matches every word of `words` and of `scanned` within `zones`",
    fastest form per vendor: on PostgreSQL the index answers `words` (but for those only a
    prefix search could find; with `keep`, for the tokens it keeps), LIKE tests the rest on the
    rows it found."""
    every = [*words, *scanned]
    if vendor != "postgresql" or not every:
        return scan_all(every, zones)
    whole = [alternatives for alternatives in words if indexable(alternatives)]
    if not whole:
        return indexed(tsquery(every), VECTORS[zones])
    rest = [a for a in every if a not in whole or (keep and reduced(a, keep))]
    return indexed(tsquery(whole, keep), VECTORS[zones]) & scan_all(rest, zones)
