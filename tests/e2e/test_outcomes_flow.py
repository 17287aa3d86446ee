"""Outcomes in Chromium, from the cut to the showcase: the organiser previews the cut of the
preliminary round and confirms it; the final's results are published provisionally; a team
appeals, the organiser rejects the appeal with a reason the team then reads; once the notice
window has passed the organiser makes the results final and the public contest page lists the
winners; the organiser promotes the winner and a moderator publishes the new solution page,
which /solutions/ then lists with the award it came from.

Data come from factories and services: judging in the browser is test_judging_flow's subject.
"""

import re
from datetime import timedelta

from django.utils import timezone

from cms.demo import ensure_child, ensure_home_page
from cms.models import HomePage
from contests.choices import EntryStatus, RoundKind
from contests.models import (
    AdvancementDecision,
    Appeal,
    AppealStatus,
    AwardCategory,
    AwardLevel,
    ContestIndexPage,
    ContestPage,
    Promotion,
    ResultPublication,
)
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.awards import apply_proposals
from scenes.models import SceneIndexPage, SolutionIndexPage, SolutionPage
from scenes.rules import MODERATOR_GROUP
from scenes.services.editorial import ensure_editorial_setup
from tests.contests.factories import PASSWORD, ContestFactory, RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)
from tests.scenes.factories import DomainFactory

TITLES = [
    "独居老人用水异常预警平台",
    "社区助餐数据服务平台",
    "养老补贴免申即享系统",
    "长护险智能评估助手",
    "老年防诈风险提示",
]
REASONS = "决赛答辩中我们补充了三个区县的试点数据，请复核“可行性”一项的评分。"
REVIEW = "经复核，试点数据已在评分时考虑，各评委评分在正常范围内，维持原结果，申诉驳回。"


# Rubric totals (weights equal the maxima, so a total is the sum). Round 1: the third and fourth
# entries both score 69 and are told apart only by the first criterion — a tie at a cut of three.
FIRST_ROUND = [[23, 22, 18, 17, 9], [21, 20, 16, 15, 7], [20, 17, 13, 13, 6], [19, 18, 13, 13, 6], [15, 14, 10, 6, 4]]
FINAL = [[24, 22, 19, 18, 9], [22, 20, 17, 16, 7], [20, 18, 15, 14, 5]]


def _scores(round_, entries, judges, values):
    """Every judge gives each entry the same values (submitted)."""
    for entry, row in zip(entries, values, strict=True):
        for judge in judges:
            submitted_score(assign(round_, entry, judge), row)


def _setup():
    home = HomePage.objects.get()
    contest = ContestFactory(name="2025 数据应用创新大赛", slug="da-sai-2025", year=2025)
    contest_index = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛")
    ensure_child(contest_index, ContestPage, contest.slug, title=contest.name, contest=contest)
    scene_index = ensure_child(home, SceneIndexPage, "scenes", title="应用场景")
    solution_index = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案")
    moderators, _cities, _workflow = ensure_editorial_setup(scene_index, solution_index)
    moderator = UserFactory(email="moderator@e2e.example", real_name="省级审核员", is_staff=True)
    moderator.groups.add(moderators)
    assert moderators.name == MODERATOR_GROUP
    DomainFactory(name="智慧养老", slug="elderly-care")

    track = TrackFactory(contest=contest, name="智慧养老", slug="yanglao")
    first = open_round(contest, judges_per_entry=3, advancement_quota=3)
    final = RoundFactory(contest=contest, number=2, kind=RoundKind.FINAL, judges_per_entry=3)
    make_rubric(first)
    make_rubric(final)
    judges = [JudgeFactory(contest=contest, tracks=[track]) for _ in range(3)]
    leader = UserFactory(email="leader@e2e.example", real_name="林海燕")
    ours = TeamFactory(contest=contest, name="银发守护队", created_by=leader)
    entries = [
        eligible_entry(
            contest, track, team=ours if i == 1 else None, title=title, abstract=f"{title}：融合民政、水务数据。"
        )
        for i, title in enumerate(TITLES)
    ]
    _scores(first, entries, judges, FIRST_ROUND)
    staff = organiser(email="organiser@e2e.example", real_name="大赛组织者")
    compute_round_results(first, actor=staff)
    return contest, first, final, entries, judges, staff, leader


