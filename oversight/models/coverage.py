"""What the bureau expects: its settings, campaigns with deadlines, and 不适用 exemptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

JUSTICE = {"kind": "justice"}


class BureauSettings(models.Model):
    class FilingOrder(models.TextChoices):
        REVIEW_FIRST = "review_first", _("先审查后公布（公布即备案）")
        PUBLISH_FIRST = "publish_first", _("先公布后备案（公布后限期报送备案）")

    bureau = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("司法局"),
        on_delete=models.CASCADE,
        related_name="oversight_settings",
        limit_choices_to=JUSTICE,
    )
    filing_order = models.CharField(
        _("备案方式"), max_length=20, choices=FilingOrder.choices, default=FilingOrder.REVIEW_FIRST
    )
    filing_prefix = models.CharField(
        _("备案号前缀"),
        max_length=20,
        default="备",
        help_text=_("如“示司备”，备案号为 示司备〔2025〕3号"),
    )
    document_prefix = models.CharField(
        _("发文字号前缀"),
        max_length=20,
        default="司",
        help_text=_("报告的文号，如“示司”→ 示司〔2025〕　号"),
    )
    filing_workdays = models.PositiveSmallIntegerField(
        _("备案时限（工作日）"), default=10, help_text=_("公布后多少个工作日内完成备案")
    )
    adjustment_workdays = models.PositiveSmallIntegerField(
        _("调整时限（工作日）"),
        default=10,
        help_text=_("法规修订或废止后多少个工作日内重新公布清单"),
    )
    monthly_report = models.BooleanField(
        _("按月报送适用情况"), default=False, help_text=_("不勾选则按半年（6月25日、11月25日）报送")
    )

    class Meta:
        verbose_name = _("司法局监督设置")
        verbose_name_plural = _("司法局监督设置")
        ordering = ["bureau"]

    def __str__(self) -> str:
        return f"{self.bureau} 监督设置"


class Campaign(models.Model):
    bureau = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("司法局"),
        on_delete=models.CASCADE,
        related_name="campaigns",
        limit_choices_to=JUSTICE,
    )
    name = models.CharField(
        _("工作名称"), max_length=200, help_text=_("如“2023年减免责清单编制公布工作”")
    )
    list_types = models.ManyToManyField(
        "lists.ListType", verbose_name=_("须公布的清单"), related_name="campaigns"
    )
    due_date = models.DateField(_("完成期限"), help_text=_("如 2023-11-30（“11月底前完成并公示”）"))
    agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("适用单位"),
        blank=True,
        related_name="+",
        help_text=_("留空则适用于本局审查的全部执法部门（乡镇街道须单独选择）"),
    )
    note = models.TextField(_("依据文件"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专项工作")
        verbose_name_plural = _("专项工作（期限）")
        ordering = ["-due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.due_date:%Y-%m-%d}前）"


class Exemption(models.Model):
    """不适用: an agency that has no matters of a list type, with the reason the bureau accepted."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    list_type = models.ForeignKey(
        "lists.ListType", verbose_name=_("清单类型"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("不适用理由"), help_text=_("如“本单位无行政强制职权”"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不适用清单")
        verbose_name_plural = _("不适用清单")
        ordering = ["agency", "list_type"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "list_type"], name="exemption_unique"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="exemption_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.list_type} 不适用"
