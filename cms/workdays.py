"""Working days in Asia/Shanghai: the clock of the data desk's answer (5 working days by default).

A day is a working day when it is Monday–Friday and no ``CalendarDay`` row marks it a public holiday,
or when a ``CalendarDay`` row marks it a working day (调休: a Saturday or Sunday worked to bridge a
holiday). Organisers keep the rows in the admin (设置 › 节假日安排); the 2026 official schedule is
seeded by a data migration.

Deadlines are **the end of a working day**: ``add_working_days(start, n)`` is 23:59:59 (Shanghai) of
the n-th working day *after* the day of ``start`` — the day a request arrives never counts, whatever
the hour, so "5 working days" means five whole working days to answer. A request made on Thursday
9:00 or 22:00 is due at the end of the next Thursday (no holiday in between); one made on Saturday
is due at the end of the following Friday.

``working_days_between(start, end)`` counts the working days after ``start``'s day up to and
including ``end``'s day, so ``working_days_between(t, add_working_days(t, n)) == n``; it is 0 on
the day itself and negative when ``end`` is before ``start``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = dt.time(23, 59, 59)
# How far one database read of the calendar reaches; a longer walk reads the next stretch.
_WINDOW = dt.timedelta(days=120)


def local_date(moment):
    """The calendar date of an aware ``moment`` in Asia/Shanghai."""
    return timezone.localtime(moment, SHANGHAI).date()


def end_of_day(day):
    """23:59:59 of ``day`` in Asia/Shanghai, as an aware datetime."""
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=SHANGHAI)


def start_of_day(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


class WorkCalendar:
    """The calendar's exceptions, read from the database once per stretch of dates and kept.

    One instance serves a whole page or sweep, so showing the clock of fifty requests costs one
    query, not fifty."""

    def __init__(self):
        self._exceptions = {}
        self._loaded = None  # (first, last) dates read so far

    def _load(self, day):
        loaded = self._loaded
        if loaded and loaded[0] <= day <= loaded[1]:
            return
        from cms.models import CalendarDay

        one = dt.timedelta(days=1)
        if loaded is None:
            first, last = day - _WINDOW, day + _WINDOW
        elif day < loaded[0]:
            first, last = day - _WINDOW, loaded[0] - one
        else:
            first, last = loaded[1] + one, day + _WINDOW
        rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_working_day")
        self._exceptions.update(dict(rows))
        self._loaded = (min(first, loaded[0]), max(last, loaded[1])) if loaded else (first, last)

    def is_working_day(self, day):
        self._load(day)
        if day in self._exceptions:
            return self._exceptions[day]
        return day.weekday() < 5

    def nth_working_day_after(self, day, n):
        """The n-th working day after ``day`` (``day`` itself never counts); ``day`` when n is 0."""
        if n < 0:
            raise ValueError("the number of working days cannot be negative")
        while n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def add_working_days(self, start, days):
        return end_of_day(self.nth_working_day_after(local_date(start), days))

    def working_days_between(self, start, end):
        first, last = local_date(start), local_date(end)
        if last < first:
            return -self.working_days_between(end, start)
        count, day = 0, first
        while day < last:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def is_working_day(day):
    """Whether the date ``day`` is a working day (weekend, holidays and 调休 considered)."""
    return WorkCalendar().is_working_day(day)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """23:59:59 Asia/Shanghai of the ``days``-th working day after the day of ``start``."""
    return WorkCalendar().add_working_days(start, days)


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Working days after ``start``'s day up to and including ``end``'s day (negative if reversed)."""
    return WorkCalendar().working_days_between(start, end)