def _sign_in_admin(page, live_site, user, next_url):
    page.context.clear_cookies()
    page.goto(f"{live_site}/admin/login/?next={next_url}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_site}{next_url}")


def test_cut_publication_appeal_final_results_and_promotion(page, page_errors, live_site, screenshot):
    ensure_home_page()
    contest, first, final, entries, judges, staff, leader = _setup()

    # 1. The organiser previews the cut of the preliminary round, tries N = 2, settles on 3, confirms.
    url = f"/admin/outcomes/advancement/rounds/{first.pk}/"
    _sign_in_admin(page, live_site, staff, url)
    page.fill("form.cut input[name=parameter]", "2")
    page.click("form.cut button[type=submit]")
    page.wait_for_url(re.compile(r".*parameter=2.*"))
    advancing = page.locator("table.advancement tr.advances")
    assert advancing.count() == 2
    page.fill("form.cut input[name=parameter]", "3")
    page.click("form.cut button[type=submit]")
    page.wait_for_url(re.compile(r".*parameter=3.*"))
    assert [advancing.nth(i).locator("td").nth(2).inner_text() for i in range(advancing.count())] == TITLES[:3]
    assert "晋级线" in page.inner_text("table.advancement")
    # The cut falls between two entries with the same score; the tie-break chain decides, and says how.
    assert (
        f"名额线处排名得分相同（69.00）：“{TITLES[2]}”与“{TITLES[3]}”由“按评分项顺序比较各项平均分”区分"
        "（第 1 个评分项平均分 20.00 对 19.00），前者晋级。"
    ) in page.inner_text("main")
    screenshot("cut-preview")
    page.click("text=确定晋级名单")  # without ticking the confirmation: refused, nothing decided
    assert "请勾选确认后再提交。" in page.inner_text("main")
    assert not AdvancementDecision.objects.exists()
    page.check("#id_confirmed")
    page.click("text=确定晋级名单")
    page.wait_for_url(f"{live_site}/admin/outcomes/advancement/rounds/{first.pk}/decision/")
    assert "晋级名单已确定" in page.inner_text("body")
    decision = AdvancementDecision.objects.get(round=first)
    assert sorted(decision.advanced_entry_ids) == sorted(e.pk for e in entries[:3])
    assert {e.status for e in entries[0].__class__.objects.filter(current_round=final)} == {EntryStatus.ADVANCED}

    # The final is judged (test_judging_flow drives that in the browser), computed and awarded.
    _scores(final, entries[:3], judges, FINAL)
    compute_round_results(final, actor=staff)
    for order, (name, level) in enumerate([("一等奖", AwardLevel.FIRST), ("二等奖", AwardLevel.SECOND),
                                           ("三等奖", AwardLevel.THIRD)]):  # fmt: skip
        AwardCategory.objects.create(contest=contest, name=name, level=level, quota=1, sort_order=order)
    assert len(apply_proposals(final, actor=staff).granted) == 3

    # 2. The organiser publishes the final's results provisionally: the notice window opens.
    page.goto(f"{live_site}/admin/outcomes/publication/rounds/{final.pk}/")
    page.check("#id_publish-confirm")
    page.click("text=公布结果并开始公示")
    page.wait_for_selector("text=初步结果（公示中）")
    publication = ResultPublication.objects.get(round=final)
    assert publication.finalised_at is None

    # 3. The runner-up's leader files an appeal from the team portal.
    page.context.clear_cookies()
    appeal_url = f"/portal/entries/{entries[1].uuid}/rounds/{final.pk}/appeal/"
    page.goto(f"{live_site}/accounts/login/?next={appeal_url}")
    page.fill("#id_username", leader.email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_site}{appeal_url}")
    assert "初步结果" in page.inner_text("main")
    page.fill("#id_reasons", REASONS)
    page.check("#id_confirm")
    page.click("text=提交申诉")
    page.wait_for_selector(".appeal-status")
    assert page.inner_text(".appeal-status") == "待复核"
    screenshot("appeal-filed")

    # 4. The organiser rejects it with a reason; the team reads the outcome.
    _sign_in_admin(page, live_site, staff, f"/admin/outcomes/publication/rounds/{final.pk}/")
    assert "银发守护队" in page.inner_text("main")
    page.get_by_role("link", name="复核", exact=True).click()
    page.check("input[name=decision][value=rejected]")
    page.fill("#id_review", REVIEW)
    page.check("#id_confirm")
    page.click("text=提交复核结论")
    page.wait_for_selector("text=复核结论已记录")
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.review) == (AppealStatus.REJECTED, REVIEW)
    # While the window is open the results cannot become final.
    page.goto(f"{live_site}/admin/outcomes/publication/rounds/{final.pk}/")
    assert "公示期尚未结束" in page.inner_text("main")

    page.context.clear_cookies()
    page.goto(f"{live_site}/accounts/login/?next={appeal_url}")
    page.fill("#id_username", leader.email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_site}{appeal_url}")
    assert page.inner_text(".appeal-status") == "申诉驳回"
    assert REVIEW in page.inner_text("main")

    # 5. The notice window (Contest.notice_days, at least one day) passes. A browser test cannot
    # wait a day and the live server reads the real clock, so the publication's window is moved
    # into the past through the ORM, as if it had been published eight days ago.
    now = timezone.now()
    ResultPublication.objects.filter(pk=publication.pk).update(
        published_at=now - timedelta(days=8), notice_ends_at=now - timedelta(days=1)
    )
    _sign_in_admin(page, live_site, staff, f"/admin/outcomes/publication/rounds/{final.pk}/")
    page.check("#id_finalise-confirm")
    page.click("button:has-text('确定最终结果')")
    page.wait_for_selector("text=本轮结果已确定为最终结果")
    publication.refresh_from_db()
    assert publication.is_final

    # 6. The public contest page lists the winners by track.
    page.context.clear_cookies()
    page.goto(f"{live_site}/contests/{contest.slug}/")
    winners = page.locator("#results .winner")
    assert winners.count() == 3
    assert "一等奖" in winners.nth(0).inner_text() and TITLES[0] in winners.nth(0).inner_text()
    assert "二等奖" in winners.nth(1).inner_text() and TITLES[1] in winners.nth(1).inner_text()
    screenshot("contest-winners")

    # 7. The organiser promotes the winner into the showcase: a draft solution page.
    _sign_in_admin(page, live_site, staff, f"/admin/outcomes/promotion/{contest.pk}/")
    page.locator("tr", has_text=TITLES[0]).locator("text=推荐入库").click()
    page.wait_for_url(f"{live_site}/admin/outcomes/promotion/entries/{entries[0].pk}/")
    page.check("#id_confirm")
    page.click("button:has-text('确认推荐')")
    page.wait_for_selector("text=已为作品")
    promotion = Promotion.objects.get()
    solution = SolutionPage.objects.get(pk=promotion.solution_page_id)
    assert (solution.title, solution.live) == (TITLES[0], False)
    page.goto(f"{live_site}/solutions/")
    assert TITLES[0] not in page.inner_text("main")  # a draft is not public

    # 8. A moderator publishes it through the page editor; /solutions/ lists it with its award.
    _sign_in_admin(page, live_site, staff.__class__.objects.get(email="moderator@e2e.example"),
                   f"/admin/pages/{solution.pk}/edit/")  # fmt: skip
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    page.click("button[name=action-publish]")
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    solution.refresh_from_db()
    assert solution.live is True
    page.context.clear_cookies()
    page.goto(f"{live_site}/solutions/")
    assert TITLES[0] in page.inner_text("main")
    page.click(f"text={TITLES[0]}")
    page.wait_for_selector(f"h1:has-text('{TITLES[0]}')")
    text = page.inner_text("main")
    assert contest.name in text and "一等奖" in text
    screenshot("solution")
    assert page_errors == []
