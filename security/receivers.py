"""Audit rows for what Django, django-axes and the account models announce.

Login, failure, lockout and logout come from their signals; account flags, administrative
roles (groups) and memberships from model signals, attributed through the request being
served (security.audit.current_request), so every path that changes them — admin form, inline,
import, shell — is recorded.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from agencies.models import Membership
from security import audit, passwords, policy
from security.roles import ROLES

Action = audit.Action
Result = audit.Result
User = get_user_model()
FLAGS = {"is_active": "启用", "is_staff": "可登录管理后台", "is_superuser": "超级用户"}


def _yes(value: bool) -> str:
    return "是" if value else "否"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    rules = policy.current()
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session["security_login_at"] = now
        request.session["security_seen_at"] = now
        request.session["security_idle_seconds"] = rules.idle_minutes * 60
        request.session["security_max_seconds"] = rules.session_hours * 3600
        if passwords.must_change(user, rules):
            request.session["security_must_change"] = True
    audit.record(Action.LOGIN, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        Action.LOGIN_FAILED,
        result=Result.DENIED if locked else Result.FAILURE,
        username=username,
        detail="处于锁定期" if locked else "用户名或密码错误",
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    rules = policy.current()
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != rules.failure_limit:
        return  # an attempt during the lockout: already recorded as a failed login
    audit.record(
        Action.LOCKOUT,
        result=Result.DENIED,
        username=str(username or ""),
        target=f"账户 {username or '（空）'} / 地址 {ip_address or '（未知）'}",
        detail=f"连续失败 {rules.failure_limit} 次，锁定 {rules.lockout_minutes} 分钟",
        request=request,
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is None or getattr(request, "_security_expired", False):
        return
    audit.record(Action.LOGOUT, user=user, request=request)


@receiver(pre_save, sender=User)
def remember_flags(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields and not set(FLAGS) & set(update_fields)):
        instance._security_old_flags = None
        return
    old = User.objects.filter(pk=instance.pk).values(*FLAGS).first()
    instance._security_old_flags = old


@receiver(post_save, sender=User)
def on_account_saved(sender, instance, created, **kwargs):
    name = f"用户 {instance.get_username()}"
    if created:
        flags = "，".join(f"{label}：{_yes(getattr(instance, f))}" for f, label in FLAGS.items())
        audit.record(Action.ACCOUNT, target=name, detail=f"新建账户（{flags}）")
        return
    old = getattr(instance, "_security_old_flags", None)
    if not old:
        return
    changes = [
        f"{label}：{_yes(old[field])}→{_yes(getattr(instance, field))}"
        for field, label in FLAGS.items()
        if old[field] != getattr(instance, field)
    ]
    if changes:
        action = Action.ROLE if old["is_superuser"] != instance.is_superuser else Action.ACCOUNT
        audit.record(action, target=name, detail="；".join(changes))


@receiver(m2m_changed, sender=User.groups.through)
def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or reverse:
        return
    if action == "pre_clear":
        names = list(instance.groups.values_list("name", flat=True))
    else:
        names = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    if not names:
        return
    sign = "授予" if action == "post_add" else "撤销"
    kind = Action.ROLE if set(names) & set(ROLES) else Action.ACCOUNT
    audit.record(
        kind, target=f"用户 {instance.get_username()}", detail=f"{sign}：{'、'.join(names)}"
    )


def _membership(instance) -> str:
    try:
        who = instance.user.get_username()
    except User.DoesNotExist:  # the account itself is being deleted
        who = f"用户#{instance.user_id}"
    return f"{who} · {instance.agency} · {instance.get_role_display()}"


@receiver(post_save, sender=Membership)
def on_membership_saved(sender, instance, created, **kwargs):
    verb = "新增" if created else "修改为"
    audit.record(Action.MEMBERSHIP, target=_membership(instance), detail=verb)


@receiver(post_delete, sender=Membership)
def on_membership_deleted(sender, instance, **kwargs):
    audit.record(Action.MEMBERSHIP, target=_membership(instance), detail="删除")
