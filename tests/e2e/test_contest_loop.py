"""The contest side of the loop in Chromium: the contest page's 赛题 by track (collapsible), the
entry form's 赛题 choice that follows the track, and the entry's data page — no serious or critical
axe violation, no console error."""

import json

from cms.demo import ensure_child
from cms.models import HomePage
from contests.choices import AccessLevel
from contests.models import ContestIndexPage, ContestPage
from contests.services.data_use import declare_uses, report_finding
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member
from tests.contests.loop import helpers
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in


def test_contest_loop_pages_in_chromium(page, live_site, page_errors, screenshot):
    home = HomePage.objects.get()
    contest = ContestFactory(name="2026 数据应用创新大赛", slug="da-sai-2026")
    contests = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    ensure_child(contests, ContestPage, contest.slug, title=contest.name, contest=contest)
    elderly_track = TrackFactory(contest=contest, name="智慧养老", sort_order=1)
    credit_track = TrackFactory(contest=contest, name="普惠金融", sort_order=2)
    need = helpers.need(home, title="老年助餐服务覆盖不足")
    elderly = helpers.challenge(
        elderly_track, unit_=helpers.unit("省民政厅"), need_=need, title="社区老年助餐服务精准覆盖",
        offers=(AccessLevel.OPEN, AccessLevel.AGREEMENT, AccessLevel.SANDBOX),
    )  # fmt: skip
    credit = helpers.challenge(credit_track, unit_=helpers.unit("省市场监管局"), title="小微企业信用画像")
    leader = UserFactory(email="leader@loop.example", real_name="林海燕")
    team = TeamFactory(contest=contest, name="银发守护队", created_by=leader)
    add_member(team)
    entry = EntryFactory(team=team, contest=contest, track=elderly_track, title="助餐点布局优化")
    from contests.models import Entry

    Entry.objects.filter(pk=entry.pk).update(challenge=elderly)
    resource = elderly.offers.first().resource
    declare_uses(entry, [(resource, "统计各社区助餐点覆盖率")], leader, 1)
    report_finding(entry, resource, "missing", "缺少社区编码字段", leader)

    findings = {}
    response = page.goto(f"{live_site}/contests/{contest.slug}/")
    assert response.status == 200
    page.click("details.challenge-track >> nth=0 >> summary")
    assert page.is_visible("text=社区老年助餐服务精准覆盖")
    findings["contest"] = axe_violations(page)
    screenshot("contest-challenges")

    # The need's page shows the 赛题 set from it (through the need_page_sections registry).
    response = page.goto(f"{live_site}{need.url}")
    assert response.status == 200
    assert page.is_visible("text=由此需求设立的赛题") and page.is_visible("text=揭榜作品：0 件")
    findings["need"] = axe_violations(page)
    screenshot("need-challenges")

    sign_in(page, live_site, leader)
    page.goto(f"{live_site}/portal/entries/{entry.uuid}/edit/")
    # The 赛题 choice offers only the chosen track's 赛题; changing the track clears a foreign choice.
    assert page.eval_on_selector("select[name=challenge]", "s => s.value") == str(elderly.pk)
    page.select_option("select[name=track]", str(credit_track.pk))
    assert page.eval_on_selector("select[name=challenge]", "s => s.value") == ""
    labels = page.eval_on_selector_all("select[name=challenge] optgroup:not([disabled])", "gs => gs.map(g => g.label)")
    assert labels == ["普惠金融"]
    page.select_option("select[name=challenge]", str(credit.pk))
    findings["entry form"] = axe_violations(page)

    page.goto(f"{live_site}/portal/entries/{entry.uuid}/data/")
    assert page.is_visible("text=缺少社区编码字段")
    findings["data page"] = axe_violations(page)
    screenshot("entry-data")

    blocking = {name: [v for v in found if v["impact"] in BLOCKING] for name, found in findings.items()}
    assert all(not found for found in blocking.values()), json.dumps(blocking, ensure_ascii=False, indent=1)
    assert page_errors == []
