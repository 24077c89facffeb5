"""The three administrative roles of 等保 2.0 三级 (三权分立), and who may do what with them.

A role is membership of a Django group with one of the names below; only the superuser (kept
for installation) assigns them. Each role does its own job and none of the others':

| role | may | may not |
|---|---|---|
| 系统管理员 | agencies, ordinary accounts (not their passwords), memberships | passwords, lockouts, policy, audit |
| 安全管理员 | reset ordinary accounts' passwords, unlock, the security policy | agencies, accounts' details, audit |
| 审计管理员 | read and export the security audit | change anything |

"Privileged" accounts — superusers and holders of any of these roles — are managed by the
superuser alone, so no administrator can hand himself another's powers (a membership, a new
password, a role).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

SYSTEM = "系统管理员"
SECURITY = "安全管理员"
AUDIT = "审计管理员"
ROLES = (SYSTEM, SECURITY, AUDIT)


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_security_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._security_roles = cached
    return cached


def _is(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or role in roles_of(user)


def can_manage_agencies(user) -> bool:
    return _is(user, SYSTEM)


def can_manage_accounts(user) -> bool:
    return _is(user, SYSTEM)


def can_keep_security(user) -> bool:
    """Unlock accounts and addresses, reset passwords, keep the security policy."""
    return _is(user, SECURITY)


def can_read_audit(user) -> bool:
    return _is(user, AUDIT)


def is_privileged(user) -> bool:
    return bool(user.is_superuser or roles_of(user))


def ordinary_accounts() -> QuerySet:
    """Accounts that are neither superusers nor administrators: the ones the roles manage."""
    return get_user_model().objects.exclude(Q(is_superuser=True) | Q(groups__name__in=ROLES))


def can_reset_password(actor, target) -> bool:
    if actor.pk == target.pk or not can_keep_security(actor):
        return False
    return actor.is_superuser or not is_privileged(target)


def can_change_account(actor, target) -> bool:
    if not can_manage_accounts(actor):
        return False
    return actor.is_superuser or not is_privileged(target)
