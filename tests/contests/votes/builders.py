"""A round with a public vote, its entries and verified voters, for the vote tests, the sweep and
the bench. Times are relative to ``timezone.now()`` (time-machine aware)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from contests.choices import EntryStatus, RoundKind
from contests.models import PublicVote, VoteStatus
from contests.services.votes.clients import VoteClient
from tests.contests.factories import ContestFactory
from tests.contests.factories.judging import eligible_entry
from tests.contests.factories.teams import RoundFactory, TrackFactory, UserFactory

_phones = count(1)


def verified_voter(*, joined_days_ago=60, **kwargs):
    """A person with a verified mobile number, whose account is older than the vote."""
    user = UserFactory(**kwargs)
    user.phone = f"139{next(_phones):08d}"
    user.phone_verified_at = timezone.now() - timedelta(days=joined_days_ago)
    user.date_joined = timezone.now() - timedelta(days=joined_days_ago)
    user.save(update_fields=["phone", "phone_verified_at", "date_joined"])
    return user


def client_at(address="198.51.100.7", device="", user_agent="Mozilla/5.0 测试"):
    return VoteClient(address=address, user_agent=user_agent, device=device)


def vote_world(boss, *, entries=3, tracks=1, status=VoteStatus.PUBLISHED, opens_in=-1, days=7, **vote_fields):
    """A contest with a final round (``entries`` entries over ``tracks`` tracks, each with its own
    team) and its public vote, open from ``opens_in`` days from now for ``days`` days."""
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest, number=1, kind=RoundKind.FINAL)
    track_list = [TrackFactory(contest=contest, sort_order=i) for i in range(tracks)]
    entry_list = [
        eligible_entry(contest, track_list[i % tracks], title=f"智慧养老服务平台{i + 1}", status=EntryStatus.ELIGIBLE)
        for i in range(entries)
    ]
    opens = timezone.now() + timedelta(days=opens_in)
    public_vote = PublicVote.objects.create(
        round=round_,
        opens_at=opens,
        closes_at=opens + timedelta(days=days),
        rules="每个赛道每人一票。刷票一经查实，相关投票作废。",
        status=status,
        published_at=timezone.now() if status != VoteStatus.DRAFT else None,
        created_by=boss,
        **vote_fields,
    )
    return public_vote, track_list, entry_list
