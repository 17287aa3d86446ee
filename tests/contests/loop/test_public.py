"""The public side of the loop: the contest page lists its 赛题 by track (constant queries), and the
need and data-resource pages get the contest's part through the cms registries — public things only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.registry import data_resource_uses, need_page_sections
from contests.choices import AccessLevel, EntryStatus
from contests.public_loop import need_section, resource_uses
from contests.services.loop_public import contest_challenges
from tests.contests.factories import ContestFactory, OrganiserFactory, TrackFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory
from tests.contests.loop import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return ContestFactory(slug="loop-2026", name="2026 数据应用大赛")


@pytest.fixture
def page(demo_site, contest):
    return helpers.contest_page(demo_site, contest)


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_contest_page_lists_challenges_by_track_with_unit_need_and_offers(client, demo_site, contest, page):
    track = TrackFactory(contest=contest, name="智慧养老")
    elderly = helpers.need(demo_site, title="老年助餐服务覆盖")
    hidden = helpers.need(demo_site, title="未发布的需求", live=False)
    first = helpers.challenge(
        track, unit_=helpers.unit("省民政厅"), need_=elderly, title="助餐服务精准覆盖",
        offers=(AccessLevel.OPEN, AccessLevel.AGREEMENT, AccessLevel.SANDBOX),
    )  # fmt: skip
    helpers.challenge(track, need_=hidden, title="另一个赛题")
    response = client.get(page.url)
    text = response.text
    assert '<details class="challenge-track"' in text and "智慧养老" in text and "2 个赛题" in text
    assert "助餐服务精准覆盖" in text and "省民政厅" in text
    assert f'<a href="{elderly.url}">老年助餐服务覆盖</a>' in text
    assert "未发布的需求" not in text
    for label in ("开放下载", "协议开放", "沙箱使用"):
        assert label in text
    offered = first.offers.first().resource
    assert offered.name in text


def test_contest_page_queries_do_not_grow_with_challenges(client, demo_site, contest, page):
    tracks = [TrackFactory(contest=contest) for _ in range(3)]
    unit = helpers.unit()
    for track in tracks:
        helpers.challenge(track, unit_=unit, need_=helpers.need(demo_site), offers=(AccessLevel.OPEN,))
    few, _ = _queries(client, page.url)
    boss = OrganiserFactory()
    for index in range(50):
        helpers.challenge(
            tracks[index % 3], unit_=unit, need_=helpers.need(demo_site), created_by=boss,
            offers=(AccessLevel.OPEN, AccessLevel.SANDBOX),
        )  # fmt: skip
    many, response = _queries(client, page.url)
    assert many <= few
    assert response.text.count('class="challenge"') == 53


def test_challenge_changes_retire_the_stored_contest_page(contest):
    from contests.public_cache import CONTEST_VERSION

    before = CONTEST_VERSION.current()
    item = helpers.challenge(TrackFactory(contest=contest))
    assert CONTEST_VERSION.current() != before
    before = CONTEST_VERSION.current()
    helpers.offer(item, AccessLevel.OPEN)
    assert CONTEST_VERSION.current() != before


def test_contest_challenges_reads_constant_queries(django_assert_max_num_queries, demo_site, contest):
    track = TrackFactory(contest=contest)
    for _ in range(20):
        helpers.challenge(track, need_=helpers.need(demo_site), offers=(AccessLevel.OPEN, AccessLevel.AGREEMENT))
    with django_assert_max_num_queries(5):
        groups = contest_challenges(contest)
    assert len(groups) == 1 and len(groups[0].challenges) == 20


# --- registries ------------------------------------------------------------------------------------


def test_the_registries_hold_the_contest_functions():
    assert dict(need_page_sections.items())["contests"] is need_section
    assert dict(data_resource_uses.items())["contests"] is resource_uses


def _answered(challenge, status, title):
    entry = EntryFactory(contest=challenge.track.contest, track=challenge.track, title=title)
    type(entry).objects.filter(pk=entry.pk).update(challenge=challenge, status=status)
    entry.refresh_from_db()
    return entry


def test_need_section_shows_challenge_counts_and_no_titles_before_results(rf, demo_site, contest, page):
    need = helpers.need(demo_site)
    item = helpers.challenge(TrackFactory(contest=contest, name="智慧养老"), need_=need, title="助餐赛题",
                             offers=(AccessLevel.AGREEMENT,))  # fmt: skip
    _answered(item, EntryStatus.SUBMITTED, "已提交的作品")
    _answered(item, EntryStatus.ELIGIBLE, "审查通过的作品")
    draft = _answered(item, EntryStatus.DRAFT, "草稿作品")
    html = need_section(need, rf.get("/"))
    assert "助餐赛题" in html and contest.name in html and "智慧养老" in html and "协议开放" in html
    assert "揭榜作品：2 件" in html
    assert "已提交的作品" not in html and draft.title not in html  # titles only after final results
    assert draft.team.name not in html


def test_need_section_after_final_results_lists_titles_and_winners_never_other_team_names(rf, demo_site, contest, page):
    need = helpers.need(demo_site)
    item = helpers.challenge(TrackFactory(contest=contest), need_=need, title="助餐赛题")
    winner = _answered(item, EntryStatus.AWARDED, "获奖作品甲")
    other = _answered(item, EntryStatus.ELIGIBLE, "未获奖作品乙")
    draft = _answered(item, EntryStatus.DRAFT, "草稿作品丙")
    helpers.finalise_results(contest, winner, by=OrganiserFactory())
    html = need_section(need, rf.get("/"))
    assert "获奖作品甲" in html and winner.team.name in html
    assert f"{page.url}winners/{winner.uuid}/" in html
    assert "未获奖作品乙" in html and other.team.name not in html
    assert "草稿作品丙" not in html and draft.team.name not in html


def test_need_section_is_empty_without_a_public_contest_page(rf, demo_site, contest):
    need = helpers.need(demo_site)
    helpers.contest_page(demo_site, contest, live=False)
    helpers.challenge(TrackFactory(contest=contest), need_=need)
    assert need_section(need, rf.get("/")) == ""


def test_need_section_queries_are_constant(rf, demo_site, contest, page, django_assert_max_num_queries):
    need = helpers.need(demo_site)
    for _ in range(8):
        item = helpers.challenge(TrackFactory(contest=contest), need_=need, offers=(AccessLevel.OPEN,))
        _answered(item, EntryStatus.SUBMITTED, "作品")
    request = rf.get("/")
    with django_assert_max_num_queries(12):
        need_section(need, request)


def test_resource_uses_lists_offering_challenges_and_winning_entries_only(rf, demo_site, contest, page):
    from contests.models import EntryDataUse

    resource = DataResourceFactory(name="老年人口数据")
    item = helpers.challenge(TrackFactory(contest=contest), title="助餐赛题")
    helpers.offer(item, AccessLevel.AGREEMENT, resource=resource)
    hidden_contest = ContestFactory(slug="hidden")
    helpers.offer(helpers.challenge(TrackFactory(contest=hidden_contest), title="未公开大赛的赛题"),
                  AccessLevel.OPEN, resource=resource)  # fmt: skip
    winner = _answered(item, EntryStatus.AWARDED, "获奖作品甲")
    loser = _answered(item, EntryStatus.ELIGIBLE, "未获奖作品乙")
    draft = _answered(item, EntryStatus.DRAFT, "草稿作品丙")
    for entry in (winner, loser, draft):
        EntryDataUse.objects.create(entry=entry, resource=resource, how="统计助餐点覆盖率")
    helpers.finalise_results(contest, winner, by=OrganiserFactory())
    sections = {section["key"]: section for section in resource_uses(resource, rf.get("/"))}
    assert sections["challenges"]["count"] == 1
    assert sections["challenges"]["items"][0]["title"] == "助餐赛题"
    assert "协议开放" in sections["challenges"]["items"][0]["note"]
    assert sections["winning_entries"]["count"] == 1
    item_ = sections["winning_entries"]["items"][0]
    assert item_["title"] == "获奖作品甲" and item_["url"] == f"{page.url}winners/{winner.uuid}/"
    assert "统计助餐点覆盖率" in item_["note"]


def test_resource_uses_before_results_has_no_entries(rf, demo_site, contest, page):
    from contests.models import EntryDataUse

    resource = DataResourceFactory()
    item = helpers.challenge(TrackFactory(contest=contest))
    entry = _answered(item, EntryStatus.AWARDED, "还未公布的获奖作品")
    EntryDataUse.objects.create(entry=entry, resource=resource, how="用于建模")
    assert [s["key"] for s in resource_uses(resource, rf.get("/"))] == []


def test_resource_uses_queries_are_constant(rf, demo_site, contest, page, django_assert_max_num_queries):
    from contests.models import EntryDataUse

    resource = DataResourceFactory()
    boss = OrganiserFactory()
    for _ in range(6):
        item = helpers.challenge(TrackFactory(contest=contest), created_by=boss)
        helpers.offer(item, AccessLevel.OPEN, resource=resource)
        entry = _answered(item, EntryStatus.AWARDED, "获奖作品")
        EntryDataUse.objects.create(entry=entry, resource=resource, how="用于建模")
    helpers.finalise_results(contest, entry, by=boss)
    request = rf.get("/")
    with django_assert_max_num_queries(8):
        sections = resource_uses(resource, request)
    assert [s["count"] for s in sections] == [6, 1]


# --- answered data-quality findings on the resource page ----------------------------------------------


def _finding(resource, entry, description, response=None):
    from django.utils import timezone

    from contests.models import DataFinding

    finding = DataFinding.objects.create(
        entry=entry, resource=resource, category="missing", description=description,
        reported_by=entry.team.created_by, reported_at=timezone.now(),
    )  # fmt: skip
    if response is not None:
        answered = {"status": "handled", "response": response, "responded_at": timezone.now()}
        DataFinding.objects.filter(pk=finding.pk).update(**answered)
    return finding


def test_the_resource_page_shows_answered_findings_only_never_the_team_or_its_description(client, demo_site, contest):
    from cms.registry import data_resource_findings
    from contests.public_loop import resource_findings

    assert dict(data_resource_findings.items())["contests"] is resource_findings
    resource = DataResourceFactory(name="老年人口数据", slug="elderly-people")
    entry = EntryFactory(contest=contest, title="秘密作品")
    _finding(resource, entry, "缺少社区编码字段（团队的描述）", response="已补充社区编码字段，下周更新。")
    _finding(resource, entry, "还没有答复的问题")
    text = client.get(resource.get_absolute_url()).text
    assert "数据质量反馈（1）" in text and "字段缺失" in text and "已补充社区编码字段，下周更新。" in text
    for private in ("团队的描述", "还没有答复的问题", "秘密作品", entry.team.name):
        assert private not in text
    bare = DataResourceFactory(slug="no-findings")
    assert "数据质量反馈" not in client.get(bare.get_absolute_url()).text


def test_the_resource_page_queries_do_not_grow_with_findings(client, demo_site, contest):
    resource = DataResourceFactory(slug="many-findings")
    entry = EntryFactory(contest=contest)
    _finding(resource, entry, "一", response="答复一")
    few, _response = _queries(client, resource.get_absolute_url())
    for n in range(8):
        _finding(resource, entry, f"问题{n}", response=f"答复{n}")
    many, response = _queries(client, resource.get_absolute_url())
    assert many == few and "数据质量反馈（9）" in response.text
