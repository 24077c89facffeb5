from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from lists.models import Item


class CorrectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CorrectionQuerySet":
        """Reports on the agencies whose non-public data the user may see: the agency's own
        clerks and leads, and its bureau (the same door as ListVersion.objects.visible_to)."""
        return self.filter(agency__in=Agency.objects.visible_to(user))


class Correction(models.Model):
    """A citizen's report that something in a published row is wrong (我要纠错)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("不采纳")

    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="corrections"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    item_key = models.UUIDField(_("事项标识"))
    matter = models.TextField(_("事项名称"), help_text=_("报告时该事项的名称"))
    list_name = models.CharField(_("清单"), max_length=200)
    version_number = models.PositiveIntegerField(_("版本号"))
    text = models.TextField(_("纠错内容"))
    contact = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("留了邮箱的，答复会发给报告人")
    )
    state = models.CharField(
        _("处理状态"), max_length=20, choices=State.choices, default=State.PENDING
    )
    reply = models.TextField(_("答复"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("公众纠错")
        verbose_name_plural = _("公众纠错")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "state"], name="correction_agency_state")]

    def __str__(self) -> str:
        return f"纠错 #{self.pk}：{self.matter[:30]}"
