"""The official 2026 schedule of public holidays and 调休 working days (国务院办公厅, November 2025).

Later years are added by organisers in the admin (设置 › 节假日安排) once the State Council publishes
them; a year with no rows counts Monday–Friday as working days.
"""

import datetime as dt

from django.db import migrations


def _span(first, last, name):
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while day <= end:
        yield day, name, False
        day += dt.timedelta(days=1)


def _workday(date, name):
    yield dt.date.fromisoformat(date), name, True


def days_2026():
    yield from _span("2026-01-01", "2026-01-03", "元旦")
    yield from _workday("2026-01-04", "元旦调休上班")
    yield from _workday("2026-02-14", "春节调休上班")
    yield from _span("2026-02-15", "2026-02-23", "春节")
    yield from _workday("2026-02-28", "春节调休上班")
    yield from _span("2026-04-04", "2026-04-06", "清明节")
    yield from _span("2026-05-01", "2026-05-05", "劳动节")
    yield from _workday("2026-05-09", "劳动节调休上班")
    yield from _span("2026-06-19", "2026-06-21", "端午节")
    yield from _workday("2026-09-20", "国庆节调休上班")
    yield from _span("2026-09-25", "2026-09-27", "中秋节")
    yield from _span("2026-10-01", "2026-10-07", "国庆节")
    yield from _workday("2026-10-10", "国庆节调休上班")


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("cms", "CalendarDay")
    for date, name, is_working_day in days_2026():
        CalendarDay.objects.update_or_create(date=date, defaults={"name": name, "is_working_day": is_working_day})


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("cms", "CalendarDay")
    CalendarDay.objects.filter(date__in=[date for date, _name, _working in days_2026()]).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_calendar_days")]

    operations = [migrations.RunPython(seed, unseed)]
