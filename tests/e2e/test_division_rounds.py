"""Division first rounds in Chromium: the 济南 manager computes and advances 济南's first round (only
济南's entries appear; 青岛's leaderboard is a 404), the organiser's province dashboard shows the
advanced counts, and the provincial round's automatic assignment honours same-city recusal."""

from django.urls import reverse

from contests.models import Assignment, AssignmentState, Division, Entry
from contests.services.division_rounds.advancement import confirm_division_advancement
from contests.services.judging.results import compute_division_results
from tests.contests.division_rounds.conftest import division_entry
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)
from tests.e2e.test_accessibility import sign_in
from tests.scenes.factories import city

MARKS = (25, 25, 20, 20, 10)


def _province():
    contest = ContestFactory(slug="division-e2e", name="2026 分赛区评审大赛")
    first = open_round(contest, divisional=True, judges_per_entry=2)
    make_rubric(first)
    final = RoundFactory(contest=contest, number=2, same_city_recusal=True, judges_per_entry=2)
    make_rubric(final)
    tracks = [TrackFactory(contest=contest, name="智慧养老"), TrackFactory(contest=contest, name="城市治理")]
    divisions, entries = {}, {}
    for slug, name, titles in (
        ("jinan", "济南分赛区", ["泉城助老地图", "济南社区食堂", "泉城停车诱导"]),
        ("qingdao", "青岛分赛区", ["岛城渔港安全", "青岛海洋预警"]),
    ):
        division = divisions[slug] = Division.objects.create(
            contest=contest, node=city(slug), name=name, slug=slug, quota=2
        )
        judges = [JudgeFactory(contest=contest, tracks=tracks, division=division, city=city(slug)) for _ in range(2)]
        entries[slug] = []
        for index, title in enumerate(titles):
            entry = division_entry(contest, tracks[index % 2], division)
            Entry.objects.filter(pk=entry.pk).update(title=title)
            factor = 0.9 - index * 0.1
            for judge in judges:
                submitted_score(assign(first, entry, judge), [v * factor for v in MARKS])
            entries[slug].append(entry)
    # Province-wide judges for the final, from the two cities and from 烟台.
    for slug in ("jinan", "qingdao", "yantai"):
        JudgeFactory(contest=contest, tracks=tracks, city=city(slug))
    manager = UserFactory(email="jinan.manager@division-e2e.example", real_name="济南分赛区管理员")
    divisions["jinan"].managers.add(manager)
    return contest, first, final, divisions, entries, manager


def test_a_division_runs_its_first_round_and_the_province_ranks_with_recusal(page, live_site, screenshot):
    contest, first, final, divisions, _entries, manager = _province()
    boss = organiser(email="boss@division-e2e.example")

    sign_in(page, live_site, manager)
    page.goto(f"{live_site}/division/{contest.slug}/jinan/rounds/")
    assert "济南分赛区：分赛区初赛" in page.inner_text("main")
    page.click("text=计算成绩")
    assert "其他分赛区的成绩不受影响" in page.inner_text("main")  # the step says what will happen
    page.check("#id_confirmed")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url("**/results/")
    board = page.inner_text("main")
    assert all(e.title in board for e in Entry.objects.filter(team__division=divisions["jinan"]))
    assert not any(title in board for title in ("岛城渔港安全", "青岛海洋预警"))
    screenshot("leaderboard")

    refused = page.goto(f"{live_site}/division/{contest.slug}/qingdao/rounds/{first.pk}/results/")
    assert refused.status == 404

    page.goto(f"{live_site}/division/{contest.slug}/jinan/rounds/{first.pk}/advance/")
    assert "本分赛区晋级名额 2 件" in page.inner_text("main")
    page.check("#id_confirmed")
    page.click("text=确定 2 件作品晋级")
    page.wait_for_selector("text=已确定 2 件作品晋级")
    advanced = set(Entry.objects.filter(current_round=final).values_list("title", flat=True))
    assert advanced == {"泉城助老地图", "济南社区食堂"}

    # 青岛 advances too (its manager's work, done here through the service).
    compute_division_results(first, divisions["qingdao"], actor=boss)
    confirm_division_advancement(first, divisions["qingdao"], actor=boss)

    sign_in(page, live_site, boss)
    page.goto(f"{live_site}{reverse('province_dashboard:contest', args=[contest.pk])}")
    rows = {
        row.query_selector("th").inner_text(): row.inner_text() for row in page.query_selector_all("table tbody tr")
    }
    assert "2 / 2" in rows["济南分赛区"] and "2 / 2" in rows["青岛分赛区"]
    screenshot("province-dashboard")

    page.goto(f"{live_site}{reverse('judging_rounds:round', args=[final.pk])}")
    page.check("#assign_confirm")
    page.click("text=自动分配评委（补足）")
    page.wait_for_load_state()
    pairs = list(
        Assignment.objects.filter(round=final, state=AssignmentState.ACTIVE).select_related("judge", "entry__team")
    )
    assert len(pairs) == 8  # four entries × two judges
    for assignment in pairs:
        judge_city = assignment.judge.city_id
        assert judge_city != assignment.entry.team.city_id
