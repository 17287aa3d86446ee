"""Adoption (落地) in Chromium: a winning team logs a go-live, the city's editor confirms it in the
admin after the confirmation step, and the promoted solution page then shows "已在 1 个市落地，服务
12 万人次". And axe over the team's milestone pages, the admin review pages and the unit's review page.
"""

import json

from django.utils import timezone

from cms.demo import ensure_child
from cms.models import HomePage
from contests.choices import EntryStatus
from contests.models import AdoptionMilestone, MilestoneStatus, Promotion
from scenes.models import SolutionIndexPage, UnitMember
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import eligible_entry, organiser
from tests.contests.loop import helpers
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in
from tests.scenes.factories import SolutionPageFactory, city


def _winner():
    """A final winner in 智慧养老 promoted into a published solution page; the 济南 editor; the
    赛题's unit member."""
    home = HomePage.objects.get()
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案", show_in_menus=True)
    contest = ContestFactory(slug="adoption-e2e", name="2025 数据应用创新大赛")
    track = TrackFactory(contest=contest, name="智慧养老")
    boss = organiser(email="boss@adoption-e2e.example")
    unit = helpers.unit("济南市民政局", "jinan-minzheng")
    unit_member = UserFactory(email="unit@adoption-e2e.example")
    UnitMember.objects.create(unit=unit, user=unit_member)
    challenge = helpers.challenge(track, unit_=unit, created_by=boss)
    team = TeamFactory(contest=contest, name="银龄队")
    entry = eligible_entry(contest, track, team=team, title="银龄助餐地图", challenge=challenge)
    helpers.finalise_results(contest, entry, by=boss)
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.AWARDED)
    solution = SolutionPageFactory(parent=solutions, title="银龄助餐地图", slug="yinling-zhucan")
    Promotion.objects.create(entry=entry, provider=solution.provider, solution_page=solution, promoted_by=boss)
    editor = UserFactory(email="jinan.editor@adoption-e2e.example", is_staff=True)
    editor.groups.add(city("jinan").editor_group)
    return entry, leader_of(team), editor, unit_member, solution


def _log_go_live(page, live_site, entry):
    page.goto(f"{live_site}/portal/entries/{entry.uuid}/adoption/")
    page.click("text=登记落地里程碑")
    page.select_option("#id_kind", "go_live")
    page.fill("#id_title", "在济南市 42 个社区正式上线")
    page.fill("#id_happened_on", "2025-12-01")
    page.select_option("#id_node", str(city("jinan").pk))
    page.fill("#id_beneficiaries", "120000")
    page.click("form.milestone-form button[type=submit]")
    page.wait_for_selector("text=在济南市 42 个社区正式上线")


def test_winner_logs_a_go_live_the_city_editor_confirms_and_the_solution_page_shows_it(page, live_site):
    entry, leader, editor, _unit_member, solution = _winner()

    # The dashboard as the public sees it before anything is confirmed (and is kept for anonymous visitors).
    assert _impact_tiles(page, live_site)["已确认上线"] == "0 个"

    sign_in(page, live_site, leader)
    page.goto(f"{live_site}/portal/")
    page.click(f"a[href='/portal/entries/{entry.uuid}/adoption/']")
    _log_go_live(page, live_site, entry)
    assert "待确认" in page.inner_text("main")
    milestone = AdoptionMilestone.objects.get()
    assert milestone.status == MilestoneStatus.SUBMITTED

    page.goto(f"{live_site}{solution.url}")
    assert "落地情况" not in page.content()  # nothing confirmed yet

    sign_in(page, live_site, editor)
    page.goto(f"{live_site}/admin/adoption/")
    page.click("text=在济南市 42 个社区正式上线")
    page.click(f"a[href='/admin/adoption/{milestone.pk}/confirm/']")
    assert "公开展示" in page.inner_text("main")  # the step says what will happen
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED
    page.click("form.adoption-decide button[type=submit]")
    page.wait_for_url(f"{live_site}/admin/adoption/")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.CONFIRMED and milestone.reviewed_at <= timezone.now()

    page.context.clear_cookies()
    page.goto(f"{live_site}{solution.url}")
    block = page.inner_text("section.adoption-public")
    assert "已在 1 个市落地，服务 12 万人次" in block and "在济南市 42 个社区正式上线" in block

    # The impact dashboard counts the confirmed go-live at once, with the same figures.
    tiles = _impact_tiles(page, live_site)
    assert (tiles["获奖作品"], tiles["已确认上线"], tiles["落地率"]) == ("1 件", "1 个", "100.0 %")
    assert tiles["服务人次/用户数"] == "12 万"  # written as the solution page writes it


def _impact_tiles(page, live_site):
    """The /impact/ figures as an anonymous visitor reads them: {caption: figure with unit}."""
    page.context.clear_cookies()
    page.goto(f"{live_site}/impact/")
    tiles = page.locator(".stat-tiles .stat-tile")
    return {
        tiles.nth(i).locator("span").inner_text(): " ".join(tiles.nth(i).locator("strong").inner_text().split())
        for i in range(tiles.count())
    }


def test_no_serious_or_critical_axe_violations_on_the_adoption_pages(page, live_site):
    entry, leader, editor, unit_member, solution = _winner()
    findings = {}

    sign_in(page, live_site, leader)
    _log_go_live(page, live_site, entry)
    milestone = AdoptionMilestone.objects.get()
    findings["team adoption"] = axe_violations(page)
    page.goto(f"{live_site}/portal/entries/{entry.uuid}/adoption/new/")
    page.click("form.milestone-form button[type=submit]")  # empty: every error shown
    page.wait_for_selector(".form-errors")
    findings["team milestone form (errors)"] = axe_violations(page)

    sign_in(page, live_site, editor)
    for path in ("/admin/adoption/", f"/admin/adoption/{milestone.pk}/", f"/admin/adoption/{milestone.pk}/reject/"):
        assert page.goto(f"{live_site}{path}").status == 200, path
        findings[path] = axe_violations(page)
    page.click("form.adoption-decide button[type=submit]")  # no reason: the error is shown
    page.wait_for_selector("form.adoption-decide .flag")
    findings["admin reject (errors)"] = axe_violations(page)

    sign_in(page, live_site, unit_member)
    for path in ("/unit/adoption/", f"/unit/adoption/{milestone.pk}/", f"/unit/adoption/{milestone.pk}/confirm/"):
        assert page.goto(f"{live_site}{path}").status == 200, path
        findings[path] = axe_violations(page)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{live_site}/unit/adoption/")

    page.context.clear_cookies()
    page.goto(f"{live_site}{solution.url}")
    findings["solution page"] = axe_violations(page)

    summary = {path: [f"{v['impact']}:{v['id']}" for v in violations] for path, violations in findings.items()}
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)
