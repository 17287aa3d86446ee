"""Setting a vote up: a draft is edited freely; publishing its rules (before it opens) freezes the
configuration, weight and rules included, so nobody can change them once voters rely on them;
announcing (after it closes) makes the tallies and voided counts public. Both are audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import PublicVote, VoteStatus
from contests.services import ContestError, audit

CONFIG_FIELDS = ("categories", "opens_at", "closes_at", "daily_cap", "weight", "rules", "accept_verified_email")


def _snapshot(public_vote):
    return {name: getattr(public_vote, name) for name in (*CONFIG_FIELDS, "status")}


def _locked(public_vote, version=None):
    locked = PublicVote.objects.select_for_update(of=("self",)).select_related("round__contest").get(pk=public_vote.pk)
    if version is not None and locked.version != version:
        raise ContestError(_("该投票设置已被他人修改，请刷新页面后重试。"), code="stale")
    return locked


@transaction.atomic
def save_vote(round_, values, *, actor, version=None, now=None):
    """Create the round's vote, or change its draft. ``values``: CONFIG_FIELDS."""
    now = now or timezone.now()
    existing = PublicVote.objects.filter(round=round_).first()
    if existing is None:
        public_vote = PublicVote.objects.create(round=round_, created_by=actor, **values)
        audit.record("public_vote.created", public_vote, actor=actor, contest=round_.contest, after=values)
        return public_vote
    locked = _locked(existing, version)
    if locked.status != VoteStatus.DRAFT:
        raise ContestError(_("投票规则已公布，设置不能再修改。"), code="frozen")
    before = _snapshot(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    audit.record("public_vote.changed", locked, actor=actor, contest=round_.contest, before=before, after=values)
    return locked


@transaction.atomic
def publish_vote(public_vote, *, actor, now=None):
    """Publish the rules and weight (a draft, before it opens); from now on they are frozen."""
    now = now or timezone.now()
    locked = _locked(public_vote)
    if locked.status != VoteStatus.DRAFT:
        raise ContestError(_("投票规则已经公布过了。"), code="published")
    if now >= locked.opens_at:
        raise ContestError(_("规则必须在投票开始前公布；请先把开始时间改到以后。"), code="too_late")
    if not locked.rules.strip():
        raise ContestError(_("请先填写投票规则。"), code="no_rules")
    locked.status, locked.published_at = VoteStatus.PUBLISHED, now
    locked.version += 1
    locked.save(update_fields=["status", "published_at", "version"])
    audit.record("public_vote.published", locked, actor=actor, contest=locked.round.contest, after=_snapshot(locked))
    return locked


@transaction.atomic
def announce_vote(public_vote, *, actor, now=None):
    """Make the final tallies and voided counts public (after the vote closed)."""
    from contests.services.votes.tallies import tallies

    now = now or timezone.now()
    locked = _locked(public_vote)
    if locked.status != VoteStatus.PUBLISHED:
        raise ContestError(_("只有规则已公布、尚未公布结果的投票才能公布结果。"), code="status")
    if now < locked.closes_at:
        raise ContestError(_("投票尚未结束，不能公布结果。"), code="open")
    locked.status, locked.announced_at = VoteStatus.ANNOUNCED, now
    locked.version += 1
    locked.save(update_fields=["status", "announced_at", "version"])
    counts = {str(row.entry.pk): [row.votes, row.voided] for group in tallies(locked) for row in group.rows}
    audit.record("public_vote.announced", locked, actor=actor, contest=locked.round.contest, after=counts)
    return locked


def published_votes(contest):
    """The contest's votes whose rules are public, in round order (the contest page links them)."""
    return list(
        PublicVote.objects.filter(round__contest=contest)
        .exclude(status=VoteStatus.DRAFT)
        .select_related("round")
        .order_by("round__number")
    )
