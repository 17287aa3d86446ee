import datetime as dt

import pytest

from scenes.choices import RecognitionLevel
from tests.scenes.factories import DataResourceFactory, ScenePageFactory, city


def titles(response):
    return [scene.title for scene in response.context["listing"].page_obj.object_list]


def facet(response, key):
    """{option label: (count, selected)} of one facet."""
    for f, options in response.context["listing"].facets:
        if f.key == key:
            return {option.label: (option.count, option.selected) for option in options}
    raise AssertionError(f"no facet {key}")


@pytest.fixture
def catalogue(scene_index, education, elderly_care):
    household = DataResourceFactory(name="户籍信息", slug="household", department="省公安厅")
    ScenePageFactory(
        parent=scene_index,
        title="济南入学一网通办",
        slug="jinan-enrolment",
        node=city("jinan"),
        domains=[education],
        data_resources=[household],
        tags=["一网通办"],
        level=RecognitionLevel.TYPICAL,
        launch_date=dt.date(2021, 8, 1),
        beneficiaries_count=2_000_000,
    )
    ScenePageFactory(
        parent=scene_index,
        title="青岛入学一网通办",
        slug="qingdao-enrolment",
        node=city("qingdao"),
        domains=[education],
        data_resources=[household],
        tags=["一网通办"],
        launch_date=dt.date(2022, 3, 1),
        beneficiaries_count=300_000,
    )
    ScenePageFactory(
        parent=scene_index,
        title="济南老年助餐",
        slug="jinan-meals",
        node=city("jinan"),
        domains=[elderly_care],
        tags=["助餐"],
        launch_date=dt.date(2023, 5, 1),
        beneficiaries_count=50_000,
    )
    ScenePageFactory(
        parent=scene_index,
        title="淄博独居老人预警",
        slug="zibo-alert",
        node=city("zibo"),
        domains=[elderly_care],
        launch_date=dt.date(2024, 1, 1),
        beneficiaries_count=None,
        level=RecognitionLevel.NATIONAL,
    )
    return scene_index


@pytest.mark.django_db
def test_scene_listing_sorts_newest_first_by_default(client, catalogue):
    response = client.get("/scenes/")
    assert response.status_code == 200
    assert titles(response) == ["淄博独居老人预警", "济南老年助餐", "青岛入学一网通办", "济南入学一网通办"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("beneficiaries", ["济南入学一网通办", "青岛入学一网通办", "济南老年助餐", "淄博独居老人预警"]),
        ("title", sorted(["淄博独居老人预警", "济南老年助餐", "青岛入学一网通办", "济南入学一网通办"])),
        # Unknown values fall back to the default order and never reach order_by().
        ("-page_ptr__owner__password", ["淄博独居老人预警", "济南老年助餐", "青岛入学一网通办", "济南入学一网通办"]),
    ],
)
def test_scene_listing_sort_parameter_orders_known_keys_only(client, catalogue, sort, expected):
    assert titles(client.get("/scenes/", {"sort": sort})) == expected


@pytest.mark.django_db
def test_scene_listing_repeated_node_parameters_are_alternatives(client, catalogue):
    response = client.get("/scenes/?node=jinan&node=qingdao")
    assert titles(response) == ["济南老年助餐", "青岛入学一网通办", "济南入学一网通办"]


@pytest.mark.django_db
def test_scene_listing_facets_combine_with_and(client, catalogue):
    response = client.get("/scenes/?node=jinan&domain=education")
    assert titles(response) == ["济南入学一网通办"]


@pytest.mark.django_db
def test_scene_listing_facet_counts_reflect_the_other_active_filters(client, catalogue):
    response = client.get("/scenes/?node=jinan&domain=education")
    # City counts are taken with the domain filter only: Jinan and Qingdao each have one education scene.
    # 淄博 has no education scene: a zero count and not selected, so it is not offered.
    assert facet(response, "node") == {"济南": (1, True), "青岛": (1, False)}
    # Domain counts are taken with the city filter only: both of Jinan's domains.
    assert facet(response, "domain") == {"教育": (1, True), "智慧养老": (1, False)}
    assert facet(response, "level") == {"典型场景": (1, False)}
    assert facet(response, "year") == {"2021": (1, False)}


