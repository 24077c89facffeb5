"""What a publication sets off for the bureau, called by lists.workflow.publish in its transaction.

One publication → one 备案 record (备案号, date, the version) for the agency's review bureau; under
"先审查后公布" it is filed at once, under "先公布后备案" it waits, with a deadline `filing_workdays`
working days after publication. The version's citations are indexed and the list's open
adjustment tasks are closed by it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Membership
from lists.models import ListVersion
from oversight import adjustment, registry
from oversight.deadlines import add_workdays
from oversight.models import BureauSettings, FilingRecord

NOT_BUREAU = "只有该清单审查机关（司法局）的人员可以办理备案。"
ALREADY_FILED = "该版本已备案。"


def settings_for(bureau: Agency | None) -> BureauSettings:
    """The bureau's settings, or the defaults (先审查后公布, 10 working days) when it has none."""
    if bureau is None:
        return BureauSettings()
    found = BureauSettings.objects.filter(bureau=bureau).first()
    return found or BureauSettings(bureau=bureau)


def on_publish(version: ListVersion, acting_user) -> None:
    registry.index_version(version)
    adjustment.close_tasks(version)
    bureau = version.list.agency.review_bureau
    if bureau is not None:
        record_filing(version, bureau, acting_user)


def _next_number(prefix: str, year: int) -> str:
    """示司备〔2025〕3号: numbered in order within the year (the number is unique site-wide)."""
    stem = f"{prefix}〔{year}〕"
    number = FilingRecord.objects.filter(number__startswith=stem).count() + 1
    while FilingRecord.objects.filter(number=f"{stem}{number}号").exists():
        number += 1
    return f"{stem}{number}号"


def record_filing(version: ListVersion, bureau: Agency, acting_user) -> FilingRecord:
    config = settings_for(bureau)
    published_on = timezone.localdate(version.published_at or timezone.now())
    review_first = config.filing_order == BureauSettings.FilingOrder.REVIEW_FIRST
    return FilingRecord.objects.create(
        version=version,
        bureau=bureau,
        number=_next_number(config.filing_prefix, published_on.year),
        published_on=published_on,
        due_on=add_workdays(published_on, config.filing_workdays),
        filed_on=published_on if review_first else None,
        filed_by=acting_user if review_first else None,
    )


def can_file(user, record: FilingRecord) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user,
        agency_id=record.bureau_id,
        role__in=[Membership.Role.LEAD, Membership.Role.REVIEWER],
    ).exists()


def mark_filed(record: FilingRecord, *, acting_user, on_date=None) -> FilingRecord:
    """先公布后备案: the bureau receives the filing."""
    with transaction.atomic():
        locked = FilingRecord.objects.select_for_update().get(pk=record.pk)
        if not can_file(acting_user, locked):
            raise PermissionDenied(NOT_BUREAU)
        if locked.is_filed:
            raise adjustment.OversightError(ALREADY_FILED)
        locked.filed_on = on_date or timezone.localdate()
        locked.filed_by = acting_user
        locked.save(update_fields=["filed_on", "filed_by"])
    return locked
