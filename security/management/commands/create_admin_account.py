"""Create (or re-issue) one of the three administrators' accounts, run by whoever installs.

    python manage.py create_admin_account sysadmin --role system    # 系统管理员
    python manage.py create_admin_account secadmin --role security  # 安全管理员
    python manage.py create_admin_account auditor --role audit      # 审计管理员

Prints a random initial password once; its owner must change it at the first login. An
account holds one administrative role only, and no agency membership.
"""

import secrets
import string

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from security import audit, roles
from security.models import PasswordState

ROLE_NAMES = {"system": roles.SYSTEM, "security": roles.SECURITY, "audit": roles.AUDIT}
ALPHABET = string.ascii_letters + string.digits + "!#%+-=@^_"


def initial_password() -> str:
    while True:
        password = "".join(secrets.choice(ALPHABET) for _ in range(16))
        classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, "!#%+-=@^_"]
        if all(any(c in group for c in password) for group in classes):
            return password


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员或审计管理员账户，并给出一次性初始密码。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_NAMES))
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, username, role, email, **options):
        name = ROLE_NAMES[role]
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": True}
        )
        if user.is_superuser or user.memberships.exists():
            raise CommandError(f"{username} 是超级用户或单位成员，不能兼任{name}。")
        others = set(roles.roles_of(user)) - {name}
        if others:
            raise CommandError(f"{username} 已是{'、'.join(others)}，一人只能担任一种管理角色。")
        password = initial_password()
        user.set_password(password)
        user.is_staff = user.is_active = True
        user.save()
        user.groups.add(Group.objects.get_or_create(name=name)[0])
        PasswordState.objects.update_or_create(user=user, defaults={"must_change": True})
        audit.record(audit.Action.ROLE, target=f"用户 {username}", detail=f"命令行设为{name}")
        verb = "已创建" if created else "已重新设置"
        self.stdout.write(f"{verb}{name} {username}，初始密码（仅显示一次，首次登录须修改）：")
        self.stdout.write(password)
