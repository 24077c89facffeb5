"""Synonyms and everyday words, as data the bureau keeps in the admin (检索同义词).

A group is a set of words a citizen and a list may use for the same thing: 第一次、首次、初次;
摆摊、流动摊贩、占道经营; 酒驾、饮酒后驾驶. At query time (lists/search/query.py) each word of
a query that belongs to a group is also looked for in the group's other words. A one-way group
(`mutual` off) only expands its first word: 店 → 经营场所, but not the other way round.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from lists.textfold import search_fold

_SEPARATORS = re.compile(r"[、,，;；/\s]+")


class SynonymGroup(models.Model):
    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("同义词")
        EVERYDAY = "everyday", _("俗称、口语")
        ABBREVIATION = "abbreviation", _("简称")
        VARIANT = "variant", _("异名、别称")

    words = models.TextField(
        _("词语"),
        help_text=_("用顿号分隔，如“第一次、首次、初次”。检索其中任一词语时，也检索其他词语。"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SYNONYM)
    mutual = models.BooleanField(
        _("双向"), default=True, help_text=_("不勾选时，只有第一个词语扩展到其他词语")
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

    def word_list(self) -> list[str]:
        """The group's words, folded (simplified, lower case), without duplicates."""
        words = []
        for word in _SEPARATORS.split(search_fold(self.words)):
            if word and word not in words:
                words.append(word)
        return words


def expansion_map(groups) -> dict[str, list[str]]:
    """word → the other words it is also searched as, from active groups."""
    expands: dict[str, list[str]] = {}
    for group in groups:
        words = group.word_list()
        sources = words if group.mutual else words[:1]
        for word in sources:
            extra = expands.setdefault(word, [])
            extra += [other for other in words if other != word and other not in extra]
    return expands
