"""Voiding votes: one, or a whole cluster of the anomaly report, always with a reason; audited, and
each team whose entry lost votes is told by e-mail. Not after the results are announced (the public
notice must not change under its readers)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests.models import PublicVote, Vote, VoteStatus
from contests.services import ContestError, audit

REASON_MAX = 500


@transaction.atomic
def void_votes(public_vote, votes, *, reason, actor, now=None):
    """Void the valid votes of ``votes`` (a queryset of this vote's votes); returns how many."""
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("请填写作废原因。"), code="reason")
    if len(reason) > REASON_MAX:
        raise ContestError(_("作废原因最多 500 字。"), code="reason")
    now = now or timezone.now()
    locked = PublicVote.objects.select_for_update(of=("self",)).select_related("round__contest").get(pk=public_vote.pk)
    if locked.status == VoteStatus.ANNOUNCED:
        raise ContestError(_("结果已经公布，不能再作废投票。"), code="announced")
    rows = list(
        Vote.objects.filter(pk__in=votes.values("pk"), public_vote=locked, voided_at__isnull=True).values_list(
            "pk", "entry_id"
        )
    )
    if not rows:
        raise ContestError(_("没有可作废的有效投票（可能已被作废）。"), code="empty")
    ids = [pk for pk, _entry in rows]
    Vote.objects.filter(pk__in=ids).update(voided_at=now, voided_by=actor, void_reason=reason)
    per_entry = {}
    for _pk, entry_id in rows:
        per_entry[entry_id] = per_entry.get(entry_id, 0) + 1
    audit.record(
        "public_vote.voided",
        locked,
        actor=actor,
        contest=locked.round.contest,
        after={"votes": ids, "per_entry": {str(k): v for k, v in per_entry.items()}},
        note=reason,
    )
    for entry_id, count in per_entry.items():
        enqueue("contests.send_votes_voided", public_vote_id=locked.pk, entry_id=entry_id, count=count, reason=reason)
    return len(ids)
