"""axe-core in Chromium over the impact dashboard (Chinese and English, filtered), a contest's fact
sheet (screen and print media) and the organiser's view: no serious or critical violation."""

import io

import pikepdf

from cms.models import HomePage
from tests.contests.factories.judging import organiser
from tests.contests.impact import world
from tests.e2e.test_accessibility import axe_violations, sign_in
from tests.e2e.test_accessibility_datadesk import _check


def test_impact_pages_have_no_serious_or_critical_axe_violations(page, live_site):
    w = world.build(HomePage.objects.get())
    # Enough go-lives to overflow a page if the fact sheet listed them all.
    for n in range(20):
        entry = world.EntryFactory(contest=w.a.contest, team__contest=w.a.contest, title=f"上线作品{n}")
        world.award(w.a, entry)
        world.milestone(entry, world.MilestoneKind.GO_LIVE, w.qingdao, beneficiaries=n)
    findings = {}
    for path, shows in [
        ("/impact/", "各年度落地率"),
        ("/impact/?contest=impact-2025&city=jinan", "各市已确认上线数"),
        ("/en/impact/", "Adoption rate by year"),
        ("/impact/impact-2025/", "落地成效简报"),
    ]:
        page.goto(f"{live_site}{path}")
        page.wait_for_selector(f"text={shows}")
        findings[path] = axe_violations(page)
    page.emulate_media(media="print")
    page.goto(f"{live_site}/impact/impact-2025/")
    assert page.locator(".site-header").is_hidden()
    assert page.locator("text=另有 9 项已确认上线").is_visible()
    # The printed fact sheet is one A4 page.
    assert len(pikepdf.open(io.BytesIO(page.pdf(format="A4"))).pages) == 1
    findings["fact sheet (print)"] = axe_violations(page)
    page.emulate_media(media="screen")
    sign_in(page, live_site, organiser(email="organiser@a11y-impact.example"))
    page.goto(f"{live_site}/admin/impact/")
    page.wait_for_selector("text=获奖作品明细")
    findings["/admin/impact/"] = axe_violations(page)
    _check(findings)
