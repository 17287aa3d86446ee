"""大赛总览: judging progress per track and per judge, overdue judges, disagreement flags and waiting
appeals, drawn as SVG with the same figures in tables; a fixed number of queries; organisers only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests.models import Appeal, AppealStatus, RoundResult, ScoreStatus
from contests.services.judging.judges import blind_code
from contests.services.outcomes.dashboard import contest_overview
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    submitted_score,
)

pytestmark = pytest.mark.django_db

VALUES = [20, 20, 15, 15, 8]


def build(*, judges, entries_per_track, closes_in=timedelta(days=10)):
    """Two tracks; every judge scores every entry; judge 0 has submitted everything, the others
    half (the rest alternately draft or untouched)."""
    contest = ContestFactory()
    now = timezone.now()
    round_ = open_round(contest, judges_per_entry=judges, closes_at=now + closes_in)
    make_rubric(round_)
    tracks = [
        TrackFactory(contest=contest, name="智慧养老", sort_order=1),
        TrackFactory(contest=contest, name="城市治理", sort_order=2),
    ]
    judge_list = [JudgeFactory(contest=contest, tracks=tracks) for _ in range(judges)]
    entries = [eligible_entry(contest, track) for track in tracks for _ in range(entries_per_track)]
    for j, judge in enumerate(judge_list):
        for e, entry in enumerate(entries):
            assignment = assign(round_, entry, judge)
            if j == 0 or e % 2 == 0:
                submitted_score(assignment, VALUES)
            elif e % 4 == 1:
                submitted_score(assignment, VALUES, status=ScoreStatus.DRAFT)
    RoundResult.objects.create(
        round=round_, entry=entries[0], track=entries[0].track, rank=1, std_dev=18.5, disagreement=True,
        computed_at=now,
    )  # fmt: skip
    Appeal.objects.create(
        round=round_, team=entries[1].team, entry=entries[1], reasons="评分有误，请复核。",
        filed_by=entries[1].team.created_by, filed_at=now,
    )  # fmt: skip
    return contest, round_, tracks, judge_list, entries


@pytest.fixture
def boss(signed_in_boss):
    """Every page here is seen by the organiser, signed in."""
    return signed_in_boss


def test_progress_per_track_and_per_judge():
    contest, round_, _tracks, judges, entries = build(judges=3, entries_per_track=2)
    overview = contest_overview(contest)

    (item,) = overview.rounds
    assert item.round == round_
    # Per track: 3 judges × 2 entries = 6 assignments; judge 0 submitted 2, judges 1 and 2 one each.
    assert [(row.track.name, row.progress.assigned, row.progress.submitted) for row in item.tracks] == [
        ("智慧养老", 6, 4),
        ("城市治理", 6, 4),
    ]
    assert (item.progress.assigned, item.progress.submitted, item.progress.drafts) == (12, 8, 2)
    # Per judge, least finished first; judge 0 is done.
    by_judge = {row.judge: (row.progress.assigned, row.progress.submitted, row.progress.drafts) for row in item.judges}
    assert by_judge == {judges[0]: (4, 4, 0), judges[1]: (4, 2, 1), judges[2]: (4, 2, 1)}
    assert item.judges[-1].judge == judges[0]
    assert overview.overdue_judges == []  # the round closes in ten days
    assert [r.entry for r in overview.flagged_results] == [entries[0]]
    assert [a.entry for a in overview.pending_appeals] == [entries[1]]


@pytest.mark.clock
@pytest.mark.parametrize(
    ("closes_in", "overdue"),
    [(timedelta(days=3), False), (timedelta(days=1, hours=23), True), (timedelta(hours=-1), True)],
)
def test_judges_are_overdue_when_the_round_closes_within_two_days_or_has_closed(closes_in, overdue):
    contest, _round, _tracks, judges, _entries = build(judges=3, entries_per_track=1, closes_in=closes_in)
    overdue_judges = {row.judge for row in contest_overview(contest).overdue_judges}
    # Judge 0 has submitted everything: never overdue.
    assert overdue_judges == ({judges[1], judges[2]} if overdue else set())


def test_an_answered_appeal_is_not_waiting():
    contest, _round, _tracks, _judges, _entries = build(judges=2, entries_per_track=1)
    Appeal.objects.update(status=AppealStatus.REJECTED)
    assert contest_overview(contest).pending_appeals == []


def test_the_page_shows_charts_tables_and_links_into_the_round_pages(client, boss):
    contest, round_, _tracks, judges, entries = build(judges=3, entries_per_track=2, closes_in=timedelta(days=1))
    response = client.get(reverse("outcomes_dashboard:contest", args=[contest.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('role="img"') == 2  # track chart and judge chart
    assert '<td class="num">67%</td>' in content  # 4 of 6 submitted in each track
    for judge in judges:
        assert judge.name in content
    assert content.count(">逾期<") == 2  # judges 1 and 2
    assert reverse("judging_rounds:round", args=[round_.pk]) in content
    assert reverse("judging_rounds:why", args=[round_.pk, entries[0].pk]) in content
    assert blind_code(entries[0]) in content
    assert entries[1].team.name in content  # the waiting appeal


def test_the_index_shows_the_latest_contest(client, boss):
    contest, *_rest = build(judges=2, entries_per_track=1)
    response = client.get(reverse("outcomes_dashboard:index"))
    assert response.status_code == 200
    assert contest.name in response.content.decode()


def _queries(client, contest):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("outcomes_dashboard:contest", args=[contest.pk]))
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_judges_and_entries(client, boss):
    small, *_rest = build(judges=2, entries_per_track=1)
    large, *_rest = build(judges=7, entries_per_track=6)
    _queries(client, small)  # warm up the session and the admin's caches
    assert _queries(client, small) == _queries(client, large)
    with CaptureQueriesContext(connection) as small_service:
        contest_overview(small)
    with CaptureQueriesContext(connection) as large_service:
        contest_overview(large)
    assert len(small_service) == len(large_service) <= 8


def test_only_organisers_see_the_overview(client):
    contest, *_rest = build(judges=2, entries_per_track=1)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("outcomes_dashboard:contest", args=[contest.pk]))
    assert response.status_code in (302, 403)
    assert contest.name not in response.content.decode()
