"""Dynamic adjustment: a law amended or repealed → one task per list in force citing it.

`change_law_status` is the only code that writes a law's status; it raises a task for every list
whose items in force cite the law (never two open tasks for one law and list), with the rows
concerned and a deadline, and mails the agency's clerks and leads after commit. A task closes
when the list is published again (`close_tasks`, from oversight.filing.on_publish) or when the
agency records 无需调整 with a reason (`decline_task`), which the bureau sees.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agencies.permissions import can_edit_agency
from lists.models import EnforcementList, ListVersion
from lists.selectors import current_items
from oversight.deadlines import add_workdays
from oversight.models import AdjustmentTask, BureauSettings, Law
from oversight.permissions import is_bureau_lead

logger = logging.getLogger(__name__)
Status = AdjustmentTask.Status

NOT_BUREAU_LEAD = "只有司法局负责人或系统管理员可以变更法规状态。"
SAME_STATUS = "该法规已是“{status}”。"
DATE_REQUIRED = "请填写修订或废止日期。"
REASON_REQUIRED = "请填写无需调整的理由。"
NOT_AGENCY = "只有本单位的填报员或负责人可以办理该调整任务。"
TASK_CLOSED = "该调整任务已办结（{status}）。"
REASONS = {Law.Status.AMENDED: "已修订", Law.Status.REPEALED: "已废止"}


class OversightError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def can_change_laws(user) -> bool:
    return is_bureau_lead(user)


def change_law_status(
    law: Law, status: str, *, acting_user, on_date: datetime.date | None, note: str = ""
) -> list[AdjustmentTask]:
    """Mark a law 现行有效 / 已修订 / 已废止; amended or repealed raises the adjustment tasks."""
    if not can_change_laws(acting_user):
        raise PermissionDenied(NOT_BUREAU_LEAD)
    if status != Law.Status.IN_FORCE and on_date is None:
        raise OversightError(DATE_REQUIRED)
    with transaction.atomic():
        locked = Law.objects.select_for_update().get(pk=law.pk)
        if locked.status == status:
            raise OversightError(SAME_STATUS.format(status=locked.get_status_display()))
        locked.status, locked.changed_on, locked.change_note = status, on_date, note.strip()
        locked.save(update_fields=["status", "changed_on", "change_note"])
        tasks = _raise_tasks(locked) if status in REASONS else []
        transaction.on_commit(lambda: notify_tasks(tasks))
    law.status, law.changed_on, law.change_note = locked.status, on_date, locked.change_note
    return tasks


def _affected_rows(law: Law) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    items = (
        current_items()
        .filter(citations__law=law)
        .distinct()
        .order_by("version__list_id", "seq")
        .values_list("version__list_id", "seq", "matter", "key")
    )
    for list_id, seq, matter, key in items:
        rows[list_id].append({"seq": seq, "matter": matter, "key": str(key)})
    return rows


def _raise_tasks(law: Law) -> list[AdjustmentTask]:
    rows = _affected_rows(law)
    lists = EnforcementList.objects.filter(pk__in=rows).select_related("agency", "list_type")
    already = set(AdjustmentTask.objects.open().filter(law=law).values_list("list_id", flat=True))
    workdays = dict(BureauSettings.objects.values_list("bureau_id", "adjustment_workdays"))
    today = timezone.localdate()
    reason = f"{REASONS[law.status]}（{law.changed_on:%Y-%m-%d}）"
    tasks = [
        AdjustmentTask(
            law=law,
            list=enforcement_list,
            reason=reason,
            rows=rows[enforcement_list.pk],
            due_on=add_workdays(today, workdays.get(enforcement_list.agency.review_bureau_id, 10)),
        )
        for enforcement_list in lists
        if enforcement_list.pk not in already
    ]
    return AdjustmentTask.objects.bulk_create(tasks)


def close_tasks(version: ListVersion) -> int:
    """The list is published again: its open tasks are done (inside the publish transaction)."""
    return (
        AdjustmentTask.objects.open()
        .filter(list_id=version.list_id)
        .update(status=Status.DONE, closed_at=timezone.now(), closed_by_version=version)
    )


def decline_task(task: AdjustmentTask, *, acting_user, reason: str) -> AdjustmentTask:
    """无需调整: the agency explains why the list stands as it is; the bureau sees the reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = AdjustmentTask.objects.select_for_update().select_related("list__agency")
        locked = locked.get(pk=task.pk)
        if not can_edit_agency(acting_user, locked.list.agency):
            raise PermissionDenied(NOT_AGENCY)
        if not locked.is_open:
            raise OversightError(TASK_CLOSED.format(status=locked.get_status_display()))
        if not reason:
            raise OversightError(REASON_REQUIRED)
        locked.status, locked.decision, locked.decided_by = Status.NOT_NEEDED, reason, acting_user
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "decision", "decided_by", "closed_at"])
    return locked


SUBJECT = "【清单调整】{law}{reason}，请调整《{list_name}》"
BODY = """{agency}：

{law}{reason}。贵单位《{list_name}》中以下 {count} 项事项引用了该法规：
{rows}
请于 {due:%Y年%m月%d日} 前完成清单修订并重新公布；如经研究无需调整，请在系统中说明理由。

查看：{url}

—— 减免责清单公示平台（系统邮件，请勿回复）
"""


def _recipients(agency_ids) -> dict[int, list[str]]:
    members = Membership.objects.filter(
        agency_id__in=agency_ids,
        role__in=[Membership.Role.CLERK, Membership.Role.LEAD],
        user__is_active=True,
    ).values_list("agency_id", "user__email")
    found = defaultdict(set)
    for agency_id, email in members:
        if email:
            found[agency_id].add(email)
    return {agency_id: sorted(emails) for agency_id, emails in found.items()}


def notify_tasks(tasks: list[AdjustmentTask]) -> int:
    recipients = _recipients({task.list.agency_id for task in tasks})
    messages = []
    for task in tasks:
        to = recipients.get(task.list.agency_id)
        if not to:
            continue
        context = {
            "agency": task.list.agency.name,
            "law": str(task.law),
            "reason": task.reason,
            "list_name": task.list.list_type.name,
            "count": len(task.rows),
            "rows": "\n".join(f"  · 第 {row['seq']} 项 {row['matter']}" for row in task.rows),
            "due": task.due_on,
            "url": settings.SITE_URL
            + reverse("admin:oversight_adjustmenttask_change", args=[task.pk]),
        }
        # One message per recipient: no clerk learns the addresses of the others.
        subject, body = SUBJECT.format(**context), BODY.format(**context)
        messages += [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]
    try:
        return send_mass_mail(messages, fail_silently=False) if messages else 0
    except Exception:  # the tasks exist; a mail outage must not undo them
        logger.exception("adjustment task mail failed")
        return 0
