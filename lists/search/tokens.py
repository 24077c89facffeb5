"""The search index's tokens: character bigrams of folded text, by zone.

Chinese has no spaces, and a citizen's word (摆摊, 首次, 营业执照) may sit anywhere inside a
row's wording. So rows are indexed by what needs no dictionary: every pair of adjacent characters
(bigram) of each run of letters and digits, plus the last character of each run, after folding
(traditional → simplified, full width → half width, lower case; lists.textfold). A word matches a
zone when all its bigrams are in it; a one-character word matches when a token starts with it.
Segmentation (jieba) happens on the query side only, so a change of dictionary or synonyms never
needs a reindex.

Each item carries three token strings, one per ranking zone, each " tok tok … " (sorted, space
delimited, with a space at both ends so that `LIKE '% 食品 %'` finds a token):
  search_a: 事项 (matter)
  search_b: 适用条件 (condition)
  search_c: 法律依据, 从宽依据, 类别, 备注 (legal basis, leniency basis, category, note)
`index_columns()` computes them; Item.save() and ItemQuerySet.bulk_create() call it, and so does
the benchmark's COPY loader. No Django here: pure functions of text.
"""

import functools
import re

from lists.textfold import search_fold

ZONES = {
    "search_a": ("matter",),
    "search_b": ("condition",),
    "search_c": ("legal_basis", "leniency_basis", "category", "note"),
}
_RUN = re.compile(r"[^\W_]+")


def runs(text: str) -> list[str]:
    """The runs of letters and digits of the folded text: everything else separates words."""
    return _RUN.findall(search_fold(text))


@functools.lru_cache(maxsize=65536)
def text_grams(text: str) -> frozenset[str]:
    """Bigrams of every run, plus each run's last character."""
    grams: set[str] = set()
    for run in runs(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
        grams.add(run[-1])
    return frozenset(grams)


def word_grams(word: str) -> list[str]:
    """What a (folded, single-run) query word must find: its bigrams, or itself if one character."""
    if len(word) == 1:
        return [word]
    return sorted({word[i : i + 2] for i in range(len(word) - 1)})


def index_columns(values: dict) -> dict[str, str]:
    """The three token strings of an item, from its text fields (a dict or an attribute getter)."""
    columns = {}
    for column, fields in ZONES.items():
        grams: set[str] = set()
        for name in fields:
            grams |= text_grams(values.get(name) or "")
        columns[column] = f" {' '.join(sorted(grams))} " if grams else ""
    return columns


def item_columns(item) -> dict[str, str]:
    return index_columns({name: getattr(item, name, "") for f in ZONES.values() for name in f})
