"""The division's cut note and CSV quote scores as its pages show them (两位小数，四舍五入)."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import RoundResult
from contests.services.division_rounds.advancement import preview_division_advancement
from contests.services.judging.results import compute_round_results
from tests.contests.division_rounds.test_results_and_advancement import scored  # noqa: F401
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_cut_note_and_the_csv_round_scores_like_the_leaderboard(scored):  # noqa: F811
    p = scored
    compute_round_results(p.first)
    j = p.entries["jinan"]
    # Exact binary halves: f"{70.125:.2f}" is "70.12", while the pages (|floatformat:2) show 70.13.
    RoundResult.objects.filter(round=p.first, entry=j[2]).update(score=70.125)
    RoundResult.objects.filter(round=p.first, entry=j[1]).update(score=66.625)
    preview = preview_division_advancement(p.first, p.jinan)
    (group,) = preview.groups
    assert "第 2 名 70.13 分，下一名 66.63 分" in str(group.cut_note)

    manager = UserFactory()
    p.jinan.managers.add(manager)
    client = Client()
    client.force_login(manager)
    url = reverse(
        "contests:divisions:round_results",
        kwargs={"contest_slug": p.contest.slug, "division_slug": "jinan", "round_id": p.first.pk},
    )
    page = client.get(url).content.decode()
    csv = client.get(url + "?format=csv").content.decode("utf-8-sig")
    assert "70.13" in page and "70.13" in csv and "70.12" not in csv


def jinan_manager_page(p, view):
    """A first-round page of 济南 as a manager of that division sees it."""
    manager = UserFactory()
    p.jinan.managers.add(manager)
    client = Client()
    client.force_login(manager)
    url = reverse(
        f"contests:divisions:{view}",
        kwargs={"contest_slug": p.contest.slug, "division_slug": "jinan", "round_id": p.first.pk},
    )
    return client.get(url).content.decode()


def test_the_compute_page_warns_of_unsubmitted_scores_and_unscored_entries(provincial):
    from tests.contests.factories.judging import assign, submitted_score

    p = provincial
    judge_a, judge_b, _third = p.judges["jinan"]
    first, second, *_others = p.entries["jinan"]
    submitted_score(assign(p.first, first, judge_a), [20, 20, 15, 15, 8])
    assign(p.first, first, judge_b)  # not scored yet
    assign(p.first, second, judge_a)  # nobody has scored this entry
    page = jinan_manager_page(p, "round_compute")
    assert "本分赛区本轮共分配 3 份评分，已提交 1 份，尚有 2 份未提交" in page
    assert "4 件作品中有 3 件还没有任何已提交的评分" in page


def test_assignment_names_judges_whose_city_same_city_recusal_cannot_check(provincial):
    from contests.choices import EntryStatus
    from contests.services.judging.assignment import assign_judges
    from tests.contests.factories.judging import JudgeFactory

    p = provincial
    for entry in p.entries["jinan"]:
        entry.status, entry.current_round = EntryStatus.ADVANCED, p.final
        entry.save(update_fields=["status", "current_round"])
    JudgeFactory(contest=p.contest, tracks=list(p.tracks), name="无城市评委", city=None)
    report = assign_judges(p.final, seed=1)
    assert any("1 名评委没有填写工作单位所在城市" in line and "无城市评委" in line for line in report.lines())
    # A round without same-city recusal has nothing to say about it.
    type(p.final).objects.filter(pk=p.final.pk).update(same_city_recusal=False)
    p.final.refresh_from_db()
    assert not any("同城回避" in line for line in assign_judges(p.final, seed=1).lines())


def test_the_advance_page_warns_of_entries_left_out_of_the_cut(scored):  # noqa: F811
    from tests.contests.division_rounds.conftest import division_entry

    p = scored
    compute_round_results(p.first)
    assert preview_division_advancement(p.first, p.jinan).warnings == []
    # Found eligible only after the results were computed: it has no result, so it cannot advance.
    division_entry(p.contest, p.tracks[0], p.jinan)
    page = jinan_manager_page(p, "round_advance")
    assert "本轮还有 1 件本分赛区作品没有成绩" in page


def test_after_advancing_the_leaderboard_and_csv_mark_the_advanced_entries(scored):  # noqa: F811
    from contests.services.division_rounds.advancement import confirm_division_advancement
    from tests.contests.factories.judging import organiser

    p = scored
    compute_round_results(p.first)
    j = p.entries["jinan"]
    manager = UserFactory()
    p.jinan.managers.add(manager)
    client = Client()
    client.force_login(manager)
    url = reverse(
        "contests:divisions:round_results",
        kwargs={"contest_slug": p.contest.slug, "division_slug": "jinan", "round_id": p.first.pk},
    )
    assert "晋级" not in client.get(url + "?format=csv").content.decode("utf-8-sig").splitlines()[0]
    confirm_division_advancement(p.first, p.jinan, actor=organiser())  # 90 and 80 advance
    page = client.get(url).content.decode()
    assert page.count('<span class="badge badge-excellent">晋级</span>') == 2
    lines = client.get(url + "?format=csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",晋级")
    advanced = {line.split(",")[3] for line in lines[1:] if line.endswith(",是")}
    assert advanced == {j[0].title, j[2].title}


def test_the_organisers_ranking_of_a_divisional_round_shows_each_division_in_turn(scored):  # noqa: F811
    import re

    from tests.contests.factories.judging import organiser

    p = scored
    compute_round_results(p.first)
    client = Client()
    client.force_login(organiser())
    page = client.get(
        reverse("judging_rounds:results", args=[p.first.pk]) + f"?track={p.tracks[0].pk}"
    ).content.decode()
    assert "本轮为分赛区评审" in page and '<th scope="col">分赛区</th>' in page
    # 济南's two t1 entries (rank 1, 2), then 青岛's (rank 1): not the two rank 1s side by side.
    divisions = re.findall(r"<td>(济南分赛区|青岛分赛区)</td>", page)
    assert divisions == ["济南分赛区", "济南分赛区", "青岛分赛区"]
    assert "★" not in page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_division_workbook_has_its_first_round_leaderboard(scored):  # noqa: F811
    import io

    from openpyxl import load_workbook

    from contests.services.division_rounds.advancement import confirm_division_advancement
    from tests.contests.factories.judging import organiser

    p = scored
    compute_round_results(p.first)
    confirm_division_advancement(p.first, p.jinan, actor=organiser())
    manager = UserFactory()
    p.jinan.managers.add(manager)
    client = Client()
    client.force_login(manager)
    response = client.get(
        reverse("contests:divisions:export", kwargs={"contest_slug": p.contest.slug, "division_slug": "jinan"})
    )
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True)["初赛成绩"].iter_rows(values_only=True))
    assert rows[0][-1] == "晋级"
    titles = {row[4] for row in rows[1:]}
    assert titles == {entry.title for entry in p.entries["jinan"]}  # 济南's four, none of 青岛's
    assert {row[4] for row in rows[1:] if row[-1] == "是"} == {p.entries["jinan"][0].title, p.entries["jinan"][2].title}
