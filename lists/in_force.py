"""Which published version is in force on a given day: its 施行日期 decides, not its status.

A published version is in force from its 施行日期 (`effective_date`) until the day its
successor comes into force or its list is abolished (`in_force_until`, exclusive, maintained by
lists.workflow.publish and abolish). Both are dates in Asia/Shanghai, compared with today at
request time: nothing needs to run at midnight.

`status` keeps its workflow meaning: `published` is the latest publication of a list, which may
still be waiting for its 施行日期 while an older, `superseded` one stays in force.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLIC_STATUSES = ("published", "superseded")

IN_FORCE, UPCOMING, SUPERSEDED, ABOLISHED = "in_force", "upcoming", "superseded", "abolished"
STATE_LABELS = {
    IN_FORCE: "现行有效",
    UPCOMING: "已公布待施行",
    SUPERSEDED: "已被修订",
    ABOLISHED: "已废止",
}


def today() -> date:
    """Today in Asia/Shanghai: the day every in-force question is asked about."""
    return timezone.localdate(timezone=SHANGHAI)


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` in Asia/Shanghai (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def local_time(moment: datetime) -> datetime:
    """`moment` on the clock in Asia/Shanghai (what every page and e-mail shows)."""
    return timezone.localtime(moment, SHANGHAI)


def local_date(moment: datetime) -> date:
    return local_time(moment).date()


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def in_force_q(on: date, prefix: str = "") -> Q:
    """Versions (or, with prefix "version__", items) in force on `on`."""
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES, f"{prefix}effective_date__lte": on}) & (
        Q(**{f"{prefix}in_force_until__isnull": True}) | Q(**{f"{prefix}in_force_until__gt": on})
    )


def upcoming_q(on: date, prefix: str = "") -> Q:
    """Published versions whose 施行日期 is still ahead and that will come into force then
    (not replaced before it, nor abolished)."""
    return Q(**{f"{prefix}status__in": PUBLIC_STATUSES, f"{prefix}effective_date__gt": on}) & (
        Q(**{f"{prefix}in_force_until__isnull": True})
        | Q(**{f"{prefix}in_force_until__gt": F(f"{prefix}effective_date")})
    )


@dataclass(frozen=True)
class VersionState:
    """A published version's public state on one day."""

    code: str  # in_force | upcoming | superseded | abolished
    label: str  # 现行有效 | 已公布待施行 | 已被修订 | 已废止
    detail: str  # the label with its date, e.g. 已公布，2027年1月1日起施行

    @property
    def is_in_force(self) -> bool:
        return self.code == IN_FORCE

    @property
    def is_upcoming(self) -> bool:
        return self.code == UPCOMING


def _state(code: str, detail: str = "") -> VersionState:
    return VersionState(code, STATE_LABELS[code], detail or STATE_LABELS[code])


def state_of(version, on: date | None = None) -> VersionState | None:
    """The public state of `version` on `on` (default today); None for unpublished versions.
    Reads `version.list.abolished_at`: select the list with the version."""
    if version.status not in PUBLIC_STATUSES or version.effective_date is None:
        return None
    on = on or today()
    start, until = version.effective_date, version.in_force_until
    if until is not None and (until <= on or until <= start):
        abolished_at = version.list.abolished_at
        if abolished_at is not None and until >= local_date(abolished_at):
            return _state(ABOLISHED, f"已于{chinese_date(local_date(abolished_at))}废止")
        if until <= start:
            return _state(SUPERSEDED, "未施行即被修订")
        return _state(SUPERSEDED, f"已被修订，{chinese_date(until)}起失效")
    if start > on:
        return _state(UPCOMING, f"已公布，{chinese_date(start)}起施行")
    return _state(IN_FORCE)
