"""The judging demo loader: judges with logins and conflicts, rubric, assignments, scores,
results — and nothing more on a second run."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from contests.choices import EntryStatus
from contests.demo.judging import load_judging
from contests.models import Assignment, AssignmentState, Criterion, JudgeProfile, RoundResult, Score, ScoreStatus
from contests.services.judging.conflicts import find_conflicts
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory
from tests.contests.factories.judging import eligible_entry

pytestmark = pytest.mark.django_db


def test_demo_judging_loads_everything_once():
    contest = ContestFactory()
    tracks = [TrackFactory(contest=contest) for _ in range(3)]
    for i in range(12):
        eligible_entry(contest, tracks[i % 3], team=TeamFactory(contest=contest), status=EntryStatus.SUBMITTED)

    logins = load_judging(None, {"judges": 15, "seed": 7})
    assert logins == [
        ("评委 judge", "judge1@shuyong.example", "shuyong-judge"),
        ("评委（有利益冲突）", "judge3@shuyong.example", "shuyong-judge"),
    ]
    assert get_user_model().objects.get(email="judge1@shuyong.example").check_password("shuyong-judge")
    assert JudgeProfile.objects.filter(contest=contest).count() == 15
    assert list(Criterion.objects.values_list("name", "weight")) == [
        ("创新性", 25), ("数据应用深度", 25), ("可行性", 20), ("社会经济效益", 20), ("展示表达", 10),
    ]  # fmt: skip
    # Submitted entries were let through; every one got five judges, none of them in conflict.
    assert contest.entries.filter(status=EntryStatus.ELIGIBLE).count() == 12
    active = Assignment.objects.filter(state=AssignmentState.ACTIVE)
    assert active.count() == 60
    judges = list(JudgeProfile.objects.all())
    conflicts = find_conflicts(judges, list(contest.entries.all()))
    assert conflicts  # the demo has conflicted judges…
    assert not [a for a in active if a.entry_id in conflicts.get(a.judge_id, {})]  # …never assigned
    statuses = set(Score.objects.values_list("status", flat=True))
    assert statuses == {ScoreStatus.DRAFT, ScoreStatus.SUBMITTED}
    assert RoundResult.objects.count() == 12

    def counts():
        return [m.objects.count() for m in (JudgeProfile, Assignment, Score, Criterion, RoundResult)]

    before = counts()
    load_judging(None, {"judges": 15, "seed": 7})
    assert counts() == before


def test_demo_judging_without_a_contest_does_nothing():
    assert load_judging(None, {}) == []
    assert JudgeProfile.objects.count() == 0


def test_demo_judge_can_score_right_away(client):
    """The demo contest is still taking entries, yet judge1 can declare, score and submit now."""
    contest = ContestFactory()
    track = TrackFactory(contest=contest)
    for _ in range(6):
        eligible_entry(contest, track, team=TeamFactory(contest=contest), status=EntryStatus.SUBMITTED)
    assert contest.judging_starts > timezone.now()  # the contest's own timeline is in the future
    load_judging(None, {"judges": 8, "seed": 7})

    judge = get_user_model().objects.get(email="judge1@shuyong.example")
    client.force_login(judge)
    assignment = Assignment.objects.filter(judge__user=judge, state=AssignmentState.ACTIVE, score__isnull=True)
    assignment = assignment.order_by("order_key").first() or pytest.fail("judge1 has nothing left to score")
    url = f"/judging/a/{assignment.code}/"
    client.post(f"{url}declare/", {"confirm": "on"})
    page = client.get(url)
    assert page.context["editable"] is True
    criteria = Criterion.objects.filter(round=assignment.round).order_by("sort_order")
    values = {f"criterion_{c.pk}": c.max_score for c in criteria}
    comment = "创新性突出，数据使用规范，方案论证充分，建议在全省推广应用。"
    client.post(url, {**values, "comment": comment, "version": 0, "action": "submit", "confirm": "yes"})
    score = Score.objects.get(assignment=assignment)
    assert score.status == ScoreStatus.SUBMITTED
    assert score.comment == comment


def test_demo_early_review_shows_on_the_public_timeline():
    """The demo opens round 1 before the contest's judging date; the timeline says so."""
    from contests.choices import Phase
    from contests.services.public import timeline

    contest = ContestFactory()
    track = TrackFactory(contest=contest)
    for _ in range(6):
        eligible_entry(contest, track, team=TeamFactory(contest=contest), status=EntryStatus.SUBMITTED)
    load_judging(None, {"judges": 8, "seed": 7})

    judging = next(step for step in timeline(contest) if step.phase == Phase.JUDGING)
    assert (judging.state, judging.note) == ("current", "初赛已提前开始")
    assert judging.starts < contest.judging_starts
