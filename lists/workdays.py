"""Working days in China: official holidays and 调休 make-up days, via chinesecalendar.

chinesecalendar only knows the years the State Council has announced; outside them we fall back
to Monday-Friday, which is right on most days and never raises.

Counting is a subtraction, not a walk: a running count of working days over the years the
calendar knows is built once per process (about 8,000 days), and Monday-Friday outside them is
arithmetic. The admin index counts the wait of every open version, many of them months old;
chinese_calendar.is_workday costs ~25 µs a day (it scans its tables to check the year).
"""

import datetime
import functools

import chinese_calendar
from chinese_calendar import constants

_EPOCH = datetime.date(1970, 1, 5)  # a Monday


def is_workday(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _weekdays_through(day: datetime.date) -> int:
    """Monday-Friday days from _EPOCH up to and including `day` (negative before it)."""
    weeks, rest = divmod((day - _EPOCH).days + 1, 7)
    return weeks * 5 + min(rest, 5)


@functools.cache
def _known() -> tuple[datetime.date, datetime.date, list[int]]:
    """(first, last, counts): counts[i] = working days from `first` through first + i days."""
    first = datetime.date(min(constants.holidays).year, 1, 1)
    last = datetime.date(max(constants.holidays).year, 12, 31)
    counts, total, day = [], 0, first
    while day <= last:
        total += day in constants.workdays or (day.weekday() < 5 and day not in constants.holidays)
        counts.append(total)
        day += datetime.timedelta(days=1)
    return first, last, counts


def _workdays_through(day: datetime.date) -> int:
    """Working days from a fixed origin through `day`: differences of this are counts."""
    first, last, counts = _known()
    if day < first:
        return _weekdays_through(day)
    before = _weekdays_through(first - datetime.timedelta(days=1))
    if day <= last:
        return before + counts[(day - first).days]
    return before + counts[-1] + _weekdays_through(day) - _weekdays_through(last)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    Approved on a Friday, looked at on the next Monday: 1 working day has passed.
    """
    if isinstance(start, datetime.datetime):
        start = start.date()
    if isinstance(end, datetime.datetime):
        end = end.date()
    if end <= start:
        return 0
    return _workdays_through(end) - _workdays_through(start)
