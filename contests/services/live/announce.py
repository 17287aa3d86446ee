"""Publishing the results announced on screen: the round's ordinary computation and publication
(``compute_round_results``, ``publish_results``), once every team of the session has been scored
and every on-site appeal decided."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import (
    LiveAppeal,
    LiveAppealStatus,
    LiveSession,
    LiveSessionStatus,
    LiveSlot,
    ResultPublication,
    SlotState,
)
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.publication import publish_results


def announce_problems(session):
    problems = []
    if session.status == LiveSessionStatus.SETUP:
        problems.append(_("场次尚未抽签。"))
    unfinished = LiveSlot.objects.filter(room__session=session).exclude(
        state__in=[SlotState.CLOSED, SlotState.SIGNED_OFF]
    )
    if unfinished.exists():
        problems.append(_("还有 %(count)d 个团队未完成评分。") % {"count": unfinished.count()})
    pending = LiveAppeal.objects.filter(slot__room__session=session, status=LiveAppealStatus.PENDING).count()
    if pending:
        problems.append(_("还有 %(count)d 件现场申诉待组长裁决。") % {"count": pending})
    if ResultPublication.objects.filter(round=session.round_id).exists():
        problems.append(_("本轮结果已经公布，不能重复公布。"))
    return problems


def publish_announced(session, *, actor, now=None):
    """Compute the round's results and publish them (the public notice window opens)."""
    now = now or timezone.now()
    problems = announce_problems(session)
    if problems:
        raise ContestError(problems[0], code="announce")
    with transaction.atomic():
        compute_round_results(session.round, actor=actor, now=now)
        publication = publish_results(session.round, actor=actor, now=now)
        LiveSession.objects.filter(pk=session.pk).update(status=LiveSessionStatus.FINISHED)
        session.status = LiveSessionStatus.FINISHED
        record(
            "live.results_published", session, actor=actor, contest=session.round.contest,
            after={"round": session.round_id},
        )  # fmt: skip
    return publication
