"""Oversight panels on the admin index: open adjustment tasks (clerks, leads) and, for bureau
leads, what is late on the coverage board and which 备案 are waiting. Constant queries."""

from django.utils import timezone

from oversight.coverage import coverage
from oversight.models import AdjustmentTask, FilingRecord
from oversight.permissions import led_bureaus

SHOWN = 10


def panels_for(user) -> dict:
    if not user.is_authenticated or not user.is_staff:
        return {}
    today = timezone.localdate()
    tasks = (
        AdjustmentTask.objects.visible_to(user)
        .open()
        .select_related("law", "list__agency", "list__list_type")
        .order_by("due_on", "pk")
    )
    shown = list(tasks[: SHOWN + 1])
    panels = {"tasks": shown[:SHOWN], "more_tasks": len(shown) > SHOWN, "today": today}
    bureau = led_bureaus(user).order_by("order", "code").first()
    if bureau is not None:
        board = coverage(bureau, today=today)
        panels["bureau"] = bureau
        panels["late"] = [
            (row.agency, cell) for row in board.rows for cell in row.cells if cell.late
        ][:SHOWN]
        panels["late_total"] = board.late_total
        waiting = FilingRecord.objects.filter(bureau=bureau, filed_on__isnull=True)
        panels["filings_waiting"] = waiting.count()
        panels["filings_overdue"] = waiting.filter(due_on__lt=today).count()
    return panels
