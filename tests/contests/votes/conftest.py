import pytest

from tests.contests.votes.builders import verified_voter, vote_world


@pytest.fixture
def world(boss):
    """(public vote open now, [track], [3 entries])"""
    return vote_world(boss)


@pytest.fixture
def voter():
    return verified_voter()
