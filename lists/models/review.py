"""Records of the legality review beyond the version's own status: the reviewer's comments
(and the clerk's replies), the rounds of returns, and decisions about flagged rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lists.models.items import Item
from lists.models.versions import ListVersion


class ReviewComment(models.Model):
    version = models.ForeignKey(
        ListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查员"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        RESOLVED = "resolved", _("已处理")
        REJECTED = "rejected", _("不采纳")

    text = models.TextField(_("意见"))
    state = models.CharField(
        _("处理状态"), max_length=20, choices=State.choices, default=State.PENDING
    )
    reply = models.TextField(_("填报单位答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["version", "created_at"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def resolved(self) -> bool:
        return self.state != self.State.PENDING


class ReviewRound(models.Model):
    """One return of a version: the opinion and the rows exactly as the reviewer saw them.

    The snapshot lets the next round show "自退回以来的修改" (what the clerk changed since the
    return) beside the diff against the version in force.
    """

    version = models.ForeignKey(
        "lists.ListVersion",
        verbose_name=_("版本"),
        on_delete=models.CASCADE,
        related_name="review_rounds",
    )
    number = models.PositiveSmallIntegerField(_("轮次"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("退回时间"))
    opinion = models.TextField(_("审查意见"))
    snapshot = models.JSONField(_("退回时的事项"), default=list)

    class Meta:
        verbose_name = _("审查轮次")
        verbose_name_plural = _("审查轮次")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="round_unique_number")
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 轮退回（{self.opinion[:20]}）"


class FlagDecision(models.Model):
    """The reviewer's decision about one row flagged by the exclusion rule."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("确认可纳入")
        REMOVE = "remove", _("要求删除")

    version = models.ForeignKey(
        "lists.ListVersion",
        verbose_name=_("版本"),
        on_delete=models.CASCADE,
        related_name="flag_decisions",
    )
    item_key = models.UUIDField(_("事项标识"))
    decision = models.CharField(_("判断"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查员"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("时间"), auto_now=True)

    class Meta:
        verbose_name = _("排除规则判断")
        verbose_name_plural = _("排除规则判断")
        ordering = ["version", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "item_key"], name="flag_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}：{self.reason[:20]}"
