"""axe-core in Chromium over the outcome pages: what a team sees once results are published
(feedback, appeal, certificates), the public winners, the organiser's own admin pages (outcomes,
awards, appeals, judging, eligibility, exports) and a few Wagtail admin pages showing our content.
No serious or critical violation in our markup; moderate and minor findings are printed.

One test builds a finished contest once (factories and the outcome services, as
test_outcomes_flow.py does) and walks every page in the order the story happens: the cut is
previewed before it is confirmed, the appeal form is seen before and after filing, the public
winners once the results are final.
"""

import json
from datetime import timedelta

from django.utils import timezone

from cms.demo import ensure_child
from cms.models import HomePage
from contests.choices import RoundKind
from contests.models import (
    AdvancementMethod,
    Appeal,
    AwardCategory,
    AwardLevel,
    ContestIndexPage,
    ContestPage,
    Entry,
    ResultPublication,
)
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.advancement import confirm_advancement
from contests.services.outcomes.appeals import review_appeal
from contests.services.outcomes.awards import apply_proposals
from contests.services.outcomes.publication import finalise_results, publish_results
from scenes.models import SceneIndexPage, SolutionIndexPage
from scenes.services.editorial import ensure_editorial_setup
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, attach
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)
from tests.e2e.test_accessibility import AXE, BLOCKING, sign_in
from tests.scenes.factories import DomainFactory, ScenePageFactory, city

TITLES = ["独居老人用水异常预警平台", "社区助餐数据服务平台", "养老补贴免申即享系统", "长护险智能评估助手",
          "老年防诈风险提示"]  # fmt: skip
FIRST_ROUND = [[23, 22, 18, 17, 9], [21, 20, 16, 15, 7], [20, 17, 13, 13, 6], [19, 18, 13, 13, 6], [15, 14, 10, 6, 4]]
FINAL = [[24, 22, 19, 18, 9], [22, 20, 17, 16, 7], [20, 18, 15, 14, 5]]
REASONS = "决赛答辩中我们补充了三个区县的试点数据，请复核“可行性”一项的评分。"

