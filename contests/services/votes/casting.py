"""Casting a vote: who may (``contests.rules.is_verified_voter``), when (the window, on the server's
clock), how often (one per category — the database's unique constraint is the last word, so two
racing requests never count twice — a daily cap per voter, rate limits per client and per network),
and when a challenge must be solved first (a network voting in a burst, a device shared by several
accounts, an account made just before the vote)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import throttle
from contests.choices import EntryStatus
from contests.models import Entry, Vote, VoteView
from contests.rules import is_verified_voter
from contests.services import ContestError
from contests.services.judging.assignment import entries_for_round
from contests.services.votes.clients import fingerprint

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The anomaly score of a vote about to be cast; at CHALLENGE_SCORE or more a challenge is asked.
CHALLENGE_SCORE = 2
BUSY_NETWORK_VOTES = 20  # votes from one network in BUSY_WINDOW …
BUSY_WINDOW = timedelta(minutes=10)
SHARED_DEVICE_VOTERS = 2  # … other accounts that voted from the same device
YOUNG_ACCOUNT = timedelta(days=7)  # accounts made less than this before the vote opened


class VoteError(ContestError):
    """Codes: unverified, not_open, closed, not_candidate, rate, challenge, daily_cap, duplicate."""


@dataclass
class CastResult:
    vote: Vote


def candidate_entries(public_vote):
    """The entries of the vote's round (the ones judged in it, and those awarded in it), public
    summary order: track, then entry."""
    round_ = public_vote.round
    in_round = entries_for_round(round_).values("pk")
    return (
        Entry.objects.filter(Q(pk__in=in_round) | Q(current_round=round_, status=EntryStatus.AWARDED))
        .select_related("track")
        .order_by("track__sort_order", "track_id", "pk")
    )


def shanghai_day_start(now):
    local = timezone.localtime(now, SHANGHAI)
    return datetime.combine(local.date(), time.min, tzinfo=SHANGHAI)


def votes_of(public_vote, user):
    """{category: Vote} of ``user`` in this vote (voided ones too: a voided vote is not cast again)."""
    if not (user and user.is_authenticated):
        return {}
    return {vote.category: vote for vote in Vote.objects.filter(public_vote=public_vote, voter=user)}


def anomaly_score(public_vote, user, fp, now):
    score = 0
    recent = Vote.objects.filter(
        public_vote=public_vote, network_hash=fp["network_hash"], cast_at__gte=now - BUSY_WINDOW
    ).count()
    if recent >= BUSY_NETWORK_VOTES:
        score += 2
    others = (
        Vote.objects.filter(public_vote=public_vote, device_hash=fp["device_hash"])
        .exclude(voter=user)
        .values("voter")
        .distinct()
        .count()
    )
    if others >= SHARED_DEVICE_VOTERS:
        score += 2
    if user.date_joined and user.date_joined >= public_vote.opens_at - YOUNG_ACCOUNT:
        score += 1
    return score


def needs_challenge(public_vote, user, client, now=None):
    return anomaly_score(public_vote, user, fingerprint(client), now or timezone.now()) >= CHALLENGE_SCORE


def check_can_vote(public_vote, user, now):
    if not is_verified_voter(user, public_vote):
        raise VoteError(_("投票需要登录并验证手机号。"), code="unverified")
    if public_vote.has_closed(now):
        raise VoteError(_("投票已经结束。"), code="closed")
    if not public_vote.is_open(now):
        raise VoteError(_("投票尚未开始。"), code="not_open")


def cast_vote(public_vote, entry, user, *, client, now=None, challenge_passed=False):
    """Record ``user``'s vote for ``entry``; raises ``VoteError`` (nothing recorded) when refused."""
    now = now or timezone.now()
    check_can_vote(public_vote, user, now)
    if not candidate_entries(public_vote).filter(pk=entry.pk).exists():
        raise VoteError(_("这件作品不在本次投票中。"), code="not_candidate")
    fp = fingerprint(client)
    if not throttle.allow("vote_client", client.address) or not throttle.allow("vote_network", fp["network_hash"]):
        raise VoteError(_("投票过于频繁，请稍后再试。"), code="rate")
    if not challenge_passed and anomaly_score(public_vote, user, fp, now) >= CHALLENGE_SCORE:
        raise VoteError(_("请先回答验证问题。"), code="challenge")
    category = public_vote.category_of(entry)
    with transaction.atomic():
        # One voter's votes one at a time, so that two categories at once cannot both pass the cap.
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        mine = Vote.objects.filter(public_vote=public_vote, voter=user)
        if mine.filter(category=category).exists():
            raise VoteError(_("你已经在这个类别投过票了，每个类别只能投一票。"), code="duplicate")
        if mine.filter(cast_at__gte=shanghai_day_start(now)).count() >= public_vote.daily_cap:
            raise VoteError(_("你今天的投票次数已用完，请明天再来。"), code="daily_cap")
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    public_vote=public_vote, entry=entry, voter=user, category=category, cast_at=now, **fp
                )
        except IntegrityError:
            # A concurrent request of the same voter won the race: the constraint refused this one.
            raise VoteError(_("你已经在这个类别投过票了，每个类别只能投一票。"), code="duplicate") from None
    return CastResult(vote=vote)


def record_views(public_vote, entry_ids, now=None):
    """Count one showing of each entry today: one UPDATE, plus one INSERT on the day's first view."""
    if not entry_ids:
        return
    day = timezone.localtime(now or timezone.now(), SHANGHAI).date()
    rows = VoteView.objects.filter(public_vote=public_vote, day=day, entry_id__in=entry_ids)
    if rows.update(count=F("count") + 1) < len(entry_ids):
        existing = set(rows.values_list("entry_id", flat=True))
        VoteView.objects.bulk_create(
            [
                VoteView(public_vote=public_vote, entry_id=pk, day=day, count=1)
                for pk in entry_ids
                if pk not in existing
            ],
            ignore_conflicts=True,
        )


def rate_limits():
    """(votes, seconds) per client address and per network, for the rules text."""
    return settings.THROTTLES["vote_client"], settings.THROTTLES["vote_network"]
