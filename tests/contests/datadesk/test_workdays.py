"""The working-day clock (cms/workdays.py) against the seeded 2026 schedule and rows of our own."""

import datetime as dt

import pytest

from cms.models import CalendarDay
from cms.workdays import SHANGHAI, add_working_days, is_working_day, working_days_between

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_the_2026_schedule_is_seeded_with_holidays_and_makeup_days():
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 1)).is_working_day is False
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 10)).name == "国庆节调休上班"
    assert is_working_day(dt.date(2026, 10, 10)) is True  # a Saturday worked (调休)
    assert is_working_day(dt.date(2026, 9, 20)) is True  # a Sunday worked
    assert is_working_day(dt.date(2026, 9, 25)) is False  # 中秋, a Friday
    assert is_working_day(dt.date(2026, 12, 7)) is True  # an ordinary Monday
    assert is_working_day(dt.date(2026, 12, 12)) is False  # an ordinary Saturday


def test_five_working_days_from_a_plain_monday_end_on_monday_night():
    assert add_working_days(at("2026-12-07T10:00"), 5) == at("2026-12-14T23:59:59")


def test_the_day_of_the_request_never_counts_whatever_the_hour():
    assert add_working_days(at("2026-12-10T00:01"), 5) == at("2026-12-17T23:59:59")
    assert add_working_days(at("2026-12-10T23:58"), 5) == at("2026-12-17T23:59:59")


def test_a_request_on_a_saturday_is_due_on_friday():
    assert add_working_days(at("2026-12-12T15:00"), 5) == at("2026-12-18T23:59:59")


def test_the_clock_runs_on_beijing_dates_not_utc():
    # 2026-12-10 17:00 UTC is already Friday 01:00 in Beijing: Friday is the request's day.
    utc = dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)
    assert add_working_days(utc, 1) == at("2026-12-14T23:59:59")


def test_a_thursday_request_before_the_mid_autumn_friday_skips_both_holidays():
    # Thu 9/24 → Fri 9/25–Sun 9/27 中秋; Mon 9/28 (1), Tue (2), Wed 9/30 (3); 10/1–10/7 国庆;
    # Thu 10/8 (4), Fri 10/9 (5).
    assert add_working_days(at("2026-09-24T16:00"), 5) == at("2026-10-09T23:59:59")


def test_a_makeup_saturday_counts():
    # Fri 10/9 → Sat 10/10 is worked: it is the first working day after the request.
    assert add_working_days(at("2026-10-09T09:00"), 1) == at("2026-10-10T23:59:59")


def test_a_holiday_added_in_the_admin_moves_the_deadline():
    before = add_working_days(at("2027-03-04T09:00"), 5)  # Thursday, no schedule for 2027 yet
    CalendarDay.objects.create(date=dt.date(2027, 3, 5), name="测试假日")  # the Friday
    after = add_working_days(at("2027-03-04T09:00"), 5)
    assert (before, after) == (at("2027-03-11T23:59:59"), at("2027-03-12T23:59:59"))


def test_working_days_between_inverts_add_working_days():
    start = at("2026-09-24T16:00")
    assert working_days_between(start, add_working_days(start, 5)) == 5
    assert working_days_between(at("2026-10-09T08:00"), at("2026-10-09T23:59:59")) == 0
    assert working_days_between(at("2026-10-12T08:00"), at("2026-10-09T23:59:59")) == -2  # Sat 10/10 and Mon 10/12


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(at("2026-12-07T10:00"), -1)


def test_a_year_long_walk_reads_the_calendar_in_a_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert working_days_between(at("2026-01-01T09:00"), at("2026-12-31T09:00")) > 240
