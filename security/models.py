"""The security audit trail, each account's password state, and the security policy.

`AuditEntry` is append-only for everyone: `save()` refuses an existing row, `delete()` and the
queryset's `update()`/`delete()` refuse, the admin offers no add, change or delete, and on
PostgreSQL a trigger refuses UPDATE and any DELETE of a row younger than the minimum retention
(migration 0001). Only `AuditEntry.objects.prune()` removes rows, and never younger ones.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The floor no setting can lower (等保 2.0: audit records kept at least six months).
MIN_RETENTION_DAYS = 180
APPEND_ONLY = "安全审计记录只能追加，不能修改或删除。"


class AppendOnlyError(Exception):
    pass


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", 0)))


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY)

    def prune(self, *, now=None) -> int:
        """Delete rows older than the retention period (never younger than 180 days)."""
        cutoff = (now or timezone.now()) - timedelta(days=retention_days())
        old = AuditEntry.objects.filter(at__lt=cutoff)
        count, _ = models.QuerySet.delete(old)
        return count


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("登录锁定")
        UNLOCK = "unlock", _("解除锁定")
        LOGOUT = "logout", _("退出")
        SESSION_EXPIRED = "session_expired", _("会话超时")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        PASSWORD_RESET = "password_reset", _("重置密码")
        ACCOUNT = "account", _("账户变更")
        ROLE = "role", _("管理角色变更")
        MEMBERSHIP = "membership", _("单位角色变更")
        POLICY = "policy", _("安全策略变更")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出或下载")
        DENIED = "denied", _("权限拒绝")
        PRUNE = "prune", _("清理过期审计记录")

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No foreign key: a row outlives any account and is never touched by a cascade.
    actor_id = models.IntegerField(_("用户编号"), null=True, blank=True)
    actor = models.CharField(_("用户"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("事件"), max_length=30, choices=Action.choices, db_index=True)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    detail = models.TextField(_("详情"), blank=True)
    path = models.CharField(_("请求地址"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor or '匿名'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)


class PasswordState(models.Model):
    """When an account's password was last set, and whether its owner must change it first."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_state",
        verbose_name=_("用户"),
    )
    changed_at = models.DateTimeField(_("密码设置时间"), default=timezone.now)
    must_change = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("初始密码或被重置的密码：登录后须先修改")
    )

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)


# Defaults of an unsaved policy: the settings (environment variables of the same names).
def default_failure_limit() -> int:
    return settings.SECURITY_FAILURE_LIMIT


def default_lockout_minutes() -> int:
    return settings.SECURITY_LOCKOUT_MINUTES


def default_idle_minutes() -> int:
    return settings.SESSION_IDLE_MINUTES


def default_session_hours() -> int:
    return settings.SESSION_MAX_HOURS


def default_password_max_age_days() -> int:
    return settings.PASSWORD_MAX_AGE_DAYS


class SecurityPolicy(models.Model):
    """The one row of security settings kept by the 安全管理员; until saved, the settings
    module's values (environment variables of the same names) apply."""

    failure_limit = models.PositiveSmallIntegerField(
        _("连续登录失败锁定次数"),
        default=default_failure_limit,
        validators=[MinValueValidator(3), MaxValueValidator(10)],
        help_text=_("同一账户或同一来源地址连续失败达到该次数即锁定（3–10 次）"),
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("锁定时长（分钟）"),
        default=default_lockout_minutes,
        validators=[MinValueValidator(10), MaxValueValidator(1440)],
        help_text=_("锁定期满自动解除；安全管理员也可提前解除（10–1440 分钟）"),
    )
    idle_minutes = models.PositiveSmallIntegerField(
        _("空闲超时（分钟）"),
        default=default_idle_minutes,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text=_("登录后无操作超过该时间自动退出（5–120 分钟）"),
    )
    session_hours = models.PositiveSmallIntegerField(
        _("会话最长时长（小时）"),
        default=default_session_hours,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("无论是否操作，登录满该时长须重新登录（1–24 小时）"),
    )
    password_max_age_days = models.PositiveSmallIntegerField(
        _("密码有效期（天）"),
        default=default_password_max_age_days,
        validators=[MaxValueValidator(365)],
        help_text=_("密码设置满该天数后，登录时须先修改；0 表示不限"),
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")
        ordering = ["pk"]

    def __str__(self) -> str:
        return "安全策略"

    def save(self, *args, **kwargs):
        self.pk = 1  # one row
        super().save(*args, **kwargs)


class LoginAttempt(AccessAttempt):
    """django-axes' failed-login counters, under a Chinese name for the 安全管理员."""

    class Meta:
        proxy = True
        verbose_name = _("登录失败与锁定")
        verbose_name_plural = _("登录失败与锁定")
        ordering = ["-attempt_time"]
