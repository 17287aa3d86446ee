"""数据开放申请: asking a resource's owner to open it, and the owner's public answer.

``ask`` and ``answer`` are the only ways a request is created or answered (the public resource page
and the unit workspace both call them); each raises ``OpenDataRefused`` with a translated message
and changes nothing when a rule says no. The answer clock is the data desk's: 5 working days on
the official calendar (cms.workdays).
"""

import statistics

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.workdays import WorkCalendar, add_working_days
from scenes.cache import bump_open_data_version
from scenes.choices import Openness, OpenRequestStatus
from scenes.models import DataResource, OpenDataRequest
from scenes.rules import can_answer_open_request, can_ask_to_open

ANSWER_WORKING_DAYS = 5
ANSWERS = (OpenRequestStatus.OPENED, OpenRequestStatus.PLANNED, OpenRequestStatus.REFUSED)
MOST_REQUESTED = 5
MAX_PURPOSE = 1000
MAX_ANSWER = 2000


class OpenDataRefused(Exception):
    """A rule refused the request or the answer; ``str(error)`` is the message for the user."""

    def __init__(self, message, *, code=""):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


def ask(resource, user, purpose, now=None):
    """A new pending request by ``user`` to open ``resource``, due in 5 working days."""
    purpose = (purpose or "").strip()
    if not (user and user.is_authenticated):
        raise OpenDataRefused(_("请先登录再提交数据开放申请。"), code="anonymous")
    if resource.openness == Openness.OPEN:
        raise OpenDataRefused(_("该数据资源已无条件开放，无需申请。"), code="already_open")
    if not can_ask_to_open(user, resource):
        raise OpenDataRefused(_("您的账号不能提交数据开放申请。"), code="not_allowed")
    if not purpose:
        raise OpenDataRefused(_("请说明数据的用途。"), code="purpose_required")
    if len(purpose) > MAX_PURPOSE:
        raise OpenDataRefused(_("用途说明不能超过 1000 字。"), code="purpose_too_long")
    now = now or timezone.now()
    pending = OpenDataRequest.objects.filter(resource=resource, requester=user, status=OpenRequestStatus.PENDING)
    if pending.exists():
        raise OpenDataRefused(_("您对该数据资源已有一条待答复的申请，请等待答复后再提交。"), code="duplicate")
    request = OpenDataRequest(
        resource=resource,
        requester=user,
        purpose=purpose,
        due_at=add_working_days(now, ANSWER_WORKING_DAYS),
    )
    try:
        with transaction.atomic():
            request.save()
            # created_at is auto_now_add: a pinned clock (tests, imports) names the real moment.
            OpenDataRequest.objects.filter(pk=request.pk).update(created_at=now)
    except IntegrityError as error:  # two submissions at once: the constraint keeps one
        raise OpenDataRefused(
            _("您对该数据资源已有一条待答复的申请，请等待答复后再提交。"), code="duplicate"
        ) from error
    request.created_at = now
    return request


def answer(open_request, user, status, answer, legal_basis="", now=None):
    """Answer ``open_request`` once, publicly: opened (the resource becomes open), planned, or
    refused with the legal basis. Only members of the owner unit (or a superuser) may answer."""
    answer_text = (answer or "").strip()
    legal_basis = (legal_basis or "").strip()
    if not can_answer_open_request(user, open_request):
        raise OpenDataRefused(_("只有数据责任单位的成员才能答复该申请。"), code="not_owner")
    if status not in ANSWERS:
        raise OpenDataRefused(_("请选择答复结果：已开放、计划开放或不予开放。"), code="bad_status")
    if not answer_text:
        raise OpenDataRefused(_("请填写答复内容。"), code="answer_required")
    if len(answer_text) > MAX_ANSWER:
        raise OpenDataRefused(_("答复内容不能超过 2000 字。"), code="answer_too_long")
    if status == OpenRequestStatus.REFUSED and not legal_basis:
        raise OpenDataRefused(_("不予开放时必须写明法律依据。"), code="legal_basis_required")
    if len(legal_basis) > 300:
        raise OpenDataRefused(_("法律依据不能超过 300 字。"), code="legal_basis_too_long")
    now = now or timezone.now()
    with transaction.atomic():
        # Answered once: the row is re-read under the update, so two answers at once cannot both win.
        updated = OpenDataRequest.objects.filter(pk=open_request.pk, status=OpenRequestStatus.PENDING).update(
            status=status,
            answer=answer_text,
            legal_basis=legal_basis if status == OpenRequestStatus.REFUSED else "",
            answered_at=now,
            answered_by=user,
        )
        if not updated:
            raise OpenDataRefused(_("该申请已答复，不能再次答复。"), code="already_answered")
        bump_open_data_version()  # an update sends no post_save
        if status == OpenRequestStatus.OPENED:
            resource = open_request.resource
            resource.openness = Openness.OPEN
            resource.save(update_fields=["openness", "updated_at"])
    open_request.refresh_from_db()
    return open_request


def public_answers(resource, limit=20):
    """The answered requests of ``resource``, newest answer first: what the public page shows."""
    answered = OpenDataRequest.objects.filter(resource=resource).exclude(status=OpenRequestStatus.PENDING)
    return list(answered.order_by("-answered_at", "-pk")[:limit])


def open_data_figures(resources=None):
    """{"most_requested": [(resource, count)], "median_working_days": float | None, "answered": n,
    "pending": n} over the requests for ``resources`` (a queryset; all resources when None).
    The median counts working days from asking to answering (cms.workdays). Three queries."""
    requests = OpenDataRequest.objects.all()
    if resources is not None:
        requests = requests.filter(resource__in=resources)
    top = list(requests.values("resource").annotate(count=Count("pk")).order_by("-count", "resource")[:MOST_REQUESTED])
    by_pk = DataResource.objects.select_related("owner_unit").in_bulk([row["resource"] for row in top])
    most_requested = [(by_pk[row["resource"]], row["count"]) for row in top if row["resource"] in by_pk]
    answered = list(
        requests.exclude(status=OpenRequestStatus.PENDING)
        .filter(answered_at__isnull=False)
        .values_list("created_at", "answered_at")
    )
    durations = _working_day_durations(answered)
    return {
        "most_requested": most_requested,
        "median_working_days": statistics.median(durations) if durations else None,
        "answered": len(answered),
    }


def _working_day_durations(pairs):
    # One calendar for the whole list: it reads the database once per stretch of dates.
    calendar = WorkCalendar()
    return [calendar.working_days_between(asked, answered) for asked, answered in pairs]
