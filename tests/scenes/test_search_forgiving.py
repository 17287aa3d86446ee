"""Search that forgives how people type Chinese, over scenes and solutions: traditional characters,
pinyin, title suggestions as you type (/search/suggest/) and “你是不是要找…”."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from tests.scenes.factories import DataResourceFactory, ScenePageFactory, SolutionPageFactory, city


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def catalogue(scene_index, solution_index, elderly_care):
    """Scenes in three cities and a solution; the default lead department names no city."""
    hospital = DataResourceFactory(name="医院挂号数据", slug="hospital-registrations")
    pages = {
        "station": ScenePageFactory(
            parent=scene_index, title="社区养老驿站", node=city("qingdao"), lead_department="市民政局"
        ),
        "platform": ScenePageFactory(
            parent=scene_index,
            title="养老服务平台",
            node=city("jinan"),
            lead_department="市民政局",
            domains=[elderly_care],
        ),
        "clinic": ScenePageFactory(
            parent=scene_index,
            title="智慧门诊预约",
            summary="号源实时共享。",
            node=city("yantai"),
            lead_department="市卫健委",
            data_resources=[hospital],
        ),
        "care": SolutionPageFactory(parent=solution_index, title="居家养老护理方案"),
    }
    return {name: publish(page) for name, page in pages.items()}


def listed_titles(html):
    return sorted(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html))


def found_titles(html):
    return sorted(
        re.sub(r"</?mark>", "", title) for title in re.findall(r"<h2><a href=\"[^\"]+\">(.+?)</a></h2>", html)
    )


# --- traditional characters -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_traditional_query_finds_the_same_scenes_as_the_simplified_one(client, catalogue):
    simplified = listed_titles(client.get("/scenes/", {"q": "养老"}).content.decode())
    traditional = listed_titles(client.get("/scenes/", {"q": "養老"}).content.decode())
    assert simplified == ["养老服务平台", "社区养老驿站"]
    assert traditional == simplified


@pytest.mark.django_db
def test_site_search_finds_the_same_pages_for_traditional_and_simplified(client, catalogue):
    simplified = found_titles(client.get("/search/", {"q": "养老"}).content.decode())
    traditional = found_titles(client.get("/search/", {"q": "養老"}).content.decode())
    # The demo's about page speaks of 智慧养老 too.
    assert simplified == ["关于数用", "养老服务平台", "居家养老护理方案", "社区养老驿站"]
    assert traditional == simplified


# --- pinyin ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yanglao", ["养老服务平台", "社区养老驿站"]),
        ("ylfw", ["养老服务平台"]),
        ("sqyl", ["社区养老驿站"]),
        ("menzhen", ["智慧门诊预约"]),
        ("jinan", ["养老服务平台"]),  # the city's name
        ("jina", ["养老服务平台"]),  # a prefix of it
        ("zhihuiyanglao", ["养老服务平台"]),  # the domain's name
        ("yiyuanguahao", ["智慧门诊预约"]),  # a data resource's name
        ("yygh", ["智慧门诊预约"]),
    ],
)
def test_scene_catalogue_finds_titles_and_names_by_pinyin(client, catalogue, query, expected):
    assert listed_titles(client.get("/scenes/", {"q": query}).content.decode()) == expected


@pytest.mark.django_db
def test_site_search_finds_scenes_and_solutions_by_pinyin(client, catalogue):
    # Titles with a word read yanglao, and pages naming the domain 智慧养老 (the about page does).
    assert found_titles(client.get("/search/", {"q": "yanglao"}).content.decode()) == [
        "关于数用",
        "养老服务平台",
        "居家养老护理方案",
        "社区养老驿站",
    ]
    assert found_titles(client.get("/search/", {"q": "qingdao"}).content.decode()) == ["社区养老驿站"]


# --- suggestions as you type -------------------------------------------------------------------------


def suggested(client, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response["Content-Type"] == "application/json"
    return [(item["title"], item["url"]) for item in response.json()["suggestions"]]


@pytest.mark.django_db
def test_suggest_lists_titles_beginning_with_the_query_first(client, catalogue):
    titles = [title for title, _url in suggested(client, "养老")]
    assert titles[0] == "养老服务平台"
    assert sorted(titles[1:]) == ["居家养老护理方案", "社区养老驿站"]
    assert suggested(client, "养老服")[0] == ("养老服务平台", "/scenes/" + catalogue["platform"].slug + "/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ylfw", ["养老服务平台"]),
        ("yangl", ["养老服务平台", "居家养老护理方案", "社区养老驿站"]),
        ("養老服", ["养老服务平台"]),
        ("门诊", ["智慧门诊预约"]),
        ("jinan", []),  # a city is no title: suggestions are titles only
        ("", []),
    ],
)
def test_suggest_matches_prefixes_words_and_pinyin_of_titles(client, catalogue, query, expected):
    titles = [title for title, _url in suggested(client, query)]
    assert sorted(titles) == sorted(expected)


@pytest.mark.django_db
def test_suggest_never_lists_drafts_or_private_pages(client, scene_index, solution_index):
    publish(ScenePageFactory(parent=scene_index, title="养老公开场景"))
    ScenePageFactory(parent=scene_index, title="养老草稿绝密", live=False)
    private = publish(SolutionPageFactory(parent=solution_index, title="养老内部方案"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert [title for title, _url in suggested(client, "养老")] == ["养老公开场景"]
    assert [title for title, _url in suggested(client, "yanglao")] == ["养老公开场景"]


@pytest.mark.django_db
def test_suggest_drops_a_title_as_soon_as_it_is_unpublished(client, catalogue):
    assert "社区养老驿站" in [title for title, _url in suggested(client, "养老")]  # now cached
    catalogue["station"].unpublish()
    assert [title for title, _url in suggested(client, "养老")] == ["养老服务平台", "居家养老护理方案"]


@pytest.mark.django_db
@pytest.mark.parametrize("scenes", [20, 200])
def test_suggest_costs_the_same_few_queries_whatever_the_number_of_pages(
    client, scene_index, django_assert_max_num_queries, scenes
):
    for number in range(scenes):
        ScenePageFactory(parent=scene_index, title=f"养老场景{number:03d}", slug=f"care-{number:03d}")
    cache.clear()
    suggested(client, "数据")  # the process's first look-up of the page types' content types
    with django_assert_max_num_queries(5):
        assert len(suggested(client, "养老")) == 8
    with django_assert_max_num_queries(5):
        assert len(suggested(client, "ylcj")) == 8
    with django_assert_max_num_queries(0):  # asked again: from the cache
        assert len(suggested(client, "养老")) == 8


# --- “你是不是要找…” ------------------------------------------------------------------------------------


def did_you_mean(html):
    block = re.search(r'<div class="did-you-mean">(.*?)</div>', html, re.S)
    if block is None:
        return []
    return [
        (href, re.sub(r"<[^>]+>", "", text).strip())
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', block.group(1), re.S)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "社会养老驿站",
            [("?q=%E7%A4%BE%E5%8C%BA%E5%85%BB%E8%80%81%E9%A9%BF%E7%AB%99", "社区养老驿站")],
        ),  # a wrong word
        ("样老服务平台", [("?q=%E5%85%BB%E8%80%81%E6%9C%8D%E5%8A%A1%E5%B9%B3%E5%8F%B0", "养老服务平台")]),  # homophone
        ("zhihuimenzhem", [("?q=%E6%99%BA%E6%85%A7%E9%97%A8%E8%AF%8A%E9%A2%84%E7%BA%A6", "智慧门诊预约")]),  # typo
        ("济男", [("?q=%E6%B5%8E%E5%8D%97", "济南")]),  # a city, by sound
    ],
)
def test_site_search_without_results_suggests_close_titles_and_names(client, catalogue, query, expected):
    html = client.get("/search/", {"q": query}).content.decode()
    assert f"没有找到与“{query}”相关的内容" in html
    assert "你是不是要找：" in html
    assert did_you_mean(html) == expected


@pytest.mark.django_db
def test_site_search_suggests_nothing_for_a_query_far_from_everything(client, catalogue):
    html = client.get("/search/", {"q": "量子计算"}).content.decode()
    assert "你是不是要找" not in html


@pytest.mark.django_db
def test_scene_catalogue_without_results_suggests_a_city_filter_and_close_titles(client, catalogue):
    html = client.get("/scenes/", {"q": "济男"}).content.decode()
    assert "没有符合条件的结果。" in html
    assert did_you_mean(html) == [("?node=jinan", "城市/节点 济南")]
    html = client.get("/scenes/", {"q": "社会养老驿站"}).content.decode()
    # Titles of the catalogue only: the solution 居家养老护理方案 is not a scene.
    assert did_you_mean(html) == [("?q=%E7%A4%BE%E5%8C%BA%E5%85%BB%E8%80%81%E9%A9%BF%E7%AB%99", "社区养老驿站")]
