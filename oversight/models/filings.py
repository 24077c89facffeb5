"""备案 records of publications, and adjustment tasks raised by a law's amendment or repeal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FilingRecord(models.Model):
    version = models.OneToOneField(
        "lists.ListVersion", verbose_name=_("版本"), on_delete=models.PROTECT, related_name="filing"
    )
    bureau = models.ForeignKey(
        "agencies.Agency", verbose_name=_("备案机关"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("备案号"), max_length=60, unique=True)
    published_on = models.DateField(_("公布日期"))
    due_on = models.DateField(_("备案期限"))
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("备案人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("备案记录")
        verbose_name_plural = _("备案记录")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None

    def is_overdue(self, today) -> bool:
        return (self.filed_on or today) > self.due_on


def _no_rows() -> list:
    return []  # `list` is a field name inside AdjustmentTask


class AdjustmentTaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AdjustmentTaskQuerySet":
        from agencies.models import Agency

        return self.filter(list__agency__in=Agency.objects.visible_to(user))

    def open(self) -> "AdjustmentTaskQuerySet":
        return self.filter(status=AdjustmentTask.Status.OPEN)


class AdjustmentTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待调整")
        DONE = "done", _("已重新公布")
        NOT_NEEDED = "not_needed", _("无需调整")

    law = models.ForeignKey(
        "oversight.Law", verbose_name=_("法规"), on_delete=models.PROTECT, related_name="tasks"
    )
    list = models.ForeignKey(
        "lists.EnforcementList",
        verbose_name=_("清单"),
        on_delete=models.PROTECT,
        related_name="adjustment_tasks",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    reason = models.TextField(_("起因"), editable=False)
    rows = models.JSONField(_("涉及事项"), default=_no_rows, editable=False)
    due_on = models.DateField(_("调整期限"), editable=False)
    created_at = models.DateTimeField(_("下达时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)
    closed_by_version = models.ForeignKey(
        "lists.ListVersion",
        verbose_name=_("重新公布的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision = models.TextField(_("无需调整的理由"), blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AdjustmentTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("动态调整任务")
        verbose_name_plural = _("动态调整任务")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["law", "list"],
                condition=Q(status="open"),
                name="task_one_open_per_law_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.list} · 因{self.law}{self.reason}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
