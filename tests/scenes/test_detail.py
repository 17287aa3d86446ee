import datetime as dt
import re

import pytest

from scenes.choices import RecognitionLevel
from tests.scenes.factories import (
    DataResourceFactory,
    ImageFactory,
    ProviderFactory,
    ScenePageFactory,
    SolutionPageFactory,
    city,
    renders_images,
)

BODY = [
    {"type": "background", "value": {"heading": "", "content": [{"type": "paragraph", "value": "<p>跑腿多。</p>"}]}},
    {
        "type": "results",
        "value": {
            "heading": "看得见的成效",
            "content": [
                {"type": "key_figures", "value": [{"figure": "200", "unit": "万户", "description": "惠及家庭"}]},
            ],
        },
    },
]


@pytest.fixture
def enrolment(scene_index, solution_index, education):
    household = DataResourceFactory(name="户籍信息", slug="household", department="省公安厅")
    scene = ScenePageFactory(
        parent=scene_index,
        title="义务教育入学一网通办",
        slug="enrolment",
        node=city("jinan"),
        domains=[education],
        data_resources=[household],
        tags=["一网通办"],
        level=RecognitionLevel.NATIONAL,
        lead_department="省教育厅",
        launch_date=dt.date(2021, 8, 1),
        beneficiaries_count=2_000_000,
        beneficiaries_unit="户",
        beneficiaries_text="惠及全省 200 多万家庭",
        body=BODY,
        cover_image=ImageFactory(description="学生在线报名的示意图"),
    )
    provider = ProviderFactory(name="齐鲁数智科技有限公司", slug="qilu")
    SolutionPageFactory(
        parent=solution_index,
        title="招生入学一体化平台",
        slug="enrolment-platform",
        provider=provider,
        domains=[education],
        reference_scenes=[scene],
        is_excellent=True,
    )
    return scene


@renders_images
@pytest.mark.django_db
def test_scene_page_shows_facts_sections_and_links_into_the_catalogue(client, enrolment):
    response = client.get("/scenes/enrolment/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>义务教育入学一网通办</h1>" in html
    assert '<span class="badge badge-national">国家推广</span>' in html
    assert '<a href="/scenes/city/jinan/">济南</a>' in html
    assert '<a class="card-domain" href="/scenes/domain/education/">教育</a>' in html
    assert '<a href="/data/household/">户籍信息</a> <span class="meta">省公安厅</span>' in html
    assert "<strong>200 万<small> 户</small></strong><span>惠及全省 200 多万家庭</span>" in html
    assert '<section id="background" class="scene-section"><h2>背景</h2>' in html
    assert "<h2>看得见的成效</h2>" in html
    assert [label for _anchor, label in enrolment.sections] == ["背景", "看得见的成效"]


@renders_images
@pytest.mark.django_db
def test_scene_page_cover_is_a_picture_with_avif_and_webp_and_the_description_as_alt(client, enrolment):
    html = client.get("/scenes/enrolment/").content.decode()
    assert 'type="image/avif"' in html
    assert 'type="image/webp"' in html
    assert ".format-avif.fill-800x450.avif" in html
    assert 'alt="学生在线报名的示意图"' in html


@renders_images
@pytest.mark.django_db
def test_scene_page_has_canonical_and_open_graph_tags(client, enrolment):
    html = client.get("/scenes/enrolment/").content.decode()
    assert '<link rel="canonical" href="http://testserver/scenes/enrolment/">' in html
    assert '<meta property="og:title" content="义务教育入学一网通办">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image:alt" content="学生在线报名的示意图">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+\.fill-1200x630\.', html)
    assert html.count('rel="canonical"') == 1


@renders_images
@pytest.mark.django_db
def test_scene_and_solution_show_their_relation_on_both_pages(client, enrolment):
    scene_html = client.get("/scenes/enrolment/").content.decode()
    assert '<a href="/solutions/enrolment-platform/">招生入学一体化平台</a>' in scene_html
    solution_html = client.get("/solutions/enrolment-platform/").content.decode()
    assert '<a href="/scenes/enrolment/">义务教育入学一网通办</a>' in solution_html
    assert '<a href="/solutions/provider/qilu/">齐鲁数智科技有限公司</a>' in solution_html
    assert '<span class="badge badge-excellent">优秀解决方案</span>' in solution_html


@pytest.mark.django_db
def test_provider_landing_lists_that_providers_solutions(client, enrolment, solution_index):
    SolutionPageFactory(parent=solution_index, title="别家的方案")
    response = client.get("/solutions/provider/qilu/")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["招生入学一体化平台"]
    assert response.context["listing"].title == "齐鲁数智科技有限公司 的解决方案"


@pytest.mark.django_db
def test_solution_listing_filters_excellent_solutions(client, enrolment, solution_index):
    SolutionPageFactory(parent=solution_index, title="普通方案")
    response = client.get("/solutions/?excellent=1")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["招生入学一体化平台"]


@pytest.mark.django_db
def test_scene_page_lists_more_scenes_of_the_same_city_only(client, scene_index, education):
    ScenePageFactory(parent=scene_index, title="济南一", slug="j1", node=city("jinan"), launch_date=dt.date(2020, 1, 1))
    ScenePageFactory(parent=scene_index, title="济南二", slug="j2", node=city("jinan"), launch_date=dt.date(2022, 1, 1))
    ScenePageFactory(parent=scene_index, title="青岛一", slug="q1", node=city("qingdao"))
    response = client.get("/scenes/j1/")
    assert [s.title for s in response.context["more_from_node"]] == ["济南二"]
