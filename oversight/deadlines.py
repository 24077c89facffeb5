"""Deadlines counted in China's working days (lists.workdays: holidays and 调休 included)."""

import datetime

from lists.workdays import is_workday


def add_workdays(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`: published on a Friday, 1 → the next Monday."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        days -= is_workday(day)
    return day
