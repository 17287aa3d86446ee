"""Chinese search over scenes and solutions: the site search and the catalogues' ?q= share cms.search."""

import re

import pytest

from cms.search import search_pages
from scenes.models import ScenePage, SolutionPage
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city


def publish(page):
    page.save_revision().publish()
    return page


def section(kind, html):
    return {"type": kind, "value": {"heading": "", "content": [{"type": "paragraph", "value": html}]}}


@pytest.fixture
def library(scene_index, solution_index, elderly_care):
    enrolment = publish(
        ScenePageFactory(
            parent=scene_index,
            title="义务教育入学一网通办",
            summary="通过共享户籍、房产和社保数据实现入学网上报名，惠及200多万家庭。",
            body=[section("approach", "<p>学籍系统与不动产登记信息自动比对，家长无需提交纸质证明。</p>")],
            node=city("jinan"),
        )
    )
    care = publish(
        ScenePageFactory(
            parent=scene_index,
            title="独居老人智能守护",
            summary="依托5G网络和水电用量数据，及时发现独居老人异常情况。",
            body=[section("results", "<p>2024年在全市推广，累计预警3000余次。</p>")],
            node=city("qingdao"),
            domains=[elderly_care],
        )
    )
    platform = publish(
        SolutionPageFactory(
            parent=solution_index,
            title="社区养老服务平台",
            summary="面向街道和社区的养老服务一体化平台。",
            capabilities=[
                {
                    "type": "capability",
                    "value": {"title": "适老化改造评估", "description": "按老人健康档案生成改造建议。"},
                }
            ],
        )
    )
    return {"enrolment": enrolment, "care": care, "platform": platform}


def titles(results):
    return sorted(page.title for page in results)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("户籍", ["义务教育入学一网通办"]),  # middle of a summary
        ("不动产登记", ["义务教育入学一网通办"]),  # StreamField section of the body
        ("纸质证明", ["义务教育入学一网通办"]),
        ("预警", ["独居老人智能守护"]),  # body, next to a number
        ("5G 独居老人", ["独居老人智能守护"]),
        ("2024年 推广", ["独居老人智能守护"]),
        ("老人", ["独居老人智能守护", "社区养老服务平台"]),  # a solution's capability block
        ("适老化", ["社区养老服务平台"]),
        ("智慧养老", ["独居老人智能守护"]),  # the scene's domain name
        ("城市大脑", []),
    ],
)
def test_search_finds_scenes_and_solutions_by_words_inside_their_text(library, query, expected):
    scenes_and_solutions = list(search_pages(ScenePage.objects.live(), query)) + list(
        search_pages(SolutionPage.objects.live(), query)
    )
    assert titles(scenes_and_solutions) == expected


@pytest.mark.django_db
def test_scene_catalogue_query_uses_the_chinese_search_layer(client, library):
    html = client.get("/scenes/", {"q": "户籍"}).content.decode()
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html) == ["义务教育入学一网通办"]


@pytest.mark.django_db
def test_site_search_labels_scenes_and_solutions(client, library):
    html = client.get("/search/", {"q": "老人"}).content.decode()
    labels = re.findall(r'<span class="badge">([^<]+)</span>\s*<h2><a href="[^"]+">(.+?)</a></h2>', html)
    assert sorted(labels) == [("应用场景", "独居<mark>老人</mark>智能守护"), ("解决方案", "社区养老服务平台")]
    assert "找到 2 条与“老人”相关的结果" in html


@pytest.mark.django_db
def test_site_search_snippet_comes_from_the_matching_body_section(client, library):
    html = client.get("/search/", {"q": "纸质证明"}).content.decode()
    assert "家长无需提交<mark>纸质证明</mark>。" in html
