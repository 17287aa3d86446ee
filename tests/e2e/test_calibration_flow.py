"""Calibrated judging in Chromium: a pool expert judging a round that requires calibration is refused
on the score page, scores the anchors (校准作品 1 and 2) blind, the organiser reads the deviation table
and closes calibration after the confirmation step, and the expert then scores a real entry."""

import re

from django.utils import timezone

from contests.models import CalibrationScore, Expert, ExpertStatus, Score, ScoreStatus
from contests.services.judging.calibration import add_anchor
from tests.contests.factories import UserFactory
from tests.contests.factories.judging import JudgeFactory, assign, judging_setup, organiser
from tests.e2e.test_accessibility import sign_in

COMMENT = "校准评语：方案完整，数据来源清楚，建议补充落地验证和效益测算。"
SCORES = ["20", "19.5", "16", "15", "8"]


def _world():
    contest, round_, (track,), (other_judge,), entries = judging_setup(judges=1, entries=3)
    round_.calibration_required = True
    round_.save(update_fields=["calibration_required"])
    boss = organiser(email="boss@calibration-e2e.example")
    user = UserFactory(email="expert@calibration-e2e.example", real_name="库内专家甲")
    expert = Expert.objects.create(
        user=user, name="库内专家甲", email=user.email, organisation="省大数据研究院",
        status=ExpertStatus.ACTIVE, approved_by=boss, approved_at=timezone.now(),
    )  # fmt: skip
    judge = JudgeFactory(contest=contest, user=user, email=user.email, name="库内专家甲", expert=expert, tracks=[track])
    for entry in entries:
        assign(round_, entry, judge)
        assign(round_, entry, other_judge)
    for entry in entries[:2]:
        add_anchor(round_, entry, actor=boss)
    real = next(a for a in judge.assignments.all() if a.entry == entries[2])
    return round_, judge, boss, real, entries


def _fill(page, scores, comment):
    for field, value in zip(page.locator("input.score-input").all(), scores, strict=True):
        field.fill(value)
    page.fill("textarea[name=comment]", comment)


def test_an_expert_calibrates_the_organiser_closes_and_the_expert_scores(page, live_site, screenshot):
    round_, judge, boss, real, entries = _world()
    sign_in(page, live_site, judge.user)

    # Before calibration closes, the score page refuses and points to calibration.
    page.goto(f"{live_site}/judging/a/{real.code}/")
    assert "本轮需先完成校准" in page.inner_text("main")
    assert page.locator("button[value=submit]").count() == 0

    page.goto(f"{live_site}/judging/")
    assert "第一步：评审校准" in page.inner_text("main")
    page.click("text=开始校准评分")
    for label in ("校准作品 1", "校准作品 2"):
        page.click(f"text={label}")
        main = page.inner_text("main")
        assert label in main
        assert not any(entry.team.name in main for entry in entries)
        _fill(page, SCORES, COMMENT)
        page.click("button[value=submit]")
        assert "确认提交" in page.inner_text("main")
        page.click("button[value=submit]")
        page.wait_for_selector("text=校准评分已提交。")
        page.goto(f"{live_site}/judging/calibration/")
    screenshot("calibration-list")
    assert CalibrationScore.objects.filter(judge=judge, submitted_at__isnull=False).count() == 2

    sign_in(page, live_site, boss)
    page.goto(f"{live_site}/admin/judging-calibration/rounds/{round_.pk}/")
    main = page.inner_text("main")
    assert "库内专家甲" in main and "评委校准偏差" in main
    screenshot("organiser-dashboard")
    page.click("text=结束校准并开始正式评审")
    assert "结束后校准评分只读" in page.inner_text("main")
    page.check("input[name=confirm]")
    page.click("main form button[type=submit]")  # not the sidebar account menu's sign-out form
    page.wait_for_selector("text=校准已结束，正式评审开始")
    round_.refresh_from_db()
    assert round_.calibration_closed_by == boss

    sign_in(page, live_site, judge.user)
    page.goto(f"{live_site}/judging/a/{real.code}/")
    assert "本轮需先完成校准" not in page.inner_text("main")
    _fill(page, SCORES, COMMENT)
    page.click("button[value=submit]")
    page.click("button[value=submit]")
    page.wait_for_selector("text=评分已提交。")
    assert Score.objects.get(assignment=real).status == ScoreStatus.SUBMITTED
    assert re.search(r"加权总分", page.inner_text("main"))
