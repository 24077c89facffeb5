"""The coverage board: every agency a bureau oversees × every list type, against campaign deadlines.

A fixed number of queries whatever the number of agencies (a province has thousands): agencies,
lists, versions in force, other published versions, open versions, exemptions, campaigns (with
their types and agencies), list types, and the city lists townships apply. Everything else is
joined in Python.

States: 未编制 / 草稿 / 审查中 / 已通过待发布 / 已公布待施行 / 现行有效 / 已废止 / 不适用 (with the reason);
a township without a list of its own applies the city lists directly (直接适用市级清单). An agency is
late for a list type when a campaign that covers it is past its due date and the list is not in
force (or 不适用); a list first published after the due date counts as published late.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone

from agencies.models import Agency
from lists.models import EnforcementList, ListType, ListVersion
from lists.selectors import current_versions
from oversight.models import Campaign, Exemption
from oversight.permissions import overseen_agencies

Status = ListVersion.Status

STATES = {
    "missing": "未编制",
    "draft": "草稿",
    "returned": "草稿（被退回）",
    "submitted": "审查中",
    "approved": "已通过待发布",
    "pending": "已公布待施行",
    "in_force": "现行有效",
    "abolished": "已废止",
    "exempt": "不适用",
    "city": "直接适用市级清单",
}
DONE_STATES = {"in_force", "exempt", "city"}


@dataclass
class Cell:
    list_type: ListType
    state: str
    version: dict | None = None  # the version in force (or awaiting its 施行日期)
    first_published: datetime.date | None = None  # see _first_dates
    reason: str = ""
    due: datetime.date | None = None
    late: bool = False
    published_late: bool = False
    revising: str = ""  # status of an open version next to the one in force
    city_count: int = 0

    @property
    def label(self) -> str:
        return STATES[self.state]


@dataclass
class Row:
    agency: Agency
    cells: list[Cell] = field(default_factory=list)

    @property
    def late_count(self) -> int:
        return sum(cell.late for cell in self.cells)


@dataclass
class Board:
    bureau: Agency
    today: datetime.date
    list_types: list[ListType]
    rows: list[Row]
    campaigns: list[Campaign]

    @property
    def totals(self) -> Counter:
        return Counter(cell.state for row in self.rows for cell in row.cells)

    @property
    def late_total(self) -> int:
        return sum(row.late_count for row in self.rows)


class _Facts:
    """Everything the board needs about the agencies' lists, in a fixed number of queries."""

    def __init__(self, agencies_query):
        lists = EnforcementList.objects.filter(agency__in=agencies_query)
        self.lists = {
            (a, t): (pk, gone)
            for pk, a, t, gone in lists.values_list(
                "pk", "agency_id", "list_type_id", "abolished_at"
            )
        }
        versions = ListVersion.objects.filter(list__agency__in=agencies_query)
        fields = ("list_id", "number", "document_no", "published_at", "effective_date")
        self.in_force = {
            row["list_id"]: row
            for row in current_versions().filter(list__agency__in=agencies_query).values(*fields)
        }
        self.published = {
            row["list_id"]: row for row in versions.filter(status=Status.PUBLISHED).values(*fields)
        }
        self.first = _first_dates(versions)
        self.open = dict(
            versions.filter(status__in=ListVersion.OPEN_STATUSES).values_list("list_id", "status")
        )
        exemptions = Exemption.objects.filter(agency__in=agencies_query)
        self.exempt = {
            (a, t): r for a, t, r in exemptions.values_list("agency_id", "list_type_id", "reason")
        }


def _first_dates(versions) -> dict[int, datetime.date]:
    """When each list was first made public: its first publication, or the 施行日期 of its first
    version when that is earlier (a list issued on paper before it was entered here)."""
    rows = (
        versions.published()
        .values("list_id")
        .annotate(published=Min("published_at"), effective=Min("effective_date"))
    )
    first = {}
    for row in rows:
        dates = [
            d
            for d in (row["published"] and timezone.localdate(row["published"]), row["effective"])
            if d
        ]
        first[row["list_id"]] = min(dates) if dates else None
    return first


