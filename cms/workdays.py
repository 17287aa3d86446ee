"""Working days on the official calendar, for the answer clocks (data requests, open-data requests).

A day counts when it is Monday to Friday in Asia/Shanghai, unless a ``CalendarDay`` says it is a
public holiday; a weekend day that a ``CalendarDay`` marks as a working day (调休) counts too. The
time of day is kept: asked on Friday 15:00, five working days later is the next Friday 15:00.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from cms.models.holidays import CalendarDay

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Far enough ahead for any clock we run (holidays never stretch a week of working days past this).
_LOOKAHEAD_DAYS = 60


def calendar_between(start_date, end_date):
    """{date: is_working_day} of the calendar's entries between two dates (one query); pass it to
    the functions below to count many spans with one read."""
    rows = CalendarDay.objects.filter(date__gte=start_date, date__lte=end_date).values_list("date", "is_working_day")
    return dict(rows)


def is_working_day(day, calendar=None):
    """Whether ``day`` (a date) is a working day; ``calendar`` is ``calendar_between``'s answer, if read."""
    if calendar is None:
        calendar = calendar_between(day, day)
    if day in calendar:
        return calendar[day]
    return day.weekday() < 5


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` moved on by ``days`` working days (Beijing calendar), at the same time of day."""
    local = start.astimezone(SHANGHAI)
    if days <= 0:
        return local
    calendar = calendar_between(local.date(), local.date() + dt.timedelta(days=days * 2 + _LOOKAHEAD_DAYS))
    day, left = local.date(), days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            left -= 1
    return dt.datetime.combine(day, local.timetz()).replace(tzinfo=SHANGHAI)


def working_days_between(start: dt.datetime, end: dt.datetime, calendar=None) -> int:
    """Working days from ``start`` to ``end``: the working days after ``start``'s date up to and
    including ``end``'s (0 when answered the same day)."""
    first, last = start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI).date()
    if last <= first:
        return 0
    if calendar is None:
        calendar = calendar_between(first, last)
    return sum(1 for n in range(1, (last - first).days + 1) if is_working_day(first + dt.timedelta(days=n), calendar))
