"""The bureau lead's view of the review: backlog, lateness and turnaround.

Three queries whatever the number of versions: the open submissions, the agencies' open work
(returned, approved), and the review events of the period.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from agencies.permissions import led_agency_ids
from lists.dashboard import PUBLISH_DEADLINE_WORKDAYS, Waiting, _bureau_limit, _versions, _waiting
from lists.models import Event, ListVersion
from lists.workdays import working_days_between

Status = ListVersion.Status
Action = Event.Action
TURNAROUND_DAYS = 183  # "the last 6 months"


@dataclass
class Backlog:
    label: str
    waiting: list[Waiting] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.waiting)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.waiting if row.overdue)

    @property
    def oldest(self) -> int:
        return max((row.workdays for row in self.waiting), default=0)


def _group(rows: list[Waiting], label) -> list[Backlog]:
    groups: dict[str, Backlog] = {}
    for row in rows:
        name = label(row.version)
        groups.setdefault(name, Backlog(name)).waiting.append(row)
    return sorted(groups.values(), key=lambda group: (-group.overdue, -group.oldest, group.label))


def _reviewer_name(version) -> str:
    user = version.assigned_to
    return (user.get_full_name() or user.username) if user else "未分配"


def _percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def turnaround(agency_ids, today: datetime.date) -> dict:
    """Working days from submission to the reviewer's decision, decisions of the last 6 months."""
    since = today - datetime.timedelta(days=TURNAROUND_DAYS)
    events = Event.objects.filter(
        version__list__agency__in=agency_ids,
        action__in=[Action.SUBMIT, Action.WITHDRAW, Action.RETURN, Action.APPROVE],
        at__date__gte=since - datetime.timedelta(days=120),
    ).order_by("version_id", "at", "pk")
    durations, submitted = [], {}
    for event in events.values("version_id", "action", "at"):
        day = timezone.localdate(event["at"])
        if event["action"] == Action.SUBMIT:
            submitted[event["version_id"]] = day
        elif event["action"] == Action.WITHDRAW:
            submitted.pop(event["version_id"], None)
        elif (start := submitted.pop(event["version_id"], None)) and day >= since:
            durations.append(working_days_between(start, day))
    if not durations:
        return {"count": 0, "average": None, "p90": None}
    return {
        "count": len(durations),
        "average": round(sum(durations) / len(durations), 1),
        "p90": _percentile(durations, 0.9),
    }


def lead_overview(user, today: datetime.date | None = None) -> dict:
    """Everything the lead of a justice bureau watches about the review, in one dict."""
    today = today or timezone.localdate()
    agency_ids = led_agency_ids(user)
    submitted = [
        _waiting(v, v.submitted_at, today, _bureau_limit(v, "review_time_limit"))
        for v in _versions()
        .filter(status=Status.SUBMITTED, list__agency__in=agency_ids)
        .order_by("submitted_at", "pk")
    ]
    returned, approved = [], []
    for v in _versions().filter(
        status__in=[Status.RETURNED, Status.APPROVED], list__agency__in=agency_ids
    ):
        if v.status == Status.RETURNED:
            limit = _bureau_limit(v, "correction_time_limit")
            returned.append(_waiting(v, v.reviewed_at, today, limit))
        else:
            approved.append(_waiting(v, v.reviewed_at, today, PUBLISH_DEADLINE_WORKDAYS))
    return {
        "submitted": submitted,
        "oldest": submitted[0] if submitted else None,
        "overdue_reviews": [row for row in submitted if row.overdue],
        "by_reviewer": _group(submitted, _reviewer_name),
        "by_agency": _group(submitted, lambda v: v.list.agency.display_name),
        "overdue_corrections": [row for row in returned if row.overdue],
        "late_publications": [row for row in approved if row.overdue],
        "turnaround": turnaround(agency_ids, today),
        "publish_deadline": PUBLISH_DEADLINE_WORKDAYS,
    }
