"""axe-core in Chromium over the public site, the team portal and the judge's score form: no
serious or critical violation anywhere. Moderate and minor findings are printed, not failed.

axe-core is vendored (tests/e2e/vendor/, pinned; see its README): nothing is downloaded at run time.
One test walks every page, so the site and the data are built once.
"""

import json
from pathlib import Path

from django.conf import settings
from django.test import Client

from cms.demo import ensure_child
from cms.models import HomePage
from contests.models import ContestIndexPage, ContestPage
from scenes.models import SceneIndexPage, SolutionIndexPage
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, attach
from tests.contests.factories.judging import RUBRIC, JudgeFactory, assign, eligible_entry, make_rubric, open_round
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, SolutionPageFactory, city

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
        count: v.nodes.length,
    }));
}"""


def axe_violations(page):
    """Violations of the page as it is now (axe injected into it first)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def sign_in(page, live_site, user):
    """The session cookie of ``user`` in the page's context (the login form is not under test here)."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_site}])


def _showcase():
    """Scene and solution catalogues with one scene and one solution, and a contest page."""
    home = HomePage.objects.get()
    scenes = ensure_child(home, SceneIndexPage, "scenes", title="应用场景", show_in_menus=True)
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案", show_in_menus=True)
    elderly = DomainFactory(name="智慧养老", slug="elderly-care")
    resource = DataResourceFactory(name="老年人口信息", slug="elderly-population", department="省民政厅")
    scene = ScenePageFactory(
        parent=scenes,
        title="独居老人智慧养老关怀",
        slug="elderly-alone",
        summary="汇聚养老、水电数据，主动发现需要照护的独居老人。",
        node=city("jinan"),
        domains=[elderly],
        data_resources=[resource],
        tags=["养老"],
    )
    solution = SolutionPageFactory(
        parent=solutions,
        title="养老服务数据平台",
        slug="elderly-platform",
        summary="养老服务供需精准匹配。",
        domains=[elderly],
        reference_scenes=[scene],
    )
    contest = ContestFactory(name="2026 数据应用创新大赛", slug="da-sai-2026")
    contests = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    ensure_child(contests, ContestPage, contest.slug, title=contest.name, contest=contest)
    return scene, solution, contest


def test_no_serious_or_critical_axe_violations(page, live_site):
    scene, solution, contest = _showcase()
    track = TrackFactory(contest=contest, name="智慧养老")
    round_ = open_round(contest)
    make_rubric(round_)
    leader = UserFactory(email="leader@a11y.example", real_name="林海燕")
    team = TeamFactory(contest=contest, name="银发守护队", created_by=leader)
    add_member(team)
    entry = eligible_entry(contest, track, team=team, title="独居老人主动关怀平台", status="draft")
    attach(entry)
    judge = JudgeFactory(contest=contest, tracks=[track], name="郑评审")
    declared = assign(round_, eligible_entry(contest, track, title="社区助餐数据平台"), judge)
    undeclared = assign(round_, eligible_entry(contest, track, title="长护险智能评估助手"), judge, declared=False)

    public = [
        "/",
        "/scenes/?domain=elderly-care",
        scene.url,
        "/solutions/",
        solution.url,
        "/search/?q=养老",
        f"/contests/{contest.slug}/",
        "/accounts/login/",
    ]
    entry_url = f"/portal/entries/{entry.uuid}/"
    portal = ["/portal/", f"/portal/teams/{team.pk}/", entry_url, f"{entry_url}edit/"]
    judging = ["/judging/", f"/judging/rounds/{round_.pk}/"] + [f"/judging/a/{a.code}/" for a in (undeclared, declared)]

    findings = {}
    for user, paths in ((None, public), (leader, portal), (judge.user, judging)):
        if user is not None:
            sign_in(page, live_site, user)
        for path in paths:
            response = page.goto(f"{live_site}{path}")
            assert response.status == 200, path
            findings[path] = axe_violations(page)
        # The last page of each signed-in group is a form: once more with its error messages shown.
        if user is leader:
            page.fill("#id_title", "")
            page.click("form.entry-form button[type=submit]")
            page.wait_for_selector(".form-errors")
            findings[f"{path} (errors)"] = axe_violations(page)
        elif user is not None:
            for index in range(len(RUBRIC)):
                page.fill(f".score-input >> nth={index}", "10")
            page.fill("#id_comment", "太短")  # the server wants 20 characters before it accepts a submission
            page.click("button[value=submit]")
            page.wait_for_selector("#score-form .error:not([hidden])")
            findings[f"{path} (errors)"] = axe_violations(page)

    summary = {
        path: {f"{v['impact']}:{v['id']}": v["count"] for v in violations} for path, violations in findings.items()
    }
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)
