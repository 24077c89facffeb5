import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from lists.models import ListType


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """An e-mail alert without an account. Scope: neither agency nor list type = everything;
    one of them = that agency or that list type; both = that one list.

    The address is used for sending only: no page, admin screen or export shows it, and
    unsubscribing deletes the row."""

    email = models.EmailField(_("电子邮箱"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), null=True, blank=True, on_delete=models.CASCADE
    )
    list_type = models.ForeignKey(
        ListType, verbose_name=_("清单类型"), null=True, blank=True, on_delete=models.CASCADE
    )
    token = models.CharField(_("令牌"), max_length=64, unique=True, default=new_token)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("订阅时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("邮件订阅")
        verbose_name_plural = _("邮件订阅")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"订阅 #{self.pk}（{self.scope_label}）"

    @property
    def scope_label(self) -> str:
        if self.agency_id and self.list_type_id:
            return f"{self.agency.name}{self.list_type.name}"
        if self.agency_id:
            return f"{self.agency.name}的全部清单"
        if self.list_type_id:
            return f"各单位的{self.list_type.name}"
        return "全部清单"


class OutboxMail(models.Model):
    """One message waiting to be sent (or sent). Written in the transaction of the change that
    causes it, sent after commit by `manage.py send_outbox` (or inline), retried on failure."""

    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"))
    headers = models.JSONField(_("邮件头"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject
