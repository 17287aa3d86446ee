"""Organiser pages in the admin: every judging page renders, the buttons call the services, and
only organisers get in."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from contests.models import AssignmentState, AuditEvent, JudgeInvitation, JudgeStatus, RoundResult, ScoreStatus
from tests.contests.factories import UserFactory
from tests.contests.factories.judging import JudgeFactory, assign, judging_setup, submitted_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    _contest, round_, _tracks, judges, entries = judging_setup(judges=5, entries=3, k=5)
    totals = [[24, 23, 18, 18, 9], [20, 20, 15, 15, 8], [15, 15, 12, 12, 6], [10, 12, 10, 10, 5], [25, 25, 20, 20, 10]]
    assignments = []
    for entry in entries:
        for judge, values in zip(judges, totals, strict=True):
            a = assign(round_, entry, judge)
            submitted_score(a, values)
            assignments.append(a)
    return round_, entries, judges, assignments


@pytest.fixture
def boss(signed_in_boss):
    """Every page here is seen by the organiser, signed in."""
    return signed_in_boss


def test_every_judging_admin_page_renders_for_an_organiser(client, boss, scored):
    round_, entries, judges, assignments = scored
    client.post(reverse("judging_rounds:round", args=[round_.pk]), {"action": "compute", "confirm": "on"})
    score = assignments[0].score
    urls = [
        reverse("judging_rounds:index"),
        reverse("judging_rounds:round", args=[round_.pk]),
        reverse("judging_rounds:results", args=[round_.pk]),
        reverse("judging_rounds:why", args=[round_.pk, entries[0].pk]),
        reverse("judging_rounds:judges", args=[round_.pk]),
        reverse("judging_rounds:add_assignment", args=[round_.pk]),
        reverse("judging_rounds:remove_assignment", args=[assignments[0].pk]),
        reverse("judging_rounds:reopen_score", args=[score.pk]),
        reverse("judging_rounds:invite", args=[judges[0].pk]),
        reverse("judging_judges:index"),
        reverse("judging_judges:edit", args=[judges[0].pk]),
        reverse("judging_criteria:index"),
        reverse("judging_assignments:index") + f"?round={round_.pk}",
        reverse("judging_scores:index"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_why_page_shows_every_method_and_the_dropped_scores(client, boss, scored):
    round_, entries, judges, _assignments = scored
    client.post(reverse("judging_rounds:round", args=[round_.pk]), {"action": "compute", "confirm": "on"})
    html = client.get(reverse("judging_rounds:why", args=[round_.pk, entries[0].pk])).content.decode()
    # Totals 92, 78, 60, 47, 100: mean 75.40, median 78, trimmed (92 + 78 + 60) / 3 = 76.67.
    for text in ("75.40", "78.00", "76.67", "（最高分，已去掉）", "（最低分，已去掉）", judges[0].name, "<svg"):
        assert text in html
    assert entries[0].team.name in html  # organisers may see the team


def test_judge_report_draws_server_side_svg(client, boss, scored):
    round_, _entries, judges, _assignments = scored
    html = client.get(reverse("judging_rounds:judges", args=[round_.pk])).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "<script" not in html.split("judging-admin", 1)[1].split("</div>", 1)[0]
    assert all(j.name in html for j in judges)


def test_compute_button_stores_results_and_redirects_to_the_ranking(client, boss, scored):
    round_, _entries, _judges, _assignments = scored
    response = client.post(reverse("judging_rounds:round", args=[round_.pk]), {"action": "compute", "confirm": "on"})
    assert response["Location"] == reverse("judging_rounds:results", args=[round_.pk])
    assert RoundResult.objects.filter(round=round_).count() == 3
    html = client.get(response["Location"]).content.decode()
    assert "为什么是这个分数" in html


def test_assign_button_reports_in_chinese(client, boss):
    _contest, round_, _tracks, _judges, _entries = judging_setup(judges=4, entries=5, k=3)
    response = client.post(
        reverse("judging_rounds:round", args=[round_.pk]), {"action": "assign", "seed": "4", "confirm": "on"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "共 5 件作品，新增 15 条分配，5 件作品评委已满。" in html
    assert AuditEvent.objects.filter(action="judging.assign", actor=boss).count() == 1


def test_manual_assignment_refuses_a_conflict_with_the_reason(client, boss):
    contest, round_, tracks, judges, (entry,) = judging_setup(judges=1, entries=1)
    conflicted = JudgeFactory(contest=contest, tracks=tracks, organisation=entry.team.organisation)
    response = client.post(
        reverse("judging_rounds:add_assignment", args=[round_.pk]), {"entry": entry.pk, "judge": conflicted.pk}
    )
    assert "存在利益冲突，不能指派：评委与团队或其成员属同一单位" in response.content.decode()
    response = client.post(
        reverse("judging_rounds:add_assignment", args=[round_.pk]), {"entry": entry.pk, "judge": judges[0].pk}
    )
    assert response.status_code == 302
    assert entry.assignments.get().judge == judges[0]


def test_remove_assignment_and_reopen_score_are_recorded(client, boss, scored):
    _round, _entries, _judges, assignments = scored
    first, second = assignments[0], assignments[1]
    client.post(
        reverse("judging_rounds:remove_assignment", args=[first.pk]),
        {"reason": "评委临时有事", "top_up": "", "confirm": "on"},
    )
    first.refresh_from_db()
    assert (first.state, first.recusal_reason) == (AssignmentState.REMOVED, "评委临时有事")
    client.post(
        reverse("judging_rounds:reopen_score", args=[second.score.pk]), {"reason": "分数录入错误", "confirm": "on"}
    )
    second.score.refresh_from_db()
    assert second.score.status == ScoreStatus.DRAFT
    assert list(AuditEvent.objects.filter(actor=boss).order_by("id").values_list("action", "note")) == [
        ("judging.assignment_removed", "评委临时有事"),
        ("judging.score_reopened", "分数录入错误"),
    ]


def test_invitation_email_carries_a_working_link(client, boss, django_capture_on_commit_callbacks):
    contest, _round, _tracks, _judges, _entries = judging_setup(judges=0, entries=0)
    judge = JudgeFactory(
        contest=contest, user=None, email="new.judge@sdu.example", status=JudgeStatus.NEW, name="王评审"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("judging_rounds:invite", args=[judge.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/judging/invitations/" in line).strip()
    assert mail.outbox[0].to == ["new.judge@sdu.example"]
    client.logout()
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert "创建评委账号" in page.content.decode()
    response = client.post(
        path,
        {
            "real_name": "王评审",
            "password1": "Judge-passw0rd-2026",
            "password2": "Judge-passw0rd-2026",
            "action": "accept",
        },
    )
    assert response["Location"] == reverse("contests:judging:dashboard")
    judge.refresh_from_db()
    assert (judge.status, judge.user.email) == (JudgeStatus.ACTIVE, "new.judge@sdu.example")
    assert JudgeInvitation.objects.get().accepted_at is not None
    # The link is spent.
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("who", ["staff_without_group", "judge"])
def test_judging_admin_pages_refuse_non_organisers(client, who, scored):
    round_, _entries, judges, _assignments = scored
    user = judges[0].user if who == "judge" else UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (
        reverse("judging_rounds:index"),
        reverse("judging_rounds:round", args=[round_.pk]),
        reverse("judging_rounds:results", args=[round_.pk]),
        reverse("judging_rounds:judges", args=[round_.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert judges[0].name not in response.content.decode()
