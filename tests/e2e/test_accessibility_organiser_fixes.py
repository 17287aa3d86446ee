"""axe-core in Chromium, at a desktop and a phone size, over the pages this round of organiser fixes
changed: the contest page's timeline (a finished contest, a contest with an early review), the
round's ranking settings and folded seed, the awards page with nothing left to grant, the appeals
index and the export form refusing another contest's round."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.demo import ensure_child
from cms.models import HomePage
from contests.choices import RoundKind
from contests.models import AwardCategory, AwardLevel, ContestIndexPage, ContestPage, ResultPublication
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.awards import apply_proposals
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)
from tests.e2e.test_accessibility import BLOCKING, sign_in
from tests.e2e.test_accessibility_outcomes import _violations

pytestmark = pytest.mark.e2e
VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


def _contests():
    home = HomePage.objects.get()
    index = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛")
    now = timezone.now()
    finished = ContestFactory(
        name="2025 数据应用创新大赛", slug="finished-2025", year=2025,
        registration_opens=now - timedelta(days=400), registration_closes=now - timedelta(days=350),
        submission_deadline=now - timedelta(days=330), judging_starts=now - timedelta(days=320),
        judging_ends=now - timedelta(days=300), results_date=now - timedelta(days=290),
    )  # fmt: skip
    final = RoundFactory(contest=finished, number=1, kind=RoundKind.FINAL)
    staff = organiser(email="organiser@a11y-fixes.example")
    ResultPublication.objects.create(
        round=final, published_by=staff, published_at=now - timedelta(days=290),
        notice_ends_at=now - timedelta(days=283), finalised_at=now - timedelta(days=280),
    )  # fmt: skip
    ensure_child(index, ContestPage, finished.slug, title=finished.name, contest=finished)

    current = ContestFactory(name="2026 数据应用创新大赛", slug="current-2026")  # judging dates ahead
    ensure_child(index, ContestPage, current.slug, title=current.name, contest=current)
    track = TrackFactory(contest=current, name="智慧养老")
    round_ = open_round(current, judges_per_entry=2)  # opened early, as the demo's 网评预审
    make_rubric(round_)
    judges = [JudgeFactory(contest=current, tracks=[track], name=f"评审专家{i}") for i in range(2)]
    for values in ([20, 20, 15, 15, 8], [25, 20, 18, 15, 9]):
        entry = eligible_entry(current, track)
        for judge in judges:
            submitted_score(assign(round_, entry, judge), values)
    compute_round_results(round_, actor=staff)
    AwardCategory.objects.create(contest=current, name="一等奖", level=AwardLevel.FIRST, quota=1)
    apply_proposals(round_, actor=staff)  # nothing left to grant afterwards
    return finished, current, round_, final, staff


def test_changed_pages_have_no_serious_or_critical_axe_violations(page, live_site):
    finished, current, round_, old_round, staff = _contests()
    public = [f"/contests/{finished.slug}/", f"/contests/{current.slug}/"]
    round_page = reverse("judging_rounds:round", args=[round_.pk])
    admin = [round_page, reverse("awards:round", args=[round_.pk]), reverse("outcomes_publication:index")]

    findings = {}
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        size = f"{viewport['width']}x{viewport['height']}"
        page.context.clear_cookies()
        for path in public:
            assert page.goto(f"{live_site}{path}").status == 200, path
            findings[f"{size} {path}"] = _violations(page)
        sign_in(page, live_site, staff)
        for path in admin:
            assert page.goto(f"{live_site}{path}").status == 200, path
            findings[f"{size} {path}"] = _violations(page)
        page.goto(f"{live_site}{round_page}")
        page.click("summary:has-text('高级选项')")
        findings[f"{size} seed unfolded"] = _violations(page)
        page.goto(f"{live_site}{reverse('contest_exports:new')}")
        page.select_option("#id_contest", str(current.pk))
        page.select_option("#id_round", str(old_round.pk))
        page.click("button:has-text('开始导出')")
        page.wait_for_selector("text=请重新选择")
        findings[f"{size} export refused"] = _violations(page)

    blocking = {where: [v for v in found if v["impact"] in BLOCKING] for where, found in findings.items()}
    assert {where: found for where, found in blocking.items() if found} == {}
