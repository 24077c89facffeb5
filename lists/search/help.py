"""Help when nothing matches: what was searched, "您是不是要找…", and everyday entry points."""

import functools
import time

from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from pypinyin import lazy_pinyin

from agencies.models import Agency
from lists.models import Item
from lists.search import match
from lists.search.candidates import Condition, Where, probe
from lists.search.query import Query, vocabulary
from lists.search.tokens import runs, word_grams
from lists.synonyms import active_expansion_map

MAX_SUGGESTIONS = 4
PROBE = 1  # an example item per suggested word
RELATED = ("version__list__agency", "version__list__list_type")
# Everyday situations → the 执法领域 tags agencies use for them, and a word to start from.
SITUATIONS = [
    ("开店经营", ("市场监管",), "营业执照"),
    ("消防安全", ("安全生产", "应急管理", "消防"), "消防"),
    ("环境保护", ("生态环境",), "排污"),
    ("道路运输", ("交通运输",), "运输"),
    ("用工", ("劳动保障", "人力社保"), "劳动"),
    ("城市管理", ("城市管理", "综合执法"), "占用"),
    ("文化旅游", ("文化旅游",), ""),
    ("医疗卫生", ("卫生健康",), ""),
    ("土地矿产", ("自然资源",), ""),
    ("粮食价格", ("发展改革",), ""),
]


def fields_in_use() -> list[str]:
    """Every 执法领域 tag agencies use, sorted: read again a minute after it was, or as soon as
    an agency is saved or deleted in this process (a filter's options, not a result)."""
    if _FIELDS.get("at", -FIELDS_TTL) + FIELDS_TTL < time.monotonic():
        tag_lists = Agency.objects.order_by().values_list("fields", flat=True).distinct()
        _FIELDS.update(
            at=time.monotonic(), value=sorted({t for tags in tag_lists for t in tags or []})
        )
    return _FIELDS["value"]


FIELDS_TTL = 60
_FIELDS: dict = {}


@receiver([post_save, post_delete], sender=Agency, dispatch_uid="search-fields-in-use")
def _agency_changed(**kwargs) -> None:
    _FIELDS.clear()


def situations(fields_in_use: list[str]) -> list[dict]:
    """Entry points by everyday situation, for the 执法领域 that agencies actually use."""
    entries = []
    for label, tags, word in SITUATIONS:
        field = next((tag for tag in tags if tag in fields_in_use), None)
        if field:
            entries.append({"label": label, "field": field, "q": word})
    return entries


def suggestions(versions: QuerySet, query: Query, only: list[str] | None = None) -> list[dict]:
    """Domain words (the dictionary's and the synonym groups') close to what was typed that do
    find items, with an item each ("您是不是要找…"): words that sound the same (a typing slip:
    明码标加 → 明码标价), then words sharing most character pairs with it. Two queries whatever
    the number of words tried. `only`: close to these typed words (the ones that found nothing)."""
    typed = [w.text for w in query.words if len(w.text) > 1 and (only is None or w.text in only)]
    searched = {alt for word in query.words for alt in word.alternatives}
    everything = tuple(sorted(set(vocabulary()) | set(active_expansion_map())))
    vocab = [word for word in everything if word not in searched]
    close = _homophones(typed, everything, searched) + _sharing_pairs(typed, vocab)
    close = list(dict.fromkeys(close))[: MAX_SUGGESTIONS * 2]
    if not close:
        return []
    vendor = connection.vendor
    conditions = [Condition(match.condition([[word]], vendor)) for word in close]
    found = probe(conditions, PROBE, Where(versions))
    ids = {row[0] for rows in found for row in rows}
    by_pk = Item.objects.filter(pk__in=ids).select_related(*RELATED).in_bulk()
    results = []
    for word, rows in zip(close, found, strict=True):
        item = next((by_pk[row[0]] for row in sorted(rows) if row[0] in by_pk), None)
        if item is not None:
            results.append({"word": word, "item": item})
    return results[:MAX_SUGGESTIONS]


def _homophones(typed: list[str], vocab: tuple[str, ...], searched: set[str]) -> list[str]:
    index = _sounds(vocab)
    found = [w for word in typed for w in index.get("".join(lazy_pinyin(word)), [])]
    return [word for word in found if word not in searched]


@functools.lru_cache(maxsize=4)
def _sounds(vocab: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for word in vocab:
        index.setdefault("".join(lazy_pinyin(word)), []).append(word)
    return index


def _sharing_pairs(typed: list[str], vocab: list[str]) -> list[str]:
    pairs = {gram for word in typed for run in runs(word) for gram in word_grams(run)}
    pairs = {gram for gram in pairs if len(gram) > 1}
    shared = [(len(pairs & set(word_grams(word))), word) for word in vocab if len(word) > 1]
    return [word for n, word in sorted(shared, key=lambda s: -s[0]) if n]
