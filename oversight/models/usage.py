"""How often agencies applied each item: cases per item per month, entered or imported by them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationCountQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ApplicationCountQuerySet":
        from agencies.models import Agency

        return self.filter(list__agency__in=Agency.objects.visible_to(user))


class ApplicationCount(models.Model):
    list = models.ForeignKey(
        "lists.EnforcementList",
        verbose_name=_("清单"),
        on_delete=models.PROTECT,
        related_name="application_counts",
    )
    item_key = models.UUIDField(_("事项标识"))
    matter = models.CharField(_("事项"), max_length=300)
    month = models.DateField(_("月份"), help_text=_("该月第一天，如 2025-03-01"))
    cases = models.PositiveIntegerField(
        _("适用次数"), help_text=_("该月依本事项不予处罚/从轻/减轻/免予强制的案件数")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    objects = ApplicationCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("适用情况")
        verbose_name_plural = _("适用情况")
        ordering = ["list", "month", "matter"]
        constraints = [
            models.UniqueConstraint(
                fields=["list", "item_key", "month"], name="application_unique_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.matter[:30]} {self.month:%Y-%m}：{self.cases} 件"
