"""Working days in China: official holidays and 调休 make-up days, via chinesecalendar.

chinesecalendar only knows the years the State Council has announced; outside them we fall back
to Monday-Friday, which is right on most days and never raises.
"""

import datetime

import chinese_calendar
from django.utils import timezone

from lists.in_force import local_date


def is_workday(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    Approved on a Friday, looked at on the next Monday: 1 working day has passed.
    """
    # A moment counts on its day in Asia/Shanghai (07:00 there is the day before in UTC).
    if isinstance(start, datetime.datetime):
        start = local_date(start) if timezone.is_aware(start) else start.date()
    if isinstance(end, datetime.datetime):
        end = local_date(end) if timezone.is_aware(end) else end.date()
    one_day = datetime.timedelta(days=1)
    count, day = 0, start + one_day
    while day <= end:
        count += is_workday(day)
        day += one_day
    return count
