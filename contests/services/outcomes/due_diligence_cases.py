"""Opening a due-diligence case for an award: the part of due diligence that ``grant_award`` needs
(an award granted while its round's request is open gets its own case), kept apart from
``due_diligence`` so that awards and due diligence do not import each other."""

from datetime import timedelta

from django.utils import timezone

from cms.tasks import enqueue
from contests import models
from contests.services.audit import record

# A case opened after the request's deadline has passed gets this long from when it is opened.
LATE_CASE_DAYS = 5


def request_is_open(dd_request):
    """Cases may be opened and decided until the round's results are final."""
    final = models.ResultPublication.objects.filter(round_id=dd_request.round_id, finalised_at__isnull=False)
    return not final.exists()


def case_deadline(case):
    return case.deadline or case.request.deadline


def open_case(award, *, actor, deadline=None, now=None):
    """The award's case, opened if its round has an open request and it has none yet; else None.

    The deadline is ``deadline`` if given, else the request's while that is still ahead, else
    ``LATE_CASE_DAYS`` from now. Call inside the transaction that granted the award."""
    now = now or timezone.now()
    dd_request = models.DueDiligenceRequest.objects.filter(round_id=award.round_id).first()
    if dd_request is None or not request_is_open(dd_request) or award.revoked_at is not None:
        return None
    if models.DueDiligenceCase.objects.filter(award=award).exists():
        return None
    if deadline is None and dd_request.deadline <= now:
        deadline = now + timedelta(days=LATE_CASE_DAYS)
    case = models.DueDiligenceCase.objects.create(request=dd_request, award=award, deadline=deadline)
    record(
        "due_diligence.open",
        case,
        actor=actor,
        contest=award.category.contest,
        after={"award": award.pk, "entry": award.entry_id, "deadline": case_deadline(case)},
    )
    enqueue("contests.send_due_diligence_requested", case_id=case.pk)
    return case
