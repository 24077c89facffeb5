"""The security policy in force, and the hooks django-axes calls with it.

The 安全管理员 keeps one `SecurityPolicy` row in the admin; until it is first saved the
settings' defaults apply (SECURITY_FAILURE_LIMIT=5, SECURITY_LOCKOUT_MINUTES=30,
SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=8, PASSWORD_MAX_AGE_DAYS=90).
"""

from datetime import timedelta

from portal.network import client_ip
from security.models import SecurityPolicy


def current() -> SecurityPolicy:
    return SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy()


# --- django-axes hooks (settings.AXES_*) -------------------------------------------------------


def failure_limit(request, credentials) -> int:
    return current().failure_limit


def cool_off(request=None) -> timedelta:
    return timedelta(minutes=current().lockout_minutes)


def client_address(request) -> str | None:
    """The address axes counts failures by: the one the audit trail and throttling use."""
    return client_ip(request) or None