def _city_counts() -> dict[int, int]:
    """Per list type: how many city-level agencies have a list in force (townships apply them)."""
    versions = current_versions().filter(
        list__agency__level=Agency.Level.CITY, list__abolished_at__isnull=True
    )
    rows = versions.values("list__list_type_id").annotate(n=Count("pk"))
    return {row["list__list_type_id"]: row["n"] for row in rows}


def _due_dates(campaigns, agency: Agency) -> dict[int, datetime.date]:
    """The earliest deadline per list type among the campaigns that cover this agency."""
    due: dict[int, datetime.date] = {}
    for campaign in campaigns:
        named = campaign.agency_ids
        if agency.pk in named or (not named and agency.kind == Agency.Kind.ENFORCEMENT):
            for type_id in campaign.type_ids:
                if type_id not in due or campaign.due_date < due[type_id]:
                    due[type_id] = campaign.due_date
    return due


def _cell(facts: _Facts, agency: Agency, list_type: ListType, city_counts) -> Cell:
    key = (agency.pk, list_type.pk)
    if key not in facts.lists:
        if key in facts.exempt:
            return Cell(list_type, "exempt", reason=facts.exempt[key])
        if agency.kind == Agency.Kind.TOWNSHIP and city_counts.get(list_type.pk):
            return Cell(list_type, "city", city_count=city_counts[list_type.pk])
        return Cell(list_type, "missing")
    list_id, abolished_at = facts.lists[key]
    first = facts.first.get(list_id)
    if abolished_at is not None:
        return Cell(
            list_type, "abolished", version=facts.published.get(list_id), first_published=first
        )
    if list_id in facts.in_force:
        revising = facts.open.get(list_id, "")
        return Cell(list_type, "in_force", facts.in_force[list_id], first, revising=revising)
    if list_id in facts.published:
        return Cell(list_type, "pending", facts.published[list_id], first)
    if key in facts.exempt:
        return Cell(list_type, "exempt", reason=facts.exempt[key])
    return Cell(list_type, facts.open.get(list_id, "missing"))


def _judge(cell: Cell, due: datetime.date | None, today: datetime.date) -> None:
    cell.due = due
    if due is None:
        return
    if cell.state in DONE_STATES:
        cell.published_late = bool(cell.first_published and cell.first_published > due)
    else:
        cell.late = today > due


def campaigns_of(bureau: Agency) -> list[Campaign]:
    campaigns = list(
        Campaign.objects.filter(bureau=bureau).prefetch_related("list_types", "agencies")
    )
    for campaign in campaigns:
        campaign.type_ids = {t.pk for t in campaign.list_types.all()}
        campaign.agency_ids = {a.pk for a in campaign.agencies.all()}
    return campaigns


def coverage(
    bureau: Agency,
    *,
    today: datetime.date | None = None,
    field_tag: str = "",
    level: str = "",
) -> Board:
    today = today or timezone.localdate()
    query = overseen_agencies(bureau)
    if level:
        query = query.filter(level=level)
    agencies = [
        a for a in query.order_by("order", "code") if not field_tag or field_tag in (a.fields or [])
    ]
    list_types = list(ListType.objects.order_by("order", "code"))
    facts = _Facts(query.values("pk"))
    campaigns = campaigns_of(bureau)
    townships = any(agency.kind == Agency.Kind.TOWNSHIP for agency in agencies)
    city_counts = _city_counts() if townships else {}
    rows = []
    for agency in agencies:
        due = _due_dates(campaigns, agency)
        row = Row(agency)
        for list_type in list_types:
            cell = _cell(facts, agency, list_type, city_counts)
            _judge(cell, due.get(list_type.pk), today)
            row.cells.append(cell)
        rows.append(row)
    return Board(bureau, today, list_types, rows, campaigns)


def field_tags(bureau: Agency) -> list[str]:
    tags = defaultdict(int)
    for fields in overseen_agencies(bureau).values_list("fields", flat=True):
        for tag in fields or []:
            tags[tag] += 1
    return sorted(tags)
