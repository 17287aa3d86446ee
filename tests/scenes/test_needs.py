"""The needs (应用需求) in the showcase: /needs/ filters, counts, searches and sorts like the scene
catalogue; a need's page shows its proposer, data and similar scenes; only live, public needs are
seen anywhere (listing, page, site search, sitemap, API); query counts do not grow with the needs."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch
from django.utils.html import format_html

from cms.registry import need_page_sections
from scenes.choices import NeedStatus
from scenes.models import NeedComment, NeedPage
from scenes.services import needs as need_services
from tests.scenes.factories import DataResourceFactory, ScenePageFactory, city
from tests.scenes.needs_helpers import make_need

CITIES = ["jinan", "qingdao", "zibo", "yantai", "weifang"]


def titles(response):
    return re.findall(r'<h3[^>]*><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def facet_counts(response, key):
    """{option label: count} of one facet of a listing."""
    listing = response.context["listing"]
    for facet, options in listing.facets:
        if facet.key == key:
            return {option.label: option.count for option in options}
    return {}


@pytest.fixture
def catalogue(need_index, education, elderly_care):
    return {
        "meals": make_need(
            need_index,
            title="独居老人助餐服务精准覆盖",
            node="jinan",
            domains=[elderly_care],
            summary="找出最需要助餐的独居老人。",
        ),
        "school": make_need(need_index, title="中小学上下学交通安全", node="weifang", domains=[education]),
        "clinic": make_need(
            need_index, title="乡村卫生室转诊", node="jinan", domains=[elderly_care], status=NeedStatus.CHALLENGE_SET
        ),
        "draft": make_need(need_index, title="尚未发布的养老需求", node="jinan", domains=[elderly_care], live=False),
    }


@pytest.mark.django_db
def test_the_listing_shows_live_needs_only(client, catalogue):
    response = client.get("/needs/")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(["独居老人助餐服务精准覆盖", "中小学上下学交通安全", "乡村卫生室转诊"])
    assert "尚未发布" not in response.content.decode()


@pytest.mark.django_db
def test_filters_combine_and_facet_counts_say_what_a_click_gives(client, catalogue):
    response = client.get("/needs/?node=jinan")
    assert sorted(titles(response)) == ["乡村卫生室转诊", "独居老人助餐服务精准覆盖"]
    # Counts of a facet are over the other active filters: 济南 has two, 潍坊 one.
    assert facet_counts(response, "node") == {"济南": 2, "潍坊": 1}
    assert facet_counts(response, "status") == {"征集中": 1, "已出题": 1}
    assert facet_counts(response, "domain") == {"智慧养老": 2}

    response = client.get("/needs/?node=jinan&status=challenge")
    assert titles(response) == ["乡村卫生室转诊"]
    assert "?node=jinan" in {active.remove_url for active in response.context["listing"].active_filters}

    assert titles(client.get("/needs/?domain=education")) == ["中小学上下学交通安全"]
    # Unknown values are ignored, not errors.
    assert len(titles(client.get("/needs/?status=nonsense&sort=drop+table"))) == 3


@pytest.mark.django_db
def test_a_chinese_phrase_finds_the_need(client, catalogue):
    response = client.get("/needs/", {"q": "独居老人"})
    assert titles(response) == ["独居老人助餐服务精准覆盖"]
    assert titles(client.get("/needs/", {"q": "助餐"})) == ["独居老人助餐服务精准覆盖"]
    assert titles(client.get("/needs/", {"q": "尚未发布"})) == []


@pytest.mark.django_db
def test_sort_by_followers(client, catalogue):
    NeedPage.objects.filter(pk=catalogue["school"].pk).update(vote_count=5)
    NeedPage.objects.filter(pk=catalogue["clinic"].pk).update(vote_count=2)
    by_votes = titles(client.get("/needs/?sort=votes"))
    assert by_votes == ["中小学上下学交通安全", "乡村卫生室转诊", "独居老人助餐服务精准覆盖"]
    assert titles(client.get("/needs/?sort=title"))[0] == "中小学上下学交通安全"


@pytest.mark.django_db
def test_the_listing_pages_twelve_at_a_time(client, need_index):
    for _number in range(14):
        make_need(need_index)
    assert len(titles(client.get("/needs/"))) == 12
    assert len(titles(client.get("/needs/?page=2"))) == 2


@pytest.mark.django_db
def test_the_english_listing(client, catalogue):
    response = client.get("/en/needs/")
    assert response.status_code == 200
    assert "<h1>Needs</h1>" in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_or_restricted_need_is_not_found(client, catalogue):
    assert client.get(f"/needs/{catalogue['draft'].slug}/").status_code == 404
    url = catalogue["meals"].url
    assert client.get(url).status_code == 200
    catalogue["meals"].unpublish()
    assert client.get(url).status_code == 404
    assert "独居老人助餐服务精准覆盖" not in titles(client.get("/needs/"))


@pytest.mark.django_db
def test_the_need_page_shows_proposer_data_and_similar_scenes(client, need_index, scene_index, elderly_care):
    resource = DataResourceFactory(name="养老服务机构信息", slug="elderly-services", department="省民政厅")
    live_scene = ScenePageFactory(parent=scene_index, title="老年人助餐一卡通", node=city("yantai"))
    draft_scene = ScenePageFactory(parent=scene_index, title="草稿场景", live=False)
    need = make_need(
        need_index,
        title="独居老人助餐服务精准覆盖",
        department="济南市民政局养老服务处",
        affected="80 岁以上独居老人约 3.2 万人",
        data_wanted="低保和养老服务数据",
        domains=[elderly_care],
        data_resources=[resource],
        similar_scenes=[live_scene, draft_scene],
    )
    html = client.get(need.url).content.decode()
    shown = [
        "独居老人助餐服务精准覆盖",
        "征集中",
        "济南市民政局养老服务处",
        "80 岁以上独居老人约 3.2 万人",
        "低保和养老服务数据",
        "养老服务机构信息",
        "老年人助餐一卡通",
        "0 人关注",
    ]
    for text in shown:
        assert text in html
    assert "草稿场景" not in html
    assert "登录后关注此需求" in html and "登录后发表评论" in html


@pytest.mark.django_db
def test_resource_links_go_to_the_data_page_when_it_exists(monkeypatch, need_index):
    resource = DataResourceFactory(slug="weather")
    assert need_services.resource_url(resource) in ("", "/data/weather/")

    def missing(self):
        raise NoReverseMatch("data_resource")

    monkeypatch.setattr(type(resource), "get_absolute_url", missing)
    assert need_services.resource_url(resource) == ""


@pytest.mark.django_db
def test_hidden_comments_are_not_shown_and_authors_go_by_name_not_email(client, need_index, django_user_model):
    need = make_need(need_index)
    named = django_user_model.objects.create_user(email="wang@example.com", password="pw", real_name="王小明")
    unnamed = django_user_model.objects.create_user(email="li@example.com", password="pw")
    NeedComment.objects.create(need=need, author=named, body="建议先从失能老人做起。")
    NeedComment.objects.create(need=need, author=unnamed, body="同意。")
    hidden = NeedComment.objects.create(need=need, author=named, body="这是一条广告。")
    need_services.hide_comment(hidden, named, "广告")
    html = client.get(need.url).content.decode()
    assert "建议先从失能老人做起。" in html and "同意。" in html
    assert "这是一条广告" not in html
    assert "王小明" in html and "数用用户" in html
    assert "li@example.com" not in html and "wang@example.com" not in html
    assert "评论（2）" in html


@pytest.mark.django_db
def test_the_contest_sections_are_included(client, need_index):
    need = make_need(need_index)
    key = "test-section"
    section = lambda page, request: format_html("<section>赛题：{}</section>", page.title)  # noqa: E731
    need_page_sections.register(key, order=5)(section)
    need_page_sections.register(key + "-empty", order=6)(lambda page, request: "")
    try:
        html = client.get(need.url).content.decode()
    finally:
        need_page_sections._entries.pop(key)
        need_page_sections._entries.pop(key + "-empty")
    assert f"<section>赛题：{need.title}</section>" in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_from_5_to_30_needs(
    client, need_index, scene_index, education, elderly_care, django_user_model
):
    resource = DataResourceFactory(slug="household")
    scene = ScenePageFactory(parent=scene_index)
    author = django_user_model.objects.create_user(email="c@example.com", password="pw", real_name="评论者")

    def add(count, start):
        needs = []
        for number in range(start, start + count):
            need = make_need(
                need_index,
                node=CITIES[number % len(CITIES)],
                domains=[[education, elderly_care][number % 2]],
                data_resources=[resource],
                similar_scenes=[scene],
            )
            NeedComment.objects.create(need=need, author=author, body=f"评论{number}")
            needs.append(need)
        return needs

    first = add(5, 0)
    urls = ["/needs/", "/needs/?node=jinan&domain=education&sort=votes", "/needs/?q=测试需求", first[0].url]
    few = [_queries(client, url) for url in urls]
    add(25, 5)
    for number in range(3):
        NeedComment.objects.create(need=first[0], author=author, body=f"更多评论{number}")
    many = [_queries(client, url) for url in urls]
    assert many == few

    client.force_login(author)
    signed_in_few = _queries(client, first[0].url)
    NeedComment.objects.create(need=first[0], author=author, body="再来一条")
    assert _queries(client, first[0].url) == signed_in_few


@pytest.mark.django_db
def test_site_search_finds_live_needs_only(client, catalogue):
    html = client.get("/search/", {"q": "独居老人"}).content.decode()
    assert catalogue["meals"].url in html
    assert "应用需求" in html
    assert "尚未发布的养老需求" not in client.get("/search/", {"q": "养老需求"}).content.decode()


@pytest.mark.django_db
def test_sitemap_lists_live_needs(client, catalogue):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-pages.xml" in index
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "/needs/" in xml
    assert catalogue["meals"].url in xml and f"/en{catalogue['meals'].url}" in xml
    assert catalogue["draft"].slug not in xml


@pytest.mark.django_db
def test_the_api_lists_needs_with_their_fields(client, catalogue, django_assert_max_num_queries):
    DataResourceFactory(slug="elderly-services")
    need = catalogue["meals"]
    need.data_resources = [DataResourceFactory(slug="elderly-services")]
    need.save_revision().publish()
    response = client.get("/api/v2/pages/", {"type": "scenes.NeedPage", "fields": "*"})
    assert response.status_code == 200
    items = {item["title"]: item for item in response.json()["items"]}
    assert set(items) == {"独居老人助餐服务精准覆盖", "中小学上下学交通安全", "乡村卫生室转诊"}
    meals = items["独居老人助餐服务精准覆盖"]
    assert meals["node"]["slug"] == "jinan"
    assert meals["status"] == "collecting"
    assert [d["slug"] for d in meals["domains"]] == ["elderly-care"]
    assert [r["slug"] for r in meals["data_resources"]] == ["elderly-services"]
    assert meals["summary"] == "找出最需要助餐的独居老人。"
    assert items["乡村卫生室转诊"]["status"] == "challenge"


@pytest.mark.django_db
def test_an_editor_previews_a_new_and_a_saved_need(need_index, admin_user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = admin_user
    request.is_preview = True
    unsaved = NeedPage(
        title="预览中的需求", slug="preview", summary="概述", node=city("jinan"), department="部门", affected="人群"
    )
    saved = make_need(need_index, title="已保存的需求")
    for page, title in ((unsaved, "预览中的需求"), (saved, "已保存的需求")):
        response = page.serve_preview(request, "")
        response.render()
        assert title in response.content.decode()
