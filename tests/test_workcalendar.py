"""Working days beyond chinesecalendar's last year: a warning, and a table the bureau extends."""

import datetime

from django.urls import reverse

from lists import in_force, workdays, workflow
from lists.dashboard import review_queue
from lists.models import CalendarDay
from tests.test_review_bureau import submitted_on

D = datetime.date
# An arrangement for 2027 as a bureau would enter it from the State Council's notice. The
# dates here are sample data for the test, not the official 2027 notice.
SPRING_FESTIVAL = [D(2027, 2, day) for day in range(5, 12)]  # Fri 5 – Thu 11 Feb
MAKE_UP_SATURDAY = D(2027, 2, 13)


def enter_spring_festival():
    for day in SPRING_FESTIVAL:
        CalendarDay.objects.create(day=day, kind=CalendarDay.Kind.HOLIDAY, name="春节")
    CalendarDay.objects.create(
        day=MAKE_UP_SATURDAY, kind=CalendarDay.Kind.WORKDAY, name="春节调休上班"
    )
    workdays.forget()


def test_the_library_stops_at_2026_and_2027_falls_back_to_monday_to_friday(db):
    assert workdays.library_knows(2026) and not workdays.library_knows(2027)
    # Mon 8 – Fri 12 Feb 2027: five weekdays, counted as working days while nothing is entered.
    assert workdays.working_days_between(D(2027, 2, 7), D(2027, 2, 12)) == 5


def test_fixed_statutory_holidays_count_in_a_year_nobody_has_entered(db):
    # 2027-01-01 and 2027-10-01 are Fridays: 元旦 and 国庆节 by law, whatever the notice says.
    assert not workdays.is_workday(D(2027, 1, 1)) and not workdays.is_workday(D(2027, 10, 1))
    assert workdays.working_days_between(D(2026, 12, 31), D(2027, 1, 4)) == 1  # Mon 4 Jan


def test_a_warning_names_the_year_a_month_before_clocks_reach_it(db):
    assert workdays.calendar_warning(D(2026, 10, 1)) == ""
    warning = workdays.calendar_warning(D(2026, 12, 4))
    assert "2027年的放假和调休安排尚未录入" in warning and "2026年" in warning


def test_entered_holidays_and_make_up_days_count_and_the_warning_goes(db):
    enter_spring_festival()
    # After Thu 4 Feb: Fri 5 – Thu 11 off, Fri 12 works, Sat 13 is a 调休 working day.
    assert workdays.working_days_between(D(2027, 2, 4), D(2027, 2, 13)) == 2
    assert workdays.is_workday(MAKE_UP_SATURDAY) and not workdays.is_workday(D(2027, 2, 8))
    assert workdays.calendar_warning(D(2026, 12, 4)) == ""


def test_the_review_clock_runs_on_the_entered_2027_calendar(draft, clerk, reviewer):
    enter_spring_festival()
    workflow.submit(draft, acting_user=clerk)
    submitted_on(draft, D(2027, 1, 29))  # Fri 29 Jan 2027
    # Working days: 1-4 Feb (4), 12 and 13 Feb (6), 15-18 Feb (10); Fri 19 Feb is the first late day.
    [on_time] = review_queue(reviewer, today=D(2027, 2, 18))
    [late] = review_queue(reviewer, today=D(2027, 2, 19))
    assert (on_time.workdays, on_time.overdue) == (10, False)
    assert (late.workdays, late.overdue_days) == (11, 1)


def test_an_entry_overrides_the_library_for_a_day_it_knows(db):
    monday = D(2026, 3, 2)
    assert workdays.is_workday(monday)
    CalendarDay.objects.create(day=monday, kind=CalendarDay.Kind.HOLIDAY, name="地方假日")
    workdays.forget()
    assert not workdays.is_workday(monday)


def test_the_queue_warns_and_a_bureau_lead_enters_a_day_in_the_admin(
    client, lead, reviewer, monkeypatch
):
    monkeypatch.setattr(in_force, "today", lambda: D(2026, 12, 4))
    client.force_login(reviewer)
    queue = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    assert "2027年的放假和调休安排尚未录入" in queue
    assert "节假日安排 →" not in queue  # the link is for those who keep the table
    assert client.get(reverse("admin:lists_calendarday_add")).status_code == 403

    client.force_login(lead)
    response = client.post(
        reverse("admin:lists_calendarday_add"),
        {"day": "2027-02-13", "kind": "workday", "name": "春节调休上班", "source": ""},
    )
    assert response.status_code == 302
    assert workdays.is_workday(MAKE_UP_SATURDAY)  # the save cleared the cached table
    client.force_login(reviewer)
    queue = client.get(reverse("admin:lists_listversion_review_queue")).content.decode()
    assert "尚未录入" not in queue


def test_a_day_entered_twice_is_refused_and_nothing_is_written(client, lead):
    CalendarDay.objects.create(day=MAKE_UP_SATURDAY, kind=CalendarDay.Kind.WORKDAY, name="调休")
    client.force_login(lead)
    response = client.post(
        reverse("admin:lists_calendarday_add"),
        {"day": "2027-02-13", "kind": "holiday", "name": "春节", "source": ""},
    )
    assert response.status_code == 200 and "已存在" in response.content.decode()
    assert CalendarDay.objects.get().kind == CalendarDay.Kind.WORKDAY
