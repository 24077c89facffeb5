"""The figures of the half-year (or monthly) report, per agency a bureau oversees.

Everything is read from the audit trail (lists.Event) and the oversight records, never from
fields a clerk can type, so the report says what happened: publications and revisions in the
period, rows added and removed by them (item keys compared with the version each replaced),
review turnaround in working days (submission → approval or return), overdue steps, adjustment
tasks, and how often each item was applied. A fixed number of queries per report.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Sum
from django.utils import timezone

from agencies.models import Agency
from lists.dashboard import PUBLISH_DEADLINE_WORKDAYS
from lists.models import Event, Item, ListType, ListVersion
from lists.selectors import current_items, public_versions
from lists.workdays import working_days_between
from oversight.coverage import coverage
from oversight.models import AdjustmentTask, ApplicationCount, FilingRecord, Law
from oversight.permissions import overseen_agencies

Action = Event.Action
NEVER_APPLIED_YEARS = 2


@dataclass
class AgencyFigures:
    agency: Agency
    lists_in_force: int = 0
    items_in_force: int = 0
    publications: int = 0
    revisions: int = 0
    items_added: int = 0
    items_removed: int = 0
    reviews: list[int] = field(default_factory=list)  # working days per decision
    returns: int = 0
    overdue: list[str] = field(default_factory=list)
    open_tasks: int = 0
    applications: Counter = field(default_factory=Counter)  # list type short name → cases
    entered_counts: bool = False

    @property
    def review_days(self) -> str:
        if not self.reviews:
            return "—"
        return f"{sum(self.reviews) / len(self.reviews):.1f}"


@dataclass
class Report:
    bureau: Agency
    start: datetime.date
    end: datetime.date
    made_on: datetime.date
    agencies: list[AgencyFigures]
    laws_changed: list[Law]
    tasks: list[AdjustmentTask]
    never_applied: list[Item]
    late_lists: list[tuple[Agency, str, datetime.date]]
    kinds: list[str] = field(default_factory=list)  # list type short names, in order

    @property
    def period(self) -> str:
        start, end = self.start, self.end
        if start.year == end.year and (start.month, start.day) == (1, 1):
            if (end.month, end.day) == (6, 30):
                return f"{start.year}年上半年"
            if (end.month, end.day) == (12, 31):
                return f"{start.year}年"
        if start.day == 1 and start.month == end.month and start.year == end.year:
            return f"{start.year}年{start.month}月"
        return f"{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}"

    def total(self, name: str) -> int:
        return sum(getattr(figures, name) for figures in self.agencies)

    @property
    def applications(self) -> Counter:
        total = Counter()
        for figures in self.agencies:
            total.update(figures.applications)
        return total


def _bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return low, high


def _publications(figures, agency_ids, low, high) -> None:
    events = Event.objects.filter(
        action=Action.PUBLISH, at__gte=low, at__lt=high, version__list__agency__in=agency_ids
    ).values_list("version_id", "version__list_id", "version__number", "version__list__agency_id")
    published = list(events)
    lists = {list_id for _, list_id, _, _ in published}
    history = defaultdict(list)  # list → [(number, version id)] of public versions
    for pk, list_id, number in (
        ListVersion.objects.published()
        .filter(list__in=lists)
        .values_list("pk", "list_id", "number")
    ):
        history[list_id].append((number, pk))
    previous = {}
    for version_id, list_id, number, _ in published:
        earlier = [pk for n, pk in sorted(history[list_id]) if n < number]
        previous[version_id] = earlier[-1] if earlier else None
    wanted = set(previous) | {pk for pk in previous.values() if pk}
    keys = defaultdict(set)
    for version_id, key in Item.objects.filter(version__in=wanted).values_list("version_id", "key"):
        keys[version_id].add(key)
    for version_id, _, number, agency_id in published:
        row = figures[agency_id]
        row.publications += 1
        before = keys[previous[version_id]] if previous[version_id] else set()
        row.revisions += number > 1
        row.items_added += len(keys[version_id] - before)
        row.items_removed += len(before - keys[version_id])


def _reviews(figures, agency_ids, low, high) -> None:
    events = (
        Event.objects.filter(
            action__in=[Action.SUBMIT, Action.APPROVE, Action.RETURN],
            version__list__agency__in=agency_ids,
            at__lt=high,
        )
        .order_by("version_id", "at", "pk")
        .values_list("version_id", "version__list__agency_id", "action", "at")
    )
    submitted = {}
    for version_id, agency_id, action, at in events:
        if action == Action.SUBMIT:
            submitted[version_id] = at
        elif version_id in submitted and at >= low:
            start = timezone.localdate(submitted.pop(version_id))
            figures[agency_id].reviews.append(working_days_between(start, timezone.localdate(at)))
            figures[agency_id].returns += action == Action.RETURN


def _overdue(figures, agency_ids, end) -> None:
    approved = Event.objects.filter(action=Action.APPROVE, version__list__agency__in=agency_ids)
    published = dict(
        Event.objects.filter(action=Action.PUBLISH, version__list__agency__in=agency_ids)
        .values("version_id")
        .annotate(at=Min("at"))
        .values_list("version_id", "at")
    )
    for version_id, agency_id, at, name in approved.values_list(
        "version_id", "version__list__agency_id", "at", "version__list__list_type__short_name"
    ):
        done = published.get(version_id)
        stop = timezone.localdate(done) if done else end
        waited = working_days_between(timezone.localdate(at), min(stop, end))
        if waited > PUBLISH_DEADLINE_WORKDAYS:
            state = "逾期发布" if done and timezone.localdate(done) <= end else "逾期未发布"
            figures[agency_id].overdue.append(f"{name}清单审查通过后{waited}个工作日{state}")
    filings = FilingRecord.objects.filter(version__list__agency__in=agency_ids, due_on__lte=end)
    for record in filings.select_related("version__list__list_type"):
        if record.is_overdue(end):
            agency_id = record.version.list.agency_id
            state = "逾期备案" if record.filed_on else "逾期未备案"
            figures[agency_id].overdue.append(
                f"{record.version.list.list_type.short_name}清单{state}"
            )


def _applications(figures, agency_ids, start, end) -> None:
    counts = ApplicationCount.objects.filter(list__agency__in=agency_ids)
    for agency_id in counts.values_list("list__agency_id", flat=True).distinct():
        figures[agency_id].entered_counts = True
    in_period = counts.filter(month__gte=start.replace(day=1), month__lte=end)
    rows = in_period.values_list("list__agency_id", "list__list_type__short_name")
    for agency_id, name, cases in rows.annotate(cases=Sum("cases")):
        figures[agency_id].applications[name] += cases


def never_applied(agency_ids, end: datetime.date) -> list[Item]:
    """Items in force for 2 years or more with no recorded case in those 2 years.

    Only agencies that enter application counts are judged: silence is not "never applied".
    """
    since = end.replace(year=end.year - NEVER_APPLIED_YEARS)
    counting = ApplicationCount.objects.filter(list__agency__in=agency_ids).values(
        "list__agency_id"
    )
    applied = ApplicationCount.objects.filter(
        month__gte=since.replace(day=1), month__lte=end, cases__gt=0
    ).values("item_key")
    old_lists = (
        ListVersion.objects.published()
        .values("list_id")
        .annotate(first=Min("effective_date"))
        .filter(first__lte=since)
        .values("list_id")
    )
    return list(
        current_items()
        .filter(version__list__agency__in=counting, version__list__in=old_lists)
        .exclude(key__in=applied)
        .select_related("version__list__agency", "version__list__list_type")
        .order_by("version__list__agency__order", "version__list__agency__code", "seq")
    )


def build_report(bureau: Agency, start: datetime.date, end: datetime.date, *, today=None) -> Report:
    today = today or timezone.localdate()
    agencies = list(overseen_agencies(bureau).order_by("order", "code"))
    agency_ids = [agency.pk for agency in agencies]
    figures = {agency.pk: AgencyFigures(agency) for agency in agencies}
    # In force on the last day of the period (by 施行日期), not merely today.
    in_force = (
        public_versions()
        .in_force(min(end, today))
        .filter(list__agency__in=agency_ids, list__abolished_at__isnull=True)
    )
    for agency_id, lists, items in (
        in_force.values("list__agency_id")
        .annotate(lists=Count("pk", distinct=True), items=Count("items"))
        .values_list("list__agency_id", "lists", "items")
    ):
        figures[agency_id].lists_in_force, figures[agency_id].items_in_force = lists, items
    low, high = _bounds(start, end)
    _publications(figures, agency_ids, low, high)
    _reviews(figures, agency_ids, low, high)
    _overdue(figures, agency_ids, min(end, today))
    _applications(figures, agency_ids, start, end)
    tasks = list(
        AdjustmentTask.objects.filter(list__agency__in=agency_ids)
        .filter(created_at__lt=high)
        .exclude(closed_at__lt=low)
        .select_related("law", "list__agency", "list__list_type", "closed_by_version")
    )
    for task in tasks:
        figures[task.list.agency_id].open_tasks += task.is_open
    board = coverage(bureau, today=min(end, today))
    late = [
        (row.agency, cell.list_type.name, cell.due)
        for row in board.rows
        for cell in row.cells
        if cell.late
    ]
    laws = list(
        Law.objects.filter(changed_on__gte=start, changed_on__lte=end).order_by("changed_on")
    )
    return Report(
        bureau=bureau,
        start=start,
        end=end,
        made_on=today,
        agencies=list(figures.values()),
        laws_changed=laws,
        tasks=tasks,
        never_applied=never_applied(agency_ids, end),
        late_lists=late,
        kinds=list(ListType.objects.order_by("order", "code").values_list("short_name", flat=True)),
    )
