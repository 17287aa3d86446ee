"""Real threads, real connections (PostgreSQL): four votes of one person in one category at the same
moment — for different entries — record exactly one vote and report the other three as duplicates."""

import threading

import pytest
from django.db import connection

from contests.models import Vote
from contests.services.votes import casting
from tests.contests.factories.judging import organiser
from tests.contests.votes.builders import client_at, verified_voter, vote_world


# Transactional (the threads need committed rows); serialized_rollback restores the migrations' rows.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_of_one_person_count_once_on_postgresql(postgres):
    public_vote, _tracks, entries = vote_world(organiser(), entries=4, tracks=1)
    voter = verified_voter()
    barrier = threading.Barrier(4)
    outcomes = []

    def vote(n):
        try:
            barrier.wait()
            casting.cast_vote(public_vote, entries[n], voter, client=client_at(f"10.0.{n}.1", device=f"d{n}"))
            outcomes.append("ok")
        except casting.VoteError as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 3 + ["ok"]
    assert Vote.objects.filter(voter=voter).count() == 1
