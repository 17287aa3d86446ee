"""Publishing a round's results: provisional during the public notice (公示) window, then final.

``publish_results`` opens the window (``Contest.notice_days`` days, fixed on the publication when it
is made); teams may appeal during it (``contests.services.outcomes.appeals``). ``finalise_results``
is refused until the window has closed and every appeal of the round has been reviewed. Windows are
checked with the server's clock and shown in Asia/Shanghai time.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.models import AppealStatus, ResultPublication
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record
from contests.services.submission import format_beijing_time


def publication_of(round_):
    """The round's ``ResultPublication`` or None."""
    return ResultPublication.objects.filter(round=round_).first()


def _snapshot(publication):
    return {
        "round": publication.round_id,
        "notice_days": publication.notice_days,
        "published_at": publication.published_at,
        "notice_ends_at": publication.notice_ends_at,
        "finalised_at": publication.finalised_at,
    }


def _ranking_method(round_):
    """What the notice record says ranked the entries: the round's aggregation, or 合议得分 for the
    entries that have a consensus score (contests.services.judging.consensus)."""
    consensus = models.ConsensusScore.objects.filter(round=round_).count() if round_.consensus_required else 0
    method = str(round_.get_aggregation_display())
    if consensus:
        method = _("%(method)s；%(count)d 件作品采用合议得分") % {"method": method, "count": consensus}
    return {"ranking_method": method, "consensus_entries": consensus}


def _require_organiser(actor):
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以公布或确定结果。"), code="forbidden")


def publish_problems(round_):
    """Why the round's results cannot be published now (empty when they can)."""
    problems = []
    if models.ResultPublication.objects.filter(round=round_).exists():
        problems.append(_("本轮结果已经公布，不能重复公布。"))
    if not models.RoundResult.objects.filter(round=round_).exists():
        problems.append(_("本轮还没有计算成绩，请先在评审轮次页面计算结果。"))
    return problems


def publish_results(round_, *, actor, now=None):
    """Publish the round's computed results provisionally and open the notice window.

    Refused without computed results or when already published. Teams of the round's entries are
    told by e-mail after the commit.
    """
    _require_organiser(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = models.Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        problems = publish_problems(locked)
        if problems:
            raise ContestError(problems[0], code="publish")
        days = locked.contest.notice_days
        publication = models.ResultPublication.objects.create(
            round=locked,
            notice_days=days,
            published_by=actor,
            published_at=now,
            notice_ends_at=now + timedelta(days=days),
        )
        record(
            "results.publish",
            publication,
            actor=actor,
            contest=locked.contest,
            after={
                **_snapshot(publication),
                "entries": models.RoundResult.objects.filter(round=locked).count(),
                **_ranking_method(locked),
            },
        )

        enqueue("contests.send_results_published", publication_id=publication.pk)
    return publication


def finalise_problems(publication, now=None):
    """Why the results cannot become final now (empty when they can)."""
    now = now or timezone.now()
    if publication is None:
        return [_("本轮结果尚未公布，不能确定最终结果。")]
    if publication.is_final:
        return [_("本轮结果已于 %(time)s 确定为最终结果。") % {"time": format_beijing_time(publication.finalised_at)}]
    problems = []
    if now < publication.notice_ends_at:
        problems.append(
            _("公示期尚未结束（截止 %(time)s），公示期内不能确定最终结果。")
            % {"time": format_beijing_time(publication.notice_ends_at)}
        )
    pending = publication.round.appeals.filter(status=AppealStatus.PENDING).count()
    if pending:
        problems.append(_("还有 %(count)d 件申诉待复核，全部复核后才能确定最终结果。") % {"count": pending})
    waiting = models.DueDiligenceCase.objects.filter(
        request__round=publication.round,
        status__in=(models.DueDiligenceStatus.REQUESTED, models.DueDiligenceStatus.SUBMITTED),
        award__revoked_at__isnull=True,
    ).count()
    if waiting:
        problems.append(
            _("还有 %(count)d 件获奖作品的尽职调查未完成（待提交材料或待审核），全部审核后才能确定最终结果。")
            % {"count": waiting}
        )
    return problems


def finalise_results(round_, *, actor, now=None):
    """Make the round's published results final: refused while the notice window is open or any
    appeal of the round is still pending."""
    _require_organiser(actor)
    now = now or timezone.now()
    with transaction.atomic():
        publication = (
            models.ResultPublication.objects.select_for_update().select_related("round__contest").filter(round=round_)
        ).first()
        problems = finalise_problems(publication, now)
        if problems:
            raise ContestError(" ".join(str(p) for p in problems), code="finalise")
        before = _snapshot(publication)
        publication.finalised_by = actor
        publication.finalised_at = now
        publication.save(update_fields=["finalised_by", "finalised_at"])
        record(
            "results.finalise",
            publication,
            actor=actor,
            contest=publication.round.contest,
            before=before,
            after=_snapshot(publication),
        )
    return publication


def is_final(round_):
    return ResultPublication.objects.filter(round=round_, finalised_at__isnull=False).exists()
