"""Every organiser action that changes results needs its confirmation ticked: a POST without
``confirm`` changes nothing and shows the page again with a Chinese error; with it, the action
happens. Awards and promotion are tested beside their pages (outcomes/); advancement, publication
and finalisation already had their confirmation."""

import pytest
from django.urls import reverse

from contests.models import Assignment, AssignmentState, RoundResult, ScoreStatus
from tests.contests.factories.judging import assign, judging_setup, submitted_score

pytestmark = pytest.mark.django_db

REFUSED = "请勾选确认后再提交。"


@pytest.fixture
def scored(signed_in_boss):
    _contest, round_, _tracks, judges, entries = judging_setup(judges=3, entries=2, k=3)
    assignments = [assign(round_, entry, judge) for entry in entries for judge in judges]
    for assignment in assignments:
        submitted_score(assignment, [20, 20, 15, 15, 8])
    return round_, assignments


def post_twice(client, url, data):
    """The POST without the confirmation, then with it."""
    refused = client.post(url, data)
    return refused, client.post(url, {**data, "confirm": "on"})


def test_compute_needs_confirmation(client, scored):
    round_, _assignments = scored
    refused = client.post(reverse("judging_rounds:round", args=[round_.pk]), {"action": "compute"})
    assert (refused.status_code, REFUSED in refused.content.decode()) == (200, True)
    assert "按目前已提交的评分计算本轮成绩" in refused.content.decode()
    assert not RoundResult.objects.exists()
    client.post(reverse("judging_rounds:round", args=[round_.pk]), {"action": "compute", "confirm": "on"})
    assert RoundResult.objects.filter(round=round_).count() == 2


def test_automatic_assignment_needs_confirmation(client, signed_in_boss):
    _contest, round_, _tracks, _judges, _entries = judging_setup(judges=4, entries=2, k=3)
    url = reverse("judging_rounds:round", args=[round_.pk])
    refused, done = post_twice(client, url, {"action": "assign", "seed": "1"})
    assert (refused.status_code, REFUSED in refused.content.decode()) == (200, True)
    assert done.status_code == 200
    assert Assignment.objects.filter(round=round_).count() == 6


def test_removing_an_assignment_needs_confirmation(client, scored):
    _round, assignments = scored
    first = assignments[0]
    url = reverse("judging_rounds:remove_assignment", args=[first.pk])
    refused = client.post(url, {"reason": "评委临时有事"})
    first.refresh_from_db()
    assert (REFUSED in refused.content.decode(), first.state) == (True, AssignmentState.ACTIVE)
    client.post(url, {"reason": "评委临时有事", "confirm": "on"})
    first.refresh_from_db()
    assert first.state == AssignmentState.REMOVED


def test_reopening_a_score_needs_confirmation(client, scored):
    _round, assignments = scored
    score = assignments[0].score
    url = reverse("judging_rounds:reopen_score", args=[score.pk])
    refused = client.post(url, {"reason": "分数录入错误"})
    score.refresh_from_db()
    assert (REFUSED in refused.content.decode(), score.status) == (True, ScoreStatus.SUBMITTED)
    client.post(url, {"reason": "分数录入错误", "confirm": "on"})
    score.refresh_from_db()
    assert score.status == ScoreStatus.DRAFT
