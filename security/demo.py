"""Demo accounts of the three administrators (called by `load_demo`; idempotent).

Demo passwords are set by a command, not typed into a form, so they are not "initial" and no
demo account is sent to the password change page; each `load_demo` run also restarts their
password age, so a long-lived demo never expires them. Demo passwords do not meet the password
rules on purpose — they are for `make run` only, never for a server others can reach.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from security import roles
from security.models import PasswordState

ADMINS = [
    ("sysadmin", "系统管理员（演示）", roles.SYSTEM),
    ("secadmin", "安全管理员（演示）", roles.SECURITY),
    ("auditor", "审计管理员（演示）", roles.AUDIT),
]


def load(password: str, users: dict) -> dict:
    User = get_user_model()
    for username, full_name, role in ADMINS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults=dict(is_staff=True, first_name=full_name, email=f"{username}@example.gov.cn"),
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[username] = user
    PasswordState.objects.filter(user__in=users.values()).update(
        changed_at=timezone.now(), must_change=False
    )
    return users
