"""Working-day counts: the same as walking the calendar day by day, without the walk."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from lists import workdays
from lists.workdays import is_workday, working_days_between

DAYS = st.dates(min_value=datetime.date(1999, 1, 1), max_value=datetime.date(2031, 12, 31))


def walked(start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start + datetime.timedelta(days=1)
    while day <= end:
        count += is_workday(day)
        day += datetime.timedelta(days=1)
    return count


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS, st.dictionaries(DAYS, st.booleans(), max_size=12))
def test_working_days_between_equals_walking_the_calendar(start, end, entered):
    # Across the library's years, the years after them (statutory holidays only) and with the
    # bureau's own entries (holidays and 调休 working days) anywhere.
    workdays.hold(entered)
    try:
        assert working_days_between(start, end) == walked(start, end)
    finally:
        workdays.hold()


def test_national_day_week_and_its_make_up_saturday_are_counted_as_announced():
    # 2024: 10月1–7日 holiday; Sunday 9月29日 and Saturday 10月12日 are make-up working days.
    # After Friday 9月27日 through 10月12日: 9月29日, 9月30日, 10月8日–12日.
    assert working_days_between(datetime.date(2024, 9, 27), datetime.date(2024, 10, 12)) == 7
    # Friday → Monday is one working day; an instant counts by its date.
    friday = datetime.datetime(2025, 3, 7, 18, 0)
    assert working_days_between(friday, datetime.date(2025, 3, 10)) == 1
    assert working_days_between(datetime.date(2025, 3, 10), datetime.date(2025, 3, 7)) == 0
