"""The public vote's part of the permission sweep's world (tests/security/conftest.py): a round with
an open, published vote, one entry and one cast vote (the void page's object), and a round without
a vote (the set-up page's)."""

from types import SimpleNamespace

from tests.contests.factories.teams import RoundFactory
from tests.contests.votes.builders import client_at, verified_voter, vote_world


def sweep_votes_world(boss):
    from contests.services.votes import casting

    public_vote, _tracks, entries = vote_world(boss, entries=1)
    vote = casting.cast_vote(
        public_vote, entries[0], verified_voter(email="voter@sweep.example"), client=client_at()
    ).vote
    bare_round = RoundFactory(contest=public_vote.round.contest, number=2)
    return SimpleNamespace(public_vote=public_vote, entry=entries[0], vote=vote, bare_round=bare_round)