# Like axe_violations in test_accessibility.py, but with every node axe flags (that one keeps four),
# so that an allowed Wagtail finding is matched by its exact selector and nothing else is hidden.
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')),
    }));
}"""

# axe leaves a description pointing at no element to "needs review"; a screen reader then reads no
# help text and no error for the field. Checked here and reported like a serious violation.
DANGLING_REFERENCES = """() => {
    const found = [];
    for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
        for (const attr of ['aria-describedby', 'aria-labelledby']) {
            const ids = (el.getAttribute(attr) || '').split(/\\s+/);
            const missing = ids.filter(id => id && !document.getElementById(id));
            if (missing.length) {
                found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[${attr}=${missing.join(' ')}]`);
            }
        }
    }
    return found;
}"""

# Serious/critical findings in Wagtail's own admin templates, which this project cannot change:
# (rule id, exact CSS selector axe reports) -> why it is allowed. Anything else fails.
WAGTAIL_CHROME = {
    # Wagtail's tag field (FieldPanel("tags") on scene pages): its vendored tag-it.js
    # (wagtailadmin/js/vendor/tag-it.js) adds a typing box without a label beside the labelled input.
    ("label", ".ui-autocomplete-input"): "Wagtail's tag-it widget builds an unlabelled typing box",
}


def _violations(page):
    page.add_script_tag(path=str(AXE))
    found = []
    for violation in page.evaluate(RUN_AXE):
        nodes = [n for n in violation["nodes"] if (violation["id"], n) not in WAGTAIL_CHROME]
        if nodes:
            found.append({**violation, "nodes": nodes})
    dangling = [n for n in page.evaluate(DANGLING_REFERENCES) if ("aria-reference", n) not in WAGTAIL_CHROME]
    if dangling:
        found.append(
            {
                "id": "aria-reference",
                "impact": "serious",
                "help": "aria-describedby/-labelledby ids must exist",
                "nodes": dangling,
            }
        )
    return found


def _scores(round_, entries, judges, values):
    for entry, row in zip(entries, values, strict=True):
        for judge in judges:
            submitted_score(assign(round_, entry, judge), row)


def _contest():
    """A contest whose preliminary round is computed (the cut not yet confirmed), with a final round,
    award categories, one entry awaiting eligibility review and a contest page; our team is second."""
    home = HomePage.objects.get()
    contest = ContestFactory(name="2025 数据应用创新大赛", slug="da-sai-2025", year=2025, feedback_to_teams=True)
    index = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛")
    ensure_child(index, ContestPage, contest.slug, title=contest.name, contest=contest)
    track = TrackFactory(contest=contest, name="智慧养老", slug="yanglao")
    first = open_round(contest, judges_per_entry=3, advancement_quota=3)
    final = RoundFactory(contest=contest, number=2, kind=RoundKind.FINAL, judges_per_entry=3)
    make_rubric(first)
    make_rubric(final)
    judges = [JudgeFactory(contest=contest, tracks=[track], name=f"评审专家{i}") for i in range(3)]
    leader = UserFactory(email="leader@a11y-outcomes.example", real_name="林海燕")
    ours = TeamFactory(contest=contest, name="银发守护队", created_by=leader)
    add_member(ours)
    entries = [
        eligible_entry(contest, track, team=ours if i == 1 else None, title=title, abstract=f"{title}：融合民政数据。")
        for i, title in enumerate(TITLES)
    ]
    _scores(first, entries, judges, FIRST_ROUND)
    staff = organiser(email="organiser@a11y-outcomes.example", real_name="大赛组织者")
    compute_round_results(first, actor=staff)
    for order, (name, level) in enumerate([("一等奖", AwardLevel.FIRST), ("二等奖", AwardLevel.SECOND),
                                           ("三等奖", AwardLevel.THIRD)]):  # fmt: skip
        AwardCategory.objects.create(contest=contest, name=name, level=level, quota=1, sort_order=order)
    waiting = eligible_entry(contest, track, title="社区养老服务地图", status="draft")
    attach(waiting)  # files go into drafts only; then it is submitted, awaiting review
    Entry.objects.filter(pk=waiting.pk).update(status="submitted", submitted_at=timezone.now())
    return contest, track, first, final, entries, judges, staff, leader, waiting


def _scene():
    home = HomePage.objects.get()
    scenes = ensure_child(home, SceneIndexPage, "scenes", title="应用场景")
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案")
    moderators, _cities, _workflow = ensure_editorial_setup(scenes, solutions)
    editor = UserFactory(email="moderator@a11y-outcomes.example", real_name="省级审核员", is_staff=True)
    editor.groups.add(moderators)
    scene = ScenePageFactory(
        parent=scenes, title="独居老人智慧养老关怀", slug="elderly-alone", node=city("jinan"),
        domains=[DomainFactory(name="智慧养老", slug="elderly-care")], tags=["养老"],
    )  # fmt: skip
    return scene, editor


def test_outcome_pages_have_no_serious_or_critical_axe_violations(page, live_site):
    contest, _track, first, final, entries, judges, staff, leader, waiting = _contest()
    scene, editor = _scene()
    findings = {}

    def visit(path, shows, label=None):
        """Open ``path``, check that it shows what is under test (``shows``: a selector), run axe."""
        response = page.goto(f"{live_site}{path}")
        assert response.status == 200, path
        assert page.locator(shows).count() > 0, f"{path} does not show {shows}"
        findings[label or path] = _violations(page)

    def send_empty(path, form, label):
        """Send the form with the browser's own checks off, so that the server's errors show."""
        page.eval_on_selector(form, "form => form.noValidate = true")
        page.click(f"{form} button[type=submit]")
        page.wait_for_selector("[role=alert]")
        findings[f"{path} ({label})"] = _violations(page)

    # 1. The organiser previews the cut of the preliminary round; confirming without the tick is refused.
    sign_in(page, live_site, staff)
    cut = f"/admin/outcomes/advancement/rounds/{first.pk}/"
    visit("/admin/outcomes/advancement/", "main table")
    visit(f"{cut}?method=top_n&parameter=3", "table.advancement tr.advances")
    send_empty(cut, ".confirm-box form", "errors")
    confirm_advancement(first, next_round=final, method=AdvancementMethod.TOP_N, parameter=3, actor=staff)
    visit(f"{cut}decision/", "dl.definitions")

    # The final is judged, computed, awarded and published provisionally: the notice window opens.
    _scores(final, entries[:3], judges, FINAL)
    compute_round_results(final, actor=staff)
    apply_proposals(final, actor=staff)
    publish_results(final, actor=staff)

    # 2. The runner-up's leader: the entry (feedback, appeal and certificate panels), the feedback,
    # the appeal form (as it comes, with its errors, then filed).
    sign_in(page, live_site, leader)
    ours = entries[1]
    entry_url = f"/portal/entries/{ours.uuid}/"
    appeal_url = f"{entry_url}rounds/{final.pk}/appeal/"
    visit("/portal/", f"a[href='{entry_url}']")
    visit(entry_url, ".awards-panel a[download]")
    visit(f"{entry_url}rounds/{final.pk}/feedback/", ".feedback-scores")
    visit(appeal_url, "form.appeal-form")
    send_empty(appeal_url, "form.appeal-form", "errors")
    page.fill("#id_reasons", REASONS)
    page.check("#id_confirm")
    page.click("form.appeal-form button[type=submit]")
    page.wait_for_selector(".appeal-status")
    findings[f"{appeal_url} (filed)"] = _violations(page)
    appeal = Appeal.objects.get()

    # 3. The organiser's pages, and two of our admin forms sent empty.
    sign_in(page, live_site, staff)
    certificate = f"a[href='/portal/certificates/{ours.awards.get().certificate_number}.pdf']"
    review_link = f"a[href='/admin/outcomes/publication/appeals/{appeal.pk}/']"
    for path, shows in [
        ("/admin/outcomes/overview/", ".outcomes-overview"),
        (f"/admin/outcomes/overview/{contest.pk}/", ".outcomes-overview table"),
        ("/admin/awards/", "main table"),
        (f"/admin/awards/rounds/{final.pk}/", certificate),
        ("/admin/award_categories/", "main table"),
        ("/admin/outcomes/publication/", "main table"),
        (f"/admin/outcomes/publication/rounds/{final.pk}/", review_link),
        ("/admin/judging/", "main table"),
        (f"/admin/judging/rounds/{final.pk}/", ".judging-admin table"),
        (f"/admin/judging/rounds/{final.pk}/results/", ".judging-admin table"),
        (f"/admin/judging/rounds/{final.pk}/results/{ours.pk}/", ".jfigures"),
        (f"/admin/judging/rounds/{first.pk}/judges/", "svg.judging-chart[role=img] title"),
        ("/admin/contest-eligibility/", f"a[href='/admin/contest-eligibility/{waiting.pk}/']"),
        (f"/admin/contest-eligibility/{waiting.pk}/", "main form"),
        ("/admin/contest_exports/", "main"),
        ("/admin/contest_exports/new/", "main form"),
        ("/admin/contest_contests/", "main table"),
        ("/admin/contest_entries/", "main table"),
        (f"/admin/outcomes/promotion/{contest.pk}/", "main table"),
    ]:  # fmt: skip
        visit(path, shows)
    for path in (f"/admin/awards/rounds/{final.pk}/grant/", f"/admin/judging/rounds/{final.pk}/assign/",
                 f"/admin/outcomes/publication/appeals/{appeal.pk}/"):  # fmt: skip
        visit(path, "main form[method=post]")
        send_empty(path, "main form[method=post]", "errors")

    # 4. A moderator edits a scene page in Wagtail's page editor.
    sign_in(page, live_site, editor)
    visit(f"/admin/pages/{scene.pk}/edit/", "form[data-edit-form]")

    # 5. The appeal is rejected, the window passes and the results become final: the public sees
    # the winners, the team reads the review.
    review_appeal(appeal, actor=staff, upheld=False, review="经复核，各评委评分在正常范围内，维持原结果，申诉驳回。")
    now = timezone.now()
    ResultPublication.objects.filter(round=final).update(
        published_at=now - timedelta(days=8), notice_ends_at=now - timedelta(days=1)
    )
    finalise_results(final, actor=staff)
    page.context.clear_cookies()
    visit(f"/contests/{contest.slug}/", "#results .winner")
    visit(f"/contests/{contest.slug}/winners/{entries[0].uuid}/", f"h1:has-text('{TITLES[0]}')")
    sign_in(page, live_site, leader)
    visit(appeal_url, ".appeal-status", f"{appeal_url} (reviewed)")
    visit(entry_url, ".awards-panel a[download]", f"{entry_url} (final)")

    summary = {
        path: {f"{v['impact']}:{v['id']}": len(v["nodes"]) for v in violations} for path, violations in findings.items()
    }
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)
