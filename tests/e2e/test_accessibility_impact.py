"""axe-core in Chromium over the impact dashboard (Chinese and English, filtered), a contest's fact
sheet (screen and print media) and the organiser's view: no serious or critical violation."""

from cms.models import HomePage
from tests.contests.factories.judging import organiser
from tests.contests.impact import world
from tests.e2e.test_accessibility import axe_violations, sign_in
from tests.e2e.test_accessibility_datadesk import _check


def test_impact_pages_have_no_serious_or_critical_axe_violations(page, live_site):
    world.build(HomePage.objects.get())
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
    findings["fact sheet (print)"] = axe_violations(page)
    page.emulate_media(media="screen")
    sign_in(page, live_site, organiser(email="organiser@a11y-impact.example"))
    page.goto(f"{live_site}/admin/impact/")
    page.wait_for_selector("text=获奖作品明细")
    findings["/admin/impact/"] = axe_violations(page)
    _check(findings)
