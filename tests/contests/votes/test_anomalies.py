"""The anomaly report flags a scripted burst from one network (issue #19's "done when"), and voiding
a flagged cluster is audited, drops the tallies and tells the team."""

from datetime import timedelta

import pytest
import time_machine

from contests.models import AuditEvent, Vote
from contests.services import ContestError
from contests.services.votes import anomalies, casting, moderation
from contests.services.votes.tallies import tallies
from tests.contests.votes.builders import client_at, verified_voter

pytestmark = pytest.mark.django_db


def organic_votes(public_vote, entries, per_entry=6):
    """Votes spread over hours, each from its own network and device."""
    start = public_vote.opens_at + timedelta(hours=1)
    n = 0
    for entry in entries:
        for _ in range(per_entry):
            n += 1
            with time_machine.travel(start + timedelta(minutes=7 * n), tick=False):
                casting.cast_vote(
                    public_vote, entry, verified_voter(), client=client_at(f"10.{n}.0.1", device=f"organic-{n}")
                )


def scripted_burst(public_vote, entry, votes=30):
    """One script: many accounts, one network, within one minute (the challenge solved by a farm)."""
    moment = (public_vote.opens_at + timedelta(hours=3, minutes=30)).replace(second=0, microsecond=0)
    for n in range(votes):
        with time_machine.travel(moment + timedelta(seconds=n), tick=False):
            casting.cast_vote(
                public_vote, entry, verified_voter(), client=client_at(f"203.0.113.{n + 1}", device=f"bot-{n}"),
                challenge_passed=True,
            )  # fmt: skip


@pytest.fixture
def burst_world(world):
    public_vote, _tracks, entries = world
    organic_votes(public_vote, entries[:2])
    scripted_burst(public_vote, entries[2])
    return public_vote, entries


def test_report_flags_a_scripted_burst_from_one_network(burst_world):
    public_vote, entries = burst_world
    report = anomalies.anomaly_report(public_vote)
    assert [(b.entry, b.votes) for b in report.bursts] == [(entries[2], 30)]
    assert [(c.votes, c.voters, c.top_entry, c.top_votes) for c in report.networks] == [(30, 30, entries[2], 30)]
    assert report.devices == []
    # Nobody saw the page, yet entries got votes: every entry with enough votes is flagged.
    assert [r.entry for r in report.flagged_ratios] == entries
    assert (report.valid, report.voided) == (42, 0)


def test_views_clear_the_vote_to_view_flag(world):
    public_vote, _tracks, entries = world
    organic_votes(public_vote, entries[:1])
    for _ in range(10):
        casting.record_views(public_vote, [entry.pk for entry in entries])
    report = anomalies.anomaly_report(public_vote)
    assert report.flagged_ratios == []
    assert [(r.votes, r.views) for r in report.ratios] == [(6, 10), (0, 10), (0, 10)]


def test_young_accounts_are_flagged_per_entry(world):
    public_vote, _tracks, entries = world
    for n in range(6):
        casting.cast_vote(
            public_vote, entries[1], verified_voter(joined_days_ago=1), client=client_at(f"10.9.{n}.1", device=f"y{n}"),
            challenge_passed=True,
        )  # fmt: skip
    report = anomalies.anomaly_report(public_vote)
    assert [(y.entry, y.young, y.total) for y in report.young] == [(entries[1], 6, 6)]


def test_voiding_a_flagged_cluster_is_audited_drops_tallies_and_tells_the_team(
    burst_world, boss, mailoutbox, django_capture_on_commit_callbacks
):
    public_vote, entries = burst_world
    cluster = anomalies.anomaly_report(public_vote).networks[0]
    votes = anomalies.cluster_votes(public_vote, "network", cluster.key)
    with django_capture_on_commit_callbacks(execute=True):
        voided = moderation.void_votes(public_vote, votes, reason="同一网段一分钟内集中投票", actor=boss)
    assert voided == 30
    rows = {row.entry: (row.votes, row.voided) for row in tallies(public_vote)[0].rows}
    assert rows == {entries[0]: (6, 0), entries[1]: (6, 0), entries[2]: (0, 30)}
    event = AuditEvent.objects.get(action="public_vote.voided")
    assert (event.actor, event.note, event.after["per_entry"]) == (
        boss,
        "同一网段一分钟内集中投票",
        {str(entries[2].pk): 30},
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [entries[2].team.memberships.get().user.email]
    assert "30 票" in mailoutbox[0].body and "同一网段一分钟内集中投票" in mailoutbox[0].body
    # The voided cluster leaves the report.
    report = anomalies.anomaly_report(public_vote)
    assert (report.bursts, report.networks, report.voided) == ([], [], 30)


def test_void_needs_a_reason_and_changes_nothing_without(burst_world, boss):
    public_vote, entries = burst_world
    vote = Vote.objects.filter(entry=entries[0]).first()
    with pytest.raises(ContestError):
        moderation.void_votes(
            public_vote, anomalies.cluster_votes(public_vote, "vote", vote.pk), reason=" ", actor=boss
        )
    assert Vote.objects.filter(voided_at__isnull=False).count() == 0
    assert not AuditEvent.objects.filter(action="public_vote.voided").exists()


def test_burst_cluster_key_selects_that_minute_only(burst_world):
    public_vote, _entries = burst_world
    burst = anomalies.anomaly_report(public_vote).bursts[0]
    assert anomalies.cluster_votes(public_vote, "burst", burst.key).count() == 30
    assert anomalies.cluster_votes(public_vote, "burst", "nonsense") is None
    assert anomalies.cluster_votes(public_vote, "other", "1") is None
