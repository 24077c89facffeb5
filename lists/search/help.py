"""Help when nothing matches: what was searched, "您是不是要找…", and everyday entry points."""

import time

from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agencies.models import Agency
from lists.search import match
from lists.search.candidates import Condition, probe
from lists.search.query import Query, vocabulary
from lists.search.tokens import runs, word_grams

MAX_SUGGESTIONS = 4
PROBE = 16  # items read per suggested word, to find one in force
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


def suggestions(items: QuerySet, query: Query) -> list[dict]:
    """Domain words close to what was typed (sharing a bigram) that do find items, with the best
    item each: at most MAX_SUGGESTIONS + 1 queries."""
    typed = {gram for word in query.words for run in runs(word.text) for gram in word_grams(run)}
    typed = {gram for gram in typed if len(gram) > 1}
    searched = {alt for word in query.words for alt in word.alternatives}
    close = [
        word
        for word in vocabulary()
        if word not in searched and typed & {word[i : i + 2] for i in range(len(word) - 1)}
    ]
    found = []
    vendor = connection.vendor
    for word in close[: MAX_SUGGESTIONS * 2]:
        ids = [row[0] for row in probe([Condition(match.condition([[word]], vendor))], PROBE)[0]]
        found = items.filter(pk__in=ids).select_related(*RELATED).order_by("pk")
        first = list(found[:1]) if ids else []
        if first:
            found.append({"word": word, "item": first[0]})
        if len(found) == MAX_SUGGESTIONS:
            break
    return found
