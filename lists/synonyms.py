"""Synonyms and everyday words, as data the bureau keeps in the admin (检索同义词).

A group is a set of words a citizen and a list may use for the same thing: 第一次、首次、初次;
摆摊、流动摊贩、占道经营; 酒驾、饮酒后驾驶. At query time (lists/search/query.py) each word of
a query that belongs to a group is also looked for in the group's other words.

One-way groups: "店、店铺、门店 → 经营场所" expands the words left of the arrow to every word of
the group, and the words on the right to nothing (a list's 经营场所 is not every 店). Without an
arrow, a group with 双向 (`mutual`) off expands only its first word.
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lists.textfold import search_fold

_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_ARROW = re.compile(r"→|->|=>")
MAX_WORD_CHARS = 30
MAX_GROUP_WORDS = 20


class SynonymGroup(models.Model):
    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("同义词")
        EVERYDAY = "everyday", _("俗称、口语")
        ABBREVIATION = "abbreviation", _("简称")
        VARIANT = "variant", _("异名、别称")

    words = models.TextField(
        _("词语"),
        help_text=_(
            "用顿号分隔，如“第一次、首次、初次”：检索其中任一词语时，也检索其他词语。"
            "用“→”写单向扩展，如“店、店铺 → 经营场所”：检索左边的词语时也检索右边的，反之不然。"
        ),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SYNONYM)
    mutual = models.BooleanField(
        _("双向"),
        default=True,
        help_text=_("不勾选且没有“→”时，只有第一个词语扩展到其他词语"),
    )
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索同义词")
        verbose_name_plural = _("检索同义词")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return "、".join(self.word_list())

    def clean(self) -> None:
        sources, targets = parse(self.words)
        if len(_ARROW.findall(self.words or "")) > 1:
            raise ValidationError({"words": _("只能有一个“→”。")})
        if _ARROW.search(self.words or "") and (not sources or not targets):
            raise ValidationError({"words": _("“→”两边都要有词语，如“店、店铺 → 经营场所”。")})
        if len(sources + targets) < 2:
            raise ValidationError({"words": _("一组至少要有两个不同的词语，用顿号分隔。")})
        if len(sources + targets) > MAX_GROUP_WORDS:
            raise ValidationError({"words": _("一组最多 %(n)d 个词语。") % {"n": MAX_GROUP_WORDS}})
        long = [word for word in sources + targets if len(word) > MAX_WORD_CHARS]
        if long:
            raise ValidationError(
                {
                    "words": _("词语“%(word)s”超过 %(n)d 个字。")
                    % {"word": long[0], "n": MAX_WORD_CHARS}
                }
            )

    def word_list(self) -> list[str]:
        """The group's words, folded (simplified, lower case), without duplicates."""
        sources, targets = parse(self.words)
        return sources + targets

    def expanding(self) -> list[str]:
        """The words that expand to the whole group."""
        sources, targets = parse(self.words)
        if targets:
            return sources
        return sources if self.mutual else sources[:1]


@functools.lru_cache(maxsize=4096)
def parse(words: str) -> tuple[list[str], list[str]]:
    """(words left of the arrow or all of them, words right of it), folded, without repeats."""
    parts = _ARROW.split(words or "", maxsplit=1)
    left, right = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
    sources = _words(left)
    targets = [word for word in _words(right) if word not in sources]
    return sources, targets


def _words(text: str) -> list[str]:
    found = []
    for word in _SEPARATORS.split(search_fold(text)):
        word = re.sub(r"[^\w]+", "", word)
        if word and word not in found:
            found.append(word)
    return found


def expansion_map(groups) -> dict[str, list[str]]:
    """word → the other words it is also searched as, from active groups."""
    expands: dict[str, list[str]] = {}
    for group in groups:
        words = group.word_list()
        for word in group.expanding():
            extra = expands.setdefault(word, [])
            extra += [other for other in words if other != word and other not in extra]
    return expands


def active_expansion_map() -> dict[str, list[str]]:
    """The expansion map of the groups now in the admin. Asks only for the active groups' count
    and latest edit (one small query); the groups are read again only when those change."""
    active = SynonymGroup.objects.filter(active=True)
    stamp = tuple(active.aggregate(n=models.Count("pk"), latest=models.Max("updated_at")).values())
    if _CACHE.get("stamp") != stamp:
        rows = tuple(active.values_list("pk", "words", "mutual"))
        _CACHE.update(stamp=stamp, map=_expansion_of(rows))
    return _CACHE["map"]


_CACHE: dict = {}


@functools.lru_cache(maxsize=8)
def _expansion_of(rows: tuple) -> dict[str, list[str]]:
    groups = [SynonymGroup(pk=pk, words=words, mutual=mutual) for pk, words, mutual in rows]
    return expansion_map(groups)
