"""Final results on the public ContestPage and the winners' public summaries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contests.models import (
    Award,
    AwardCategory,
    AwardLevel,
    ContestIndexPage,
    ContestPage,
    Promotion,
    ResultPublication,
)
from contests.services.outcomes.public_results import contest_final_results, winner_summary
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import eligible_entry, open_round, organiser
from tests.scenes.factories import ProviderFactory, SolutionPageFactory

pytestmark = pytest.mark.django_db


def publish(round_, actor, *, final):
    now = timezone.now()
    return ResultPublication.objects.create(
        round=round_,
        notice_days=7,
        published_by=actor,
        published_at=now - timedelta(days=8 if final else 1),
        notice_ends_at=now - timedelta(days=1) if final else now + timedelta(days=6),
        finalised_by=actor if final else None,
        finalised_at=now if final else None,
    )


def award(entry, category, round_, actor, *, rank=1, revoked=False):
    return Award.objects.create(
        category=category,
        entry=entry,
        round=round_,
        track=entry.track,
        rank=rank,
        awarded_by=actor,
        revoked_at=timezone.now() if revoked else None,
        revoked_by=actor if revoked else None,
        revoke_reason="复核后撤销" if revoked else "",
    )


@pytest.fixture
def outcome(demo_site):
    contest = ContestFactory(slug="2026", name="2026 数据应用创新创业大赛")
    index = ContestIndexPage(title="大赛", slug="contests")
    demo_site.add_child(instance=index)
    page = ContestPage(title=contest.name, slug="2026", contest=contest)
    index.add_child(instance=page)
    round_ = open_round(contest)
    boss = organiser()
    elderly = TrackFactory(contest=contest, name="智慧养老", sort_order=1)
    health = TrackFactory(contest=contest, name="健康医疗", sort_order=2)
    first = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, sort_order=1)
    second = AwardCategory.objects.create(contest=contest, name="二等奖", level=AwardLevel.SECOND, sort_order=2)
    special = AwardCategory.objects.create(
        contest=contest, name="最佳数据应用奖", level=AwardLevel.SPECIAL, sort_order=9, per_track=False
    )

    def entry(track, title, team_name, organisation):
        team = TeamFactory(contest=contest, name=team_name, organisation=organisation)
        return eligible_entry(contest, track, team=team, title=title, abstract=f"{title}的摘要：共享数据赋能。")

    winners = {
        "gold": entry(elderly, "银龄关爱数据平台", "夕阳红队", "济南市养老服务中心"),
        "silver": entry(elderly, "社区助餐地图", "助餐队", "青岛数据科技有限公司"),
        "health": entry(health, "慢病随访助手", "健康队", "山东第一医科大学"),
        "revoked": entry(health, "被撤销的作品", "撤销队", "撤销单位"),
        "loser": entry(health, "未获奖作品", "落选队", "落选单位"),
    }
    award(winners["silver"], second, round_, boss, rank=2)
    award(winners["gold"], first, round_, boss, rank=1)
    award(winners["gold"], special, round_, boss, rank=None)
    award(winners["health"], first, round_, boss, rank=1)
    award(winners["revoked"], second, round_, boss, rank=2, revoked=True)
    return {"contest": contest, "page": page, "round": round_, "boss": boss, "entries": winners}


def winner_url(page, entry):
    return f"{page.url}winners/{entry.uuid}/"


def test_final_results_are_grouped_by_track_in_award_order(outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    results = contest_final_results(outcome["contest"])
    assert [
        (group.track.name, [(w.entry.title, [a.category.name for a in w.awards]) for w in group.winners])
        for group in results
    ] == [
        ("智慧养老", [("银龄关爱数据平台", ["一等奖", "最佳数据应用奖"]), ("社区助餐地图", ["二等奖"])]),
        ("健康医疗", [("慢病随访助手", ["一等奖"])]),
    ]


def test_contest_page_shows_final_winners_with_links(client, outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    page, entries = outcome["page"], outcome["entries"]
    text = client.get("/contests/2026/").text
    assert '<h3 id="results-track-' in text
    for key, team, organisation in (
        ("gold", "夕阳红队", "济南市养老服务中心"),
        ("silver", "助餐队", "青岛数据科技有限公司"),
        ("health", "健康队", "山东第一医科大学"),
    ):
        assert f'<a href="{winner_url(page, entries[key])}">{entries[key].title}</a>' in text
        assert f"{team} · {organisation}" in text
    assert text.index("银龄关爱数据平台") < text.index("社区助餐地图") < text.index("慢病随访助手")
    for hidden in ("被撤销的作品", "未获奖作品", "结果将于"):
        assert hidden not in text


@pytest.mark.clock
def test_provisional_results_show_only_the_notice(client, outcome):
    publication = publish(outcome["round"], outcome["boss"], final=False)
    text = client.get("/contests/2026/").text
    end = timezone.localtime(publication.notice_ends_at)
    assert f"结果正在公示，公示期至 {end:%Y}年{end.month}月{end.day}日 {end:%H:%M}（北京时间）" in text
    for entry in outcome["entries"].values():
        assert entry.title not in text
        assert entry.team.name not in text
    assert contest_final_results(outcome["contest"]) == []


@pytest.mark.clock
def test_notice_after_the_window_while_not_final(client, outcome):
    publication = publish(outcome["round"], outcome["boss"], final=False)
    ResultPublication.objects.filter(pk=publication.pk).update(notice_ends_at=timezone.now() - timedelta(hours=1))
    text = client.get("/contests/2026/").text
    assert "结果公示期已于" in text
    assert "最终结果确认后公布" in text
    assert "银龄关爱数据平台" not in text


@pytest.mark.clock
def test_without_publication_the_page_announces_the_results_date(client, outcome):
    text = client.get("/contests/2026/").text
    assert "结果将于" in text
    assert "银龄关爱数据平台" not in text


def test_winner_summary_page(client, outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    page, gold = outcome["page"], outcome["entries"]["gold"]
    response = client.get(winner_url(page, gold))
    assert response.status_code == 200
    text = response.text
    assert "<h1>银龄关爱数据平台</h1>" in text
    assert "银龄关爱数据平台的摘要：共享数据赋能。" in text
    assert "<dt>赛道</dt><dd>智慧养老</dd>" in text
    assert "<dt>奖项</dt><dd>一等奖、最佳数据应用奖</dd>" in text
    assert "<dt>参赛团队</dt><dd>夕阳红队</dd>" in text
    assert "<dt>所属单位</dt><dd>济南市养老服务中心</dd>" in text
    assert "在解决方案库中查看" not in text
    # Nothing private: members, scores, files.
    assert gold.team.created_by.email not in text
    assert gold.problem not in text


@pytest.mark.parametrize("key", ["revoked", "loser"])
def test_non_winners_have_no_public_summary(client, outcome, key):
    publish(outcome["round"], outcome["boss"], final=True)
    assert client.get(winner_url(outcome["page"], outcome["entries"][key])).status_code == 404


def test_no_public_summary_while_results_are_provisional(client, outcome):
    publish(outcome["round"], outcome["boss"], final=False)
    gold = outcome["entries"]["gold"]
    assert client.get(winner_url(outcome["page"], gold)).status_code == 404
    client.force_login(gold.team.created_by)
    assert client.get(winner_url(outcome["page"], gold)).status_code == 404


def test_winner_of_another_contest_is_404_under_this_page(client, outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    other = ContestFactory()
    other_round = open_round(other)
    category = AwardCategory.objects.create(contest=other, name="一等奖", level=AwardLevel.FIRST)
    stranger = eligible_entry(other, TrackFactory(contest=other))
    award(stranger, category, other_round, outcome["boss"])
    publish(other_round, outcome["boss"], final=True)
    assert winner_summary(other, stranger.uuid) is not None
    assert client.get(winner_url(outcome["page"], stranger)).status_code == 404


def test_summary_links_to_the_live_solution_page(client, outcome, solution_index):
    publish(outcome["round"], outcome["boss"], final=True)
    page, gold = outcome["page"], outcome["entries"]["gold"]
    solution = SolutionPageFactory(parent=solution_index, title="银龄关爱方案", slug="silver-care", live=False)
    Promotion.objects.create(
        entry=gold, solution_page=solution, provider=ProviderFactory(), promoted_by=outcome["boss"]
    )
    assert "在解决方案库中查看" not in client.get(winner_url(page, gold)).text  # still a draft
    solution.save_revision().publish()
    solution.refresh_from_db()
    text = client.get(winner_url(page, gold)).text
    assert f'<a class="button" href="{solution.url}">在解决方案库中查看</a>' in text


def page_queries(client):
    client.get("/contests/2026/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/contests/2026/")
    assert response.status_code == 200
    return len(queries), response.text


def test_contest_page_query_count_does_not_grow_with_winners(client, outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    few, _text = page_queries(client)
    contest, round_ = outcome["contest"], outcome["round"]
    category = AwardCategory.objects.create(contest=contest, name="优秀奖", level=AwardLevel.EXCELLENT, sort_order=5)
    tracks = [TrackFactory(contest=contest) for _ in range(3)]
    for number in range(9):
        team = TeamFactory(contest=contest, organisation=f"新增单位{number}")
        award(eligible_entry(contest, tracks[number % 3], team=team), category, round_, outcome["boss"], rank=number)
    many, text = page_queries(client)
    assert "新增单位8" in text
    assert few == many


def test_anonymous_and_signed_in_users_see_the_same_winners(client, outcome):
    publish(outcome["round"], outcome["boss"], final=True)
    anonymous = client.get("/contests/2026/").text.count('class="winner"')
    client.force_login(UserFactory())
    assert client.get("/contests/2026/").text.count('class="winner"') == anonymous == 3


def test_winner_cards_show_track_summary_and_the_live_solution_page(client, outcome, solution_index):
    publish(outcome["round"], outcome["boss"], final=True)
    gold, health = outcome["entries"]["gold"], outcome["entries"]["health"]
    live = SolutionPageFactory(parent=solution_index, title="银龄关爱方案", slug="silver-care")
    draft = SolutionPageFactory(parent=solution_index, title="慢病随访方案", slug="chronic", live=False)
    for entry, solution in ((gold, live), (health, draft)):
        Promotion.objects.create(
            entry=entry, solution_page=solution, provider=ProviderFactory(), promoted_by=outcome["boss"]
        )
    text = client.get("/contests/2026/").text
    assert '<span class="winner-track">智慧养老</span>' in text
    assert '<p class="winner-summary">银龄关爱数据平台的摘要：共享数据赋能。</p>' in text
    assert (
        f'<p class="winner-solution"><a href="{live.url}">在解决方案库中查看'
        '<span class="visually-hidden">：银龄关爱方案</span></a></p>'
    ) in text
    assert text.count('class="winner-solution"') == 1  # the draft page is not linked
    results = contest_final_results(outcome["contest"])
    assert [(w.entry.title, w.solution_page) for group in results for w in group.winners] == [
        ("银龄关爱数据平台", live),
        ("社区助餐地图", None),
        ("慢病随访助手", None),
    ]


def test_final_results_queries_do_not_grow_with_promoted_winners(
    outcome, solution_index, django_assert_max_num_queries
):
    publish(outcome["round"], outcome["boss"], final=True)
    contest, round_ = outcome["contest"], outcome["round"]
    category = AwardCategory.objects.create(contest=contest, name="优秀奖", level=AwardLevel.EXCELLENT, sort_order=5)
    track = TrackFactory(contest=contest)
    for number in range(6):
        entry = eligible_entry(contest, track, team=TeamFactory(contest=contest))
        award(entry, category, round_, outcome["boss"], rank=number)
        solution = SolutionPageFactory(parent=solution_index, slug=f"promoted-{number}")
        Promotion.objects.create(
            entry=entry, solution_page=solution, provider=ProviderFactory(), promoted_by=outcome["boss"]
        )
    # Awards with their entries and teams; view restrictions; the promoted pages: three, however many winners.
    with django_assert_max_num_queries(3):
        results = contest_final_results(contest)
        promoted = [w.solution_page.slug for group in results for w in group.winners if w.solution_page]
    assert promoted == [f"promoted-{number}" for number in range(6)]
