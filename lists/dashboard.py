"""What each person must do next, for the admin index and the review queue.

A constant number of queries whatever the number of versions: one for the roles, one for the
reviewer's queue, one for the agency's open versions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import Agency, Membership
from agencies.permissions import led_agency_ids, reviewable_agency_ids
from lists.models import ListVersion
from lists.workdays import working_days_between

Status = ListVersion.Status
# Working days an approved version may wait for publication before it counts as overdue.
PUBLISH_DEADLINE_WORKDAYS = 10


@dataclass
class Waiting:
    version: ListVersion
    since: datetime.datetime | None
    days: int  # calendar days since `since`
    workdays: int  # working days since `since` (chinese_calendar)
    overdue: bool = False
    limit: int | None = None  # the time limit in working days, when one applies

    @property
    def overdue_days(self) -> int:
        """Working days past the limit: 1 on the first late day."""
        return max(0, self.workdays - self.limit) if self.limit is not None else 0


def _waiting(version, since, today, deadline=None) -> Waiting:
    if since is None:
        return Waiting(version, None, 0, 0, limit=deadline)
    start = timezone.localdate(since)
    workdays = working_days_between(start, today)
    overdue = deadline is not None and workdays > deadline
    return Waiting(version, since, (today - start).days, workdays, overdue, deadline)


def _bureau_limit(version, name: str) -> int | None:
    bureau = version.list.agency.review_bureau
    return getattr(bureau, name) if bureau is not None else None


def _versions():
    return ListVersion.objects.select_related(
        "list__agency__review_bureau", "list__list_type", "assigned_to"
    ).annotate(item_total=Count("items"))


QUEUE_SCOPES = {"mine": "我的", "unassigned": "未分配", "all": "全部"}


def review_queue(user, today: datetime.date | None = None, scope: str = "all") -> list[Waiting]:
    """Submitted versions the user's bureau reviews (or leads), oldest first, with time limits."""
    today = today or timezone.localdate()
    versions = (
        _versions()
        .filter(status=Status.SUBMITTED)
        .filter(
            Q(list__agency__in=reviewable_agency_ids(user))
            | Q(list__agency__in=led_agency_ids(user))
        )
    )
    if scope == "mine":
        versions = versions.filter(assigned_to=user)
    elif scope == "unassigned":
        versions = versions.filter(assigned_to__isnull=True)
    return [
        _waiting(v, v.submitted_at, today, _bureau_limit(v, "review_time_limit"))
        for v in versions.order_by("submitted_at", "pk")
    ]


def agency_work(user, today: datetime.date | None = None) -> dict[str, list[Waiting]]:
    """The open versions of the agencies the user edits, by what they wait for."""
    today = today or timezone.localdate()
    versions = _versions().filter(
        status__in=[Status.RETURNED, Status.APPROVED, Status.DRAFT],
        list__agency__in=Agency.objects.editable_by(user),
    )
    work = {Status.RETURNED: [], Status.APPROVED: [], Status.DRAFT: []}
    for v in versions.order_by("updated_at", "pk"):
        if v.status == Status.APPROVED:
            work[v.status].append(_waiting(v, v.reviewed_at, today, PUBLISH_DEADLINE_WORKDAYS))
        elif v.status == Status.RETURNED:
            limit = _bureau_limit(v, "correction_time_limit")
            work[v.status].append(_waiting(v, v.reviewed_at, today, limit))
        else:
            work[v.status].append(_waiting(v, v.updated_at, today))
    return {
        "returned": work[Status.RETURNED],
        "approved": work[Status.APPROVED],
        "drafts": work[Status.DRAFT],
    }


def dashboard_for(user, today: datetime.date | None = None) -> dict:
    if not user.is_authenticated:
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    dashboard = {"deadline": PUBLISH_DEADLINE_WORKDAYS}
    if Membership.Role.REVIEWER in roles:
        dashboard["to_review"] = review_queue(user, today)
    if user.is_superuser or roles & {Membership.Role.CLERK, Membership.Role.LEAD}:
        dashboard.update(agency_work(user, today))
    return dashboard
