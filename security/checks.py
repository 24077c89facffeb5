"""System checks for the security settings (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Warning, register

from security.models import MIN_RETENTION_DAYS


@register()
def retention_floor(app_configs, **kwargs):
    days = int(getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS))
    if days >= MIN_RETENTION_DAYS:
        return []
    return [
        Warning(
            f"AUDIT_RETENTION_DAYS={days} 低于 {MIN_RETENTION_DAYS} 天，按 {MIN_RETENTION_DAYS} 天保留。",
            id="security.W001",
        )
    ]
