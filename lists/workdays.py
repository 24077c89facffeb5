"""Working days in China: official holidays and 调休 make-up days.

Two sources, in this order: the bureau's own table (lists.models.CalendarDay, admin →
节假日安排), then chinesecalendar, which only knows the years the State Council had announced
when it was released (up to 2026 in 1.11). A day neither knows is counted Monday-Friday, and
`calendar_warning()` says so on the review screens until someone enters that year's notice;
only the statutory holidays with fixed dates (元旦, 劳动节, 国庆节) are known without it.

The table is read once and kept in memory for `TABLE_SECONDS`; an admin save clears it in the
process that saved (other worker processes follow within that time).
"""

import datetime
import functools
import time

import chinese_calendar
from django.utils import timezone

from lists import in_force

TABLE_SECONDS = 60
# Clocks look ahead about a month (deadlines of 10-20 working days): warn that far ahead.
WARNING_HORIZON = datetime.timedelta(days=45)
UNKNOWN_YEAR = (
    "{years}年的放假和调休安排尚未录入（所用节假日数据只包含到{last}年），这些日期暂按周一至周五计算"
    "工作日，审查时限和截止日期可能不准。请系统管理员或司法局负责人按国务院办公厅的节假日安排通知，"
    "在“节假日安排”中录入放假日和调休上班日。"
)

# Holidays the law fixes by the solar calendar (全国年节及纪念日放假办法, as revised in 2024, in
# force from 2025): 元旦 1月1日, 劳动节 5月1日、2日, 国庆节 10月1日至3日. Known for any year, so
# counted even where no notice is entered; the lunar ones and every 调休 need the year's notice.
STATUTORY_DAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})

_table: dict = {"loaded": None, "days": {}, "years": frozenset()}


def _entries() -> dict:
    if _table["loaded"] is None or time.monotonic() - _table["loaded"] > TABLE_SECONDS:
        from lists.models import CalendarDay

        days = {
            day: kind == CalendarDay.Kind.WORKDAY
            for day, kind in CalendarDay.objects.values_list("day", "kind")
        }
        _table.update(days=days, years=frozenset(day.year for day in days))
        _table["loaded"] = time.monotonic()
    return _table


def forget() -> None:
    """Read the table again on next use (after it was edited)."""
    _table["loaded"] = None


def hold(days: dict | None = None) -> None:
    """Use `days` ({date: is_workday}) instead of the table until `forget()`: tests start from an
    empty table without touching the database."""
    days = dict(days or {})
    _table.update(days=days, years=frozenset(day.year for day in days), loaded=float("inf"))


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_workday(day: datetime.date) -> bool:
    entries = _entries()["days"]
    if day in entries:
        return entries[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and (day.month, day.day) not in STATUTORY_DAYS


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    Approved on a Friday, looked at on the next Monday: 1 working day has passed. Counted as a
    subtraction, not a walk (the admin index counts the wait of every open version, some of them
    months old; chinese_calendar.is_workday costs ~25 µs a day): the days chinesecalendar knows
    from a running count built once per process, the others as Monday-Friday less the statutory
    holidays, then the bureau's table entries in the range as corrections.
    """
    # A moment counts on its day in Asia/Shanghai (07:00 there is the day before in UTC).
    if isinstance(start, datetime.datetime):
        start = in_force.local_date(start) if timezone.is_aware(start) else start.date()
    if isinstance(end, datetime.datetime):
        end = in_force.local_date(end) if timezone.is_aware(end) else end.date()
    if end <= start:
        return 0
    count = _library_count(start, end)
    for day, works in _entries()["days"].items():
        if start < day <= end:
            count += works - _library_says(day)
    return count


def _library_says(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and (day.month, day.day) not in STATUTORY_DAYS


_EPOCH = datetime.date(1970, 1, 5)  # a Monday
_ONE_DAY = datetime.timedelta(days=1)


def _weekdays_through(day: datetime.date) -> int:
    """Monday-Friday days from _EPOCH up to and including `day` (negative before it)."""
    weeks, rest = divmod((day - _EPOCH).days + 1, 7)
    return weeks * 5 + min(rest, 5)


@functools.cache
def _known() -> tuple[datetime.date, datetime.date, list[int]]:
    """(first, last, counts) over chinesecalendar's years: counts[i] = its working days from
    `first` through first + i days."""
    from chinese_calendar import constants

    first = datetime.date(min(constants.holidays).year, 1, 1)
    last = datetime.date(max(constants.holidays).year, 12, 31)
    counts, total, day = [], 0, first
    while day <= last:
        total += day in constants.workdays or (day.weekday() < 5 and day not in constants.holidays)
        counts.append(total)
        day += _ONE_DAY
    return first, last, counts


def _library_count(start: datetime.date, end: datetime.date) -> int:
    """Days in (start, end] on which _library_says works."""
    first, last, counts = _known()
    count, low = 0, start + _ONE_DAY
    if low < first:  # before the library's years
        count += _plain_count(low, min(end, first - _ONE_DAY))
    inside_low, inside_high = max(low, first), min(end, last)
    if inside_low <= inside_high:
        before = counts[(inside_low - first).days - 1] if inside_low > first else 0
        count += counts[(inside_high - first).days] - before
    if end > last:  # after them
        count += _plain_count(max(low, last + _ONE_DAY), end)
    return count


def _plain_count(low: datetime.date, high: datetime.date) -> int:
    """Monday-Friday days in [low, high], less the statutory holidays that fall on them."""
    if high < low:
        return 0
    days = _weekdays_through(high) - _weekdays_through(low - _ONE_DAY)
    for year in range(low.year, high.year + 1):
        for month, day_of_month in STATUTORY_DAYS:
            day = datetime.date(year, month, day_of_month)
            days -= low <= day <= high and day.weekday() < 5
    return days


def unknown_years(start: datetime.date, end: datetime.date) -> list[int]:
    """Years between `start` and `end` that neither chinesecalendar nor the table covers."""
    entered = _entries()["years"]
    return [
        year
        for year in range(start.year, end.year + 1)
        if year not in entered and not library_knows(year)
    ]


def last_library_year() -> int:
    year = in_force.today().year + 1
    while year > 2004 and not library_knows(year):
        year -= 1
    return year


def calendar_warning(today: datetime.date | None = None) -> str:
    """A warning while clocks may reach into a year whose holidays nobody has entered ("" if none)."""
    today = today or in_force.today()
    years = unknown_years(today, today + WARNING_HORIZON)
    if not years:
        return ""
    return UNKNOWN_YEAR.format(years="、".join(map(str, years)), last=last_library_year())
