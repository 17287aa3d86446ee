"""Casting a public vote: one per verified person per category, on the server's clock, within caps
and rate limits, with a challenge when the vote looks anomalous."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contests.models import Vote, VoteCategories
from contests.services.votes import casting, challenge
from tests.contests.factories.teams import UserFactory
from tests.contests.votes.builders import client_at, verified_voter, vote_world

pytestmark = pytest.mark.django_db


def _cast(public_vote, entry, user, **kwargs):
    kwargs.setdefault("client", client_at())
    return casting.cast_vote(public_vote, entry, user, **kwargs)


def test_cast_vote_records_one_vote_with_hashed_origin(world, voter):
    public_vote, tracks, entries = world
    _cast(public_vote, entries[0], voter, client=client_at("203.0.113.9"))
    vote = Vote.objects.get()
    assert (vote.entry, vote.voter, vote.category) == (entries[0], voter, str(tracks[0].pk))
    assert "203.0.113" not in vote.network_hash and len(vote.network_hash) == 16


def test_second_vote_in_same_category_is_refused_and_not_counted(world, voter):
    public_vote, _tracks, entries = world
    _cast(public_vote, entries[0], voter)
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[1], voter)
    assert refused.value.code == "duplicate"
    assert "每个类别只能投一票" in refused.value.message
    assert list(Vote.objects.values_list("entry", flat=True)) == [entries[0].pk]


def test_one_vote_per_track_when_categories_are_tracks(boss, voter):
    public_vote, _tracks, entries = vote_world(boss, entries=4, tracks=2)
    _cast(public_vote, entries[0], voter)  # track 0
    _cast(public_vote, entries[1], voter)  # track 1
    with pytest.raises(casting.VoteError):
        _cast(public_vote, entries[2], voter)  # track 0 again
    assert Vote.objects.count() == 2


def test_whole_round_is_one_category(boss, voter):
    public_vote, _tracks, entries = vote_world(boss, entries=4, tracks=2, categories=VoteCategories.ROUND)
    _cast(public_vote, entries[0], voter)
    with pytest.raises(casting.VoteError):
        _cast(public_vote, entries[1], voter)
    assert Vote.objects.get().category == "all"


def test_concurrent_duplicate_hits_the_constraint_and_is_reported(world, voter, monkeypatch):
    """The other request inserts its vote between our check and our insert (a race): the database's
    unique constraint refuses ours, reported as a duplicate; ours is not recorded. (Here the "other
    request" shares our transaction, so its row rolls back with ours; bench/votes.py races real
    concurrent requests on PostgreSQL, and test_concurrency.py real threads.)"""
    public_vote, _tracks, entries = world
    real_day_start = casting.shanghai_day_start

    def racing_request_commits(now):
        Vote.objects.create(
            public_vote=public_vote, entry=entries[1], voter=voter, category=public_vote.category_of(entries[1]),
            cast_at=now, network_hash="x", device_hash="y", agent_hash="z",
        )  # fmt: skip
        return real_day_start(now)

    monkeypatch.setattr(casting, "shanghai_day_start", racing_request_commits)
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[0], voter)
    assert refused.value.code == "duplicate"
    assert not Vote.objects.filter(entry=entries[0]).exists()


def test_unverified_account_is_refused(world):
    public_vote, _tracks, entries = world
    unverified = UserFactory()
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[0], unverified)
    assert refused.value.code == "unverified"
    assert Vote.objects.count() == 0


def test_verified_email_counts_only_where_the_rules_accept_it(boss):
    public_vote, _tracks, entries = vote_world(boss, accept_verified_email=True)
    email_only = UserFactory()
    email_only.date_joined = timezone.now() - timedelta(days=90)
    email_only.save(update_fields=["date_joined"])
    _cast(public_vote, entries[0], email_only)
    assert Vote.objects.filter(voter=email_only).count() == 1


@pytest.mark.clock
def test_votes_outside_the_window_are_refused_on_the_server(world, voter):
    public_vote, _tracks, entries = world
    before_open = time_machine.travel(public_vote.opens_at - timedelta(seconds=1), tick=False)
    with before_open, pytest.raises(casting.VoteError) as early:
        _cast(public_vote, entries[0], voter)
    with time_machine.travel(public_vote.closes_at, tick=False), pytest.raises(casting.VoteError) as late:
        _cast(public_vote, entries[0], voter)
    assert (early.value.code, late.value.code) == ("not_open", "closed")
    assert Vote.objects.count() == 0
    with time_machine.travel(public_vote.closes_at - timedelta(seconds=1), tick=False):
        _cast(public_vote, entries[0], voter)
    assert Vote.objects.count() == 1


@pytest.mark.clock
def test_daily_cap_counts_the_shanghai_day(boss, voter):
    public_vote, _tracks, entries = vote_world(boss, entries=3, tracks=3, daily_cap=2, opens_in=-3)
    # 23:30 in Shanghai: two votes use the day's cap; the next day (00:10) the third is accepted.
    evening = timezone.localtime(timezone.now(), casting.SHANGHAI).replace(hour=23, minute=30) - timedelta(days=1)
    with time_machine.travel(evening, tick=False):
        _cast(public_vote, entries[0], voter)
        _cast(public_vote, entries[1], voter)
        with pytest.raises(casting.VoteError) as capped:
            _cast(public_vote, entries[2], voter)
    assert capped.value.code == "daily_cap"
    with time_machine.travel(evening + timedelta(minutes=40), tick=False):
        _cast(public_vote, entries[2], voter)
    assert Vote.objects.count() == 3


def test_rate_limit_per_network(world, settings):
    settings.THROTTLES = {**settings.THROTTLES, "vote_network": (3, 60)}
    public_vote, _tracks, entries = world
    voters = [verified_voter() for _ in range(4)]
    for index, person in enumerate(voters[:3]):
        _cast(public_vote, entries[0], person, client=client_at(f"198.51.100.{index + 1}", device=f"d{index}"))
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[0], voters[3], client=client_at("198.51.100.200", device="d3"))  # same /24
    assert refused.value.code == "rate"
    _cast(public_vote, entries[0], voters[3], client=client_at("192.0.2.1", device="d3"))  # another network
    assert Vote.objects.count() == 4


def test_rate_limit_per_client(world, settings):
    settings.THROTTLES = {**settings.THROTTLES, "vote_client": (2, 60)}
    public_vote, _tracks, entries = world
    voters = [verified_voter() for _ in range(3)]
    _cast(public_vote, entries[0], voters[0], client=client_at(device="d0"))
    _cast(public_vote, entries[0], voters[1], client=client_at(device="d1"))
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[0], voters[2], client=client_at(device="d2"))
    assert refused.value.code == "rate"
    assert Vote.objects.count() == 2


def test_network_ipv6_is_grouped_by_48():
    from contests.services.votes.clients import network_of

    assert network_of("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("not an address") == "unknown"


def test_young_account_on_a_shared_device_must_solve_the_challenge(world):
    public_vote, _tracks, entries = world
    for _ in range(2):
        _cast(public_vote, entries[0], verified_voter(), client=client_at(device="phone-1"))
    newcomer = verified_voter(joined_days_ago=0)
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, entries[0], newcomer, client=client_at(device="phone-1"))
    assert refused.value.code == "challenge"
    question, token = challenge.new_challenge(newcomer)
    assert "等于几" in question
    assert not challenge.check_challenge(newcomer, token, "not a number")
    assert not challenge.check_challenge(verified_voter(), token, "0")  # another account's token
    _cast(public_vote, entries[0], newcomer, client=client_at(device="phone-1"), challenge_passed=True)
    assert Vote.objects.count() == 3


def test_an_ordinary_voter_is_not_challenged(world, voter):
    public_vote, _tracks, _entries = world
    assert not casting.needs_challenge(public_vote, voter, client_at(device="own-phone"))


def test_entry_outside_the_round_is_refused(world, voter, boss):
    public_vote, _tracks, _entries = world
    _other_vote, _other_tracks, other_entries = vote_world(boss)
    with pytest.raises(casting.VoteError) as refused:
        _cast(public_vote, other_entries[0], voter)
    assert refused.value.code == "not_candidate"
