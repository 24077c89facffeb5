"""The bureau's own calendar of holidays and 调休 days, for the years chinesecalendar lacks.

chinesecalendar carries the State Council's announced arrangements (国务院办公厅关于部分节假日安排的
通知) up to its last release; each year's notice comes out in November for the next year. Until
the library catches up, a site admin or bureau lead enters the notice here (节假日安排): every
放假 day that falls on a weekday and every 调休上班 weekend day. An entry also overrides the
library for a day it knows (a local holiday, a correction).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假（不计工作日）")
        WORKDAY = "workday", _("调休上班（计为工作日）")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("安排"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=40, help_text=_("如“春节”“国庆节调休上班”"))
    source = models.CharField(
        _("依据"),
        max_length=120,
        blank=True,
        help_text=_("如“国务院办公厅关于2027年部分节假日安排的通知”"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"
