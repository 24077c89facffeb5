"""The audit trail: one Event per workflow step or recorded act, written by the verb itself."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lists import in_force
from lists.models.versions import ListVersion


class Event(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        SUBMIT = "submit", _("提交审查")
        WITHDRAW = "withdraw", _("撤回提交")
        RETURN = "return", _("退回修改")
        APPROVE = "approve", _("审查通过")
        PUBLISH = "publish", _("发布")
        IN_FORCE = "in_force", _("施行")
        SUPERSEDE = "supersede", _("被新版本替代")
        REVISE = "revise", _("开始修订")
        ABOLISH = "abolish", _("废止")
        EDIT = "edit", _("修改事项")
        ASSIGN = "assign", _("分配审查")
        FLAG = "flag", _("排除规则判断")
        REPLY = "reply", _("答复审查意见")

    version = models.ForeignKey(
        ListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=ListVersion.Status.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, blank=True, choices=ListVersion.Status.choices
    )
    # A version's 施行 (and its predecessor's 被新版本替代) is dated by its 施行日期, which may
    # be ahead: the public change feed shows an event once its time has come.
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["version", "at", "pk"]

    def __str__(self) -> str:
        # Shown in the admin next to the row's own (local) time: Asia/Shanghai, never UTC.
        return f"{self.get_action_display()}（{in_force.local_time(self.at):%Y-%m-%d %H:%M}）"
