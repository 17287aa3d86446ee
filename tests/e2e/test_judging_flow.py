"""Judging in Chromium: a judge declares no conflict, scores with the keyboard (the running total
follows), submits; the organiser computes the results and reads the ranking and the "why this
score" page. Nothing the judge sees names the team."""

import re

from cms.demo import ADMIN
from contests.models import Score, ScoreStatus
from tests.contests.factories import PASSWORD, TeamFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.factories.judging import JudgeFactory, assign, eligible_entry, judging_setup, submitted_score

TEAM = "青岛蓝海数智团队XK"
ORGANISATION = "蓝海数智科技有限公司XK"
MEMBER = "诸葛明远XK"


def test_judge_scores_blind_and_organiser_reads_the_ranking(page, page_errors, live_site, screenshot):
    contest, round_, tracks, others, _entries = judging_setup(judges=4, entries=0, k=5)
    leader = UserFactory(real_name=MEMBER, organisation=ORGANISATION)
    team = TeamFactory(contest=contest, name=TEAM, organisation=ORGANISATION, created_by=leader)
    add_member(team)
    entry = eligible_entry(contest, tracks[0], team=team, title="海岸带生态数据融合监测平台")
    runner_up = eligible_entry(contest, tracks[0], title="社区养老助餐数据平台")
    judge = JudgeFactory(contest=contest, tracks=tracks, name="郑评审")
    mine = assign(round_, entry, judge, declared=False)
    for other, values in zip(
        others, ([22, 21, 17, 16, 8], [20, 20, 15, 15, 9], [24, 22, 18, 17, 9], [15, 14, 12, 12, 6]), strict=False
    ):
        submitted_score(assign(round_, entry, other), values)
        submitted_score(assign(round_, runner_up, other), [15, 15, 12, 12, 6])

    # The judge signs in and finds the one entry assigned to them.
    page.goto(f"{live_site}/accounts/login/?next=/judging/")
    page.fill("#id_username", judge.user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/judging/rounds/{round_.pk}/$"))
    assert "已提交 0/1" in page.inner_text("main")
    page.click("text=海岸带生态数据融合监测平台")

    # Declaration first, with the keyboard.
    page.wait_for_url(f"{live_site}/judging/a/{mine.code}/")
    assert page.locator("h1").inner_text() == "利益冲突声明"
    page.focus("#id_confirm")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#score-form")

    # Scores typed field by field; the running total follows (progressive enhancement).
    criteria = list(round_.criteria.order_by("sort_order"))
    page.focus(f"#id_criterion_{criteria[0].pk}")
    for index, value in enumerate(["23", "21.5", "18", "16", "9"]):
        page.keyboard.type(value)
        if index < len(criteria) - 1:
            page.focus(f"#id_criterion_{criteria[index + 1].pk}")
    assert page.inner_text("#running-total") == "87.50"
    page.fill("#id_comment", "数据融合思路清晰，监测指标体系完整，建议补充运维成本测算与推广计划。")
    page.click("button[value=submit]")
    page.wait_for_selector("#confirm-heading")
    assert "提交后评分将被锁定，不能再修改。" in page.inner_text("main")
    assert not Score.objects.filter(assignment=mine, status=ScoreStatus.SUBMITTED).exists()
    page.click("button[value=submit]")
    page.wait_for_selector("text=评分已提交")
    html = page.content()
    for secret in (TEAM, ORGANISATION, MEMBER, str(entry.uuid)):
        assert secret not in html
    assert page.locator("#running-total").inner_text() == "87.50"
    screenshot("judge-submitted")
    mine.score.refresh_from_db()
    assert mine.score.status == ScoreStatus.SUBMITTED

    # The organiser computes the results and reads why the entry scored what it did.
    page.context.clear_cookies()
    page.goto(f"{live_site}/admin/login/?next=/admin/judging/rounds/{round_.pk}/")
    page.fill("#id_username", ADMIN[0])
    page.fill("#id_password", ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_site}/admin/judging/rounds/{round_.pk}/")
    page.check("#compute_confirm")
    page.click("text=计算成绩")
    page.wait_for_url(f"{live_site}/admin/judging/rounds/{round_.pk}/results/")
    rows = page.locator(".judging-admin table tbody tr")
    assert rows.count() == 2
    assert "海岸带生态数据融合监测平台" in rows.nth(0).inner_text()
    assert TEAM in rows.nth(0).inner_text()  # organisers see the team
    screenshot("ranking")
    rows.nth(0).locator("text=为什么是这个分数").click()
    page.wait_for_url(f"{live_site}/admin/judging/rounds/{round_.pk}/results/{entry.pk}/")
    text = page.inner_text("main")
    # Totals 84, 79, 90, 59 and the judge's 87.5: five judges, so 90 and 59 are dropped.
    assert "（最高分，已去掉）" in text and "（最低分，已去掉）" in text
    assert "83.50" in text  # trimmed mean (84 + 79 + 87.5) / 3
    assert "郑评审" in text
    screenshot("why")
    assert page_errors == []
