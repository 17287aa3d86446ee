"""The data desk's answer clock: what a page shows of it, and the hourly sweep that reminds and escalates.

* **Reminder** to the unit's members, once (``reminded_at``): from the start of the last working day
  before the due day — when at most one working day is left (``working_days_between(now, due_at) <= 1``)
  — until the answer is due.
* **Escalation** to the organisers, once (``escalated_at``): at the first sweep after ``due_at`` while
  the request is still pending.
* **Expiry**: an approved request whose access ended becomes 已到期 (the team may apply again only if
  the contest is still running, which it then is not).

The sweep runs hourly (``CELERY_BEAT_SCHEDULE``); every step is idempotent (a conditional UPDATE
claims the row before its e-mail is enqueued), so a late or repeated run sends nothing twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F

from cms.tasks import enqueue
from cms.workdays import WorkCalendar
from contests import models
from contests.choices import DataRequestStatus


@dataclass(frozen=True)
class SlaClock:
    due_at: datetime
    working_days_left: int  # 0 on the due day; negative once overdue by whole working days
    overdue: bool
    due_soon: bool  # within the reminder window


def sla_clock(request, now, calendar=None):
    """The clock of one pending request as the team and the unit see it; ``calendar`` shared by a page."""
    calendar = calendar or WorkCalendar()
    left = calendar.working_days_between(now, request.due_at)
    overdue = now > request.due_at
    return SlaClock(due_at=request.due_at, working_days_left=left, overdue=overdue, due_soon=not overdue and left <= 1)


def sweep_data_desk(now):
    """Remind, escalate and expire; returns the counts {"reminded", "escalated", "expired"}."""
    calendar = WorkCalendar()
    reminded = escalated = 0
    pending = models.DataRequest.objects.filter(status=DataRequestStatus.PENDING, escalated_at__isnull=True).only(
        "pk", "due_at", "reminded_at", "escalated_at"
    )
    for request in pending.order_by("due_at", "pk"):
        if now > request.due_at:
            claimed = models.DataRequest.objects.filter(
                pk=request.pk, status=DataRequestStatus.PENDING, escalated_at__isnull=True
            ).update(escalated_at=now)
            if claimed:
                enqueue("contests.send_data_request_mail", request_id=request.pk, kind="escalation")
                escalated += 1
        elif request.reminded_at is None and calendar.working_days_between(now, request.due_at) <= 1:
            claimed = models.DataRequest.objects.filter(
                pk=request.pk, status=DataRequestStatus.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                enqueue("contests.send_data_request_mail", request_id=request.pk, kind="reminder")
                reminded += 1
    expired = models.DataRequest.objects.filter(status=DataRequestStatus.APPROVED, access_ends_at__lte=now).update(
        status=DataRequestStatus.EXPIRED, version=F("version") + 1
    )
    return {"reminded": reminded, "escalated": escalated, "expired": expired}