@pytest.mark.django_db
def test_scene_listing_lists_only_options_in_use(client, catalogue):
    response = client.get("/scenes/")
    assert list(facet(response, "node")) == ["济南", "青岛", "淄博"]
    assert facet(response, "level") == {"入库场景": (2, False), "典型场景": (1, False), "国家推广": (1, False)}
    assert facet(response, "year") == {"2024": (1, False), "2023": (1, False), "2022": (1, False), "2021": (1, False)}
    assert facet(response, "resource") == {"户籍信息": (2, False)}
    assert facet(response, "tag") == {"一网通办": (2, False), "助餐": (1, False)}


@pytest.mark.django_db
def test_scene_listing_facet_links_toggle_one_option_and_keep_the_rest(client, catalogue):
    response = client.get("/scenes/?node=jinan&domain=education&page=1")
    node_links = {o.label: o.url for f, opts in response.context["listing"].facets if f.key == "node" for o in opts}
    assert node_links["青岛"] == "?node=jinan&node=qingdao&domain=education"
    assert node_links["济南"] == "?domain=education"


@pytest.mark.django_db
def test_scene_listing_filters_by_tag_resource_level_and_year(client, catalogue):
    assert titles(client.get("/scenes/?tag=助餐")) == ["济南老年助餐"]
    assert titles(client.get("/scenes/?resource=household")) == ["青岛入学一网通办", "济南入学一网通办"]
    assert titles(client.get("/scenes/?level=national&level=typical")) == ["淄博独居老人预警", "济南入学一网通办"]
    assert titles(client.get("/scenes/?year=2023")) == ["济南老年助餐"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["level=bogus", "year=20x1", "year=99999"])
def test_scene_listing_ignores_malformed_filter_values(client, catalogue, query):
    assert len(titles(client.get(f"/scenes/?{query}"))) == 4


@pytest.mark.django_db
def test_scene_listing_full_text_query_finds_chinese_words(client, catalogue):
    response = client.get("/scenes/", {"q": "助餐"})
    assert titles(response) == ["济南老年助餐"]
    assert [(a.label, a.value_label) for a in response.context["listing"].active_filters] == [("关键词", "助餐")]


@pytest.mark.django_db
def test_scene_listing_empty_state_links_remove_each_active_filter(client, catalogue):
    response = client.get("/scenes/?node=zibo&domain=education")
    html = response.content.decode()
    assert titles(response) == []
    assert "没有符合条件的结果。" in html
    assert [(a.value_label, a.remove_url) for a in response.context["listing"].active_filters] == [
        ("淄博", "?domain=education"),
        ("教育", "?node=zibo"),
    ]
    assert 'href="?domain=education"' in html
    assert "去掉“城市/节点：淄博”" in html


@pytest.mark.django_db
def test_scene_listing_paginates_with_elided_range_keeping_filters(client, scene_index, education):
    for number in range(30):
        ScenePageFactory(
            parent=scene_index, domains=[education], launch_date=dt.date(2020, 1, 1) + dt.timedelta(days=number)
        )
    response = client.get("/scenes/?domain=education&page=2")
    listing = response.context["listing"]
    assert listing.page_obj.number == 2
    assert listing.total == 30
    assert [str(n) for n in listing.page_range] == ["1", "2", "3"]
    html = response.content.decode()
    assert 'href="?domain=education&amp;page=3"' in html
    assert 'href="?domain=education&amp;page=1" rel="prev"' in html


@pytest.mark.django_db
def test_scene_listing_cards_show_city_domain_level_and_figure(client, catalogue):
    html = client.get("/scenes/?node=jinan&domain=education").content.decode()
    assert '<span class="card-city">济南</span><span class="card-domain">教育</span>' in html
    assert '<span class="badge badge-typical">典型场景</span>' in html
    assert "受益 200 万人" in html


@pytest.mark.django_db
def test_city_landing_page_lists_that_city_with_its_own_title(client, catalogue):
    response = client.get("/scenes/city/jinan/")
    assert response.status_code == 200
    assert titles(response) == ["济南老年助餐", "济南入学一网通办"]
    assert response.context["listing"].title == "济南 应用场景"
    assert "<h1>济南 应用场景</h1>" in response.content.decode()
    assert "node" not in [f.key for f, _options in response.context["listing"].facets]


@pytest.mark.django_db
def test_domain_landing_page_keeps_other_facets_working(client, catalogue):
    response = client.get("/scenes/domain/elderly-care/?node=zibo")
    assert titles(response) == ["淄博独居老人预警"]
    assert facet(response, "node") == {"济南": (1, False), "淄博": (1, True)}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/scenes/city/atlantis/", "/scenes/domain/nothing/"])
def test_landing_page_for_unknown_slug_is_not_found(client, catalogue, url):
    assert client.get(url).status_code == 404
