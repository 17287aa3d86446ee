"""Who may reach which /judging/ URL: a table of users × URLs, plus the window and lock rules
through the views."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from contests.choices import OthersScoresVisibility
from contests.models import AssignmentState, EntryFile, Score, ScoreStatus
from tests.contests.factories.entries import add_member, leader_of, pdf_upload
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    judging_setup,
    organiser,
    submitted_score,
)

pytestmark = pytest.mark.django_db

COMMENT = "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。"


@pytest.fixture
def world():
    contest, round_, tracks, judges, (entry, other_entry) = judging_setup(judges=3, entries=2)
    mine = assign(round_, entry, judges[0])
    # An active judge of the contest with work of their own, but not this entry.
    assign(round_, other_entry, judges[1])
    # A judge assigned to the entry who turns out to work at the team's organisation: a conflict found
    # after assignment is flagged to the organiser and the judge keeps the entry until they decide
    # (tests/contests/test_conflict_flags.py), so this judge reaches what the assigned judge reaches.
    conflicted_judge = JudgeFactory(contest=contest, tracks=tracks, organisation=entry.team.organisation)
    conflicted = assign(round_, entry, conflicted_judge)
    return {
        "round": round_,
        "entry": entry,
        "mine": mine,
        "conflicted": conflicted,
        "users": {
            "anonymous": None,
            "team_member": leader_of(entry.team),
            "judge_assigned": judges[0].user,
            "judge_not_assigned": judges[1].user,
            "judge_conflicted": conflicted_judge.user,
            "organiser": organiser(),
        },
    }


def url_for(world, name, role):
    code = world["conflicted"].code if role == "judge_conflicted" else world["mine"].code
    if name == "dashboard":
        return reverse("contests:judging:dashboard")
    if name == "round":
        return reverse("contests:judging:round", kwargs={"round_id": world["round"].pk})
    if name == "file":
        return reverse("contests:judging:file", kwargs={"code": code, "position": 1})
    return reverse(f"contests:judging:{name}", kwargs={"code": code})


# (url name, method): expected status per role.
TABLE = {
    ("dashboard", "get"): {
        "team_member": 403,
        "judge_assigned": 302,
        "judge_not_assigned": 302,
        "judge_conflicted": 302,
        "organiser": 403,
    },
    ("round", "get"): {
        "team_member": 404,
        "judge_assigned": 200,
        "judge_not_assigned": 200,
        "judge_conflicted": 200,
        "organiser": 404,
    },
    ("assignment", "get"): {
        "team_member": 404,
        "judge_assigned": 200,
        "judge_not_assigned": 404,
        "judge_conflicted": 200,
        "organiser": 404,
    },
    ("assignment", "post"): {
        "team_member": 404,
        "judge_assigned": 302,
        "judge_not_assigned": 404,
        "judge_conflicted": 302,
        "organiser": 404,
    },
    ("declare", "post"): {
        "team_member": 404,
        "judge_assigned": 302,
        "judge_not_assigned": 404,
        "judge_conflicted": 302,
        "organiser": 404,
    },
    ("recuse", "get"): {
        "team_member": 404,
        "judge_assigned": 200,
        "judge_not_assigned": 404,
        "judge_conflicted": 200,
        "organiser": 404,
    },
    ("file", "get"): {
        "team_member": 404,
        "judge_assigned": 404,
        "judge_not_assigned": 404,
        "judge_conflicted": 404,
        "organiser": 404,
    },
    ("others", "get"): {
        "team_member": 404,
        "judge_assigned": 404,
        "judge_not_assigned": 404,
        "judge_conflicted": 404,
        "organiser": 404,
    },
}
ROLES = ["anonymous", "team_member", "judge_assigned", "judge_not_assigned", "judge_conflicted", "organiser"]
CASES = [(name, method, role) for (name, method) in TABLE for role in ROLES]


@pytest.mark.parametrize(("name", "method", "role"), CASES, ids=[f"{m}-{n}-{r}" for n, m, r in CASES])
def test_judging_url_permissions(client, world, name, method, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = url_for(world, name, role)
    response = getattr(client, method)(url, {"version": 0, "comment": "", "action": "save"} if method == "post" else {})
    if role == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
        return
    assert response.status_code == TABLE[(name, method)][role]
    # Nobody but the assigned judges ever sees the entry's title.
    if role not in ("judge_assigned", "judge_conflicted"):
        assert world["entry"].title not in response.content.decode()


def test_files_need_the_declaration_first(client, world):
    mine = world["mine"]
    client.force_login(mine.judge.user)
    file_url = reverse("contests:judging:file", kwargs={"code": mine.code, "position": 1})
    upload = pdf_upload()
    entry_file = EntryFile(
        entry=mine.entry, kind="proposal", original_name="x.pdf", content_type="application/pdf",
        size=upload.size, sha256="", uploaded_by=mine.entry.created_by,
    )  # fmt: skip
    entry_file.file.save("upload", upload, save=True)
    type(mine).objects.filter(pk=mine.pk).update(declared_no_conflict_at=None)
    assert client.get(file_url).status_code == 404
    client.post(reverse("contests:judging:declare", kwargs={"code": mine.code}), {"confirm": "on"})
    response = client.get(file_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_recused_and_removed_assignments_disappear(client, world):
    mine = world["mine"]
    client.force_login(mine.judge.user)
    url = reverse("contests:judging:assignment", kwargs={"code": mine.code})
    type(mine).objects.filter(pk=mine.pk).update(state=AssignmentState.REMOVED)
    assert client.get(url).status_code == 404
    type(mine).objects.filter(pk=mine.pk).update(state=AssignmentState.RECUSED)
    assert client.get(url).status_code == 404


def test_the_round_list_shows_only_the_judges_own_entries(client, world):
    client.force_login(world["users"]["judge_not_assigned"])
    html = client.get(reverse("contests:judging:round", kwargs={"round_id": world["round"].pk})).content.decode()
    assert world["entry"].title not in html
    assert "已提交 0/1" in html


def test_a_team_member_who_is_also_a_judge_never_sees_their_own_entry(client, world):
    entry = world["entry"]
    member = add_member(entry.team)
    judge = JudgeFactory(contest=entry.contest, user=member, tracks=[entry.track])
    sneaky = assign(world["round"], entry, judge)
    client.force_login(member)
    assert client.get(reverse("contests:judging:assignment", kwargs={"code": sneaky.code})).status_code == 404


def test_submitted_score_cannot_be_changed_through_the_view(client, world):
    mine = world["mine"]
    score = submitted_score(mine, [20, 20, 15, 15, 8])
    client.force_login(mine.judge.user)
    criteria = list(mine.round.criteria.order_by("sort_order"))
    form = {f"criterion_{c.pk}": 1 for c in criteria} | {
        "version": score.version,
        "comment": COMMENT,
        "action": "submit",
    }
    response = client.post(reverse("contests:judging:assignment", kwargs={"code": mine.code}), form, follow=True)
    assert "当前不能修改该评分" in response.content.decode()
    assert sorted(Score.objects.get(pk=score.pk).items.values_list("value", flat=True)) == [8, 15, 15, 20, 20]


@pytest.mark.clock
def test_scoring_outside_the_window_is_refused_through_the_view(client, world):
    mine = world["mine"]
    client.force_login(mine.judge.user)
    criteria = list(mine.round.criteria.order_by("sort_order"))
    form = {f"criterion_{c.pk}": 5 for c in criteria} | {"version": 0, "comment": COMMENT, "action": "submit"}
    with time_machine.travel(mine.round.closes_at + timedelta(minutes=1)):
        client.force_login(mine.judge.user)
        response = client.post(reverse("contests:judging:assignment", kwargs={"code": mine.code}), form, follow=True)
        assert "当前不在本轮评审时间内" in response.content.decode()
    assert not Score.objects.filter(assignment=mine).exists()


def test_others_scores_after_own_submission_only_when_the_round_allows(client, world):
    mine, round_ = world["mine"], world["round"]
    other = assign(round_, world["entry"], JudgeFactory(contest=round_.contest, tracks=[world["entry"].track]))
    submitted_score(other, [10, 10, 10, 10, 5], comment="另一位评委的评语，内容较为详细，超过二十字的要求。")
    client.force_login(mine.judge.user)
    url = reverse("contests:judging:others", kwargs={"code": mine.code})
    round_.others_scores_visibility = OthersScoresVisibility.AFTER_OWN
    round_.save()
    assert client.get(url).status_code == 404  # own score not submitted yet
    submitted_score(mine, [20, 20, 15, 15, 8])
    response = client.get(url)
    html = response.content.decode()
    assert (response.status_code, "评委 A" in html, "另一位评委的评语" in html) == (200, True, True)
    assert other.judge.name not in html
    round_.others_scores_visibility = OthersScoresVisibility.NEVER
    round_.save()
    assert client.get(url).status_code == 404


def test_save_and_next_goes_to_the_next_unsubmitted_entry(client, world):
    mine, round_ = world["mine"], world["round"]
    second = assign(round_, eligible_entry(round_.contest, mine.entry.track), mine.judge)
    client.force_login(mine.judge.user)
    response = client.post(
        reverse("contests:judging:assignment", kwargs={"code": mine.code}),
        {"version": 0, "comment": "", "action": "save_next"},
    )
    assert response["Location"] == reverse("contests:judging:assignment", kwargs={"code": second.code})
    assert Score.objects.get(assignment=mine).status == ScoreStatus.DRAFT
