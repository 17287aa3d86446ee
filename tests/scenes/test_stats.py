"""Scene statistics: counted from the database, cached, refreshed when showcase content changes."""

import datetime as dt
import re

import pytest
from wagtail.models import PageViewRestriction

from cms.registry import home_figures
from scenes.choices import RecognitionLevel
from scenes.models import ScenePage
from scenes.stats import scene_statistics, showcase_figures
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city


def publish(page):
    page.save_revision().publish()
    return page


def table_rows(html, caption):
    """(label, value) of each body row of the table with ``caption``."""
    table = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</th><td>(\d+)</td></tr>', table)
    return [(label, int(value)) for label, value in rows]


@pytest.fixture
def scenes(scene_index, education, elderly_care):
    return [
        publish(
            ScenePageFactory(
                parent=scene_index, node=city("jinan"), domains=[education], launch_date=dt.date(2022, 3, 1)
            )
        ),
        publish(
            ScenePageFactory(
                parent=scene_index,
                node=city("jinan"),
                domains=[education, elderly_care],
                launch_date=dt.date(2024, 9, 1),
                level=RecognitionLevel.TYPICAL,
            )
        ),
        publish(
            ScenePageFactory(
                parent=scene_index,
                node=city("qingdao"),
                domains=[elderly_care],
                launch_date=None,
                level=RecognitionLevel.NATIONAL,
            )
        ),
    ]


@pytest.mark.django_db
def test_scene_statistics_count_by_city_domain_year_and_level(scenes):
    stats = scene_statistics()
    by_city = [(row.label, row.value) for row in stats["by_city"]]
    assert len(by_city) == 16
    assert by_city[:3] == [("济南", 2), ("青岛", 1), ("淄博", 0)]
    assert sum(value for _label, value in by_city) == 3
    assert [(row.label, row.value) for row in stats["by_domain"]] == [("教育", 2), ("智慧养老", 2)]
    assert [(row.label, row.value, row.key) for row in stats["by_year"]] == [
        ("2022", 1, "2022"),
        ("2023", 0, "2023"),
        ("2024", 1, "2024"),
    ]
    assert stats["undated"] == 1
    assert [(row.label, row.value) for row in stats["by_level"]] == [("入库场景", 1), ("典型场景", 1), ("国家推广", 1)]
    assert (stats["total"], stats["other_nodes"]) == (3, 0)


@pytest.mark.django_db
def test_showcase_figures_count_only_visible_pages(scene_index, solution_index, scenes):
    ScenePageFactory(parent=scene_index, node=city("zibo"), live=False, title="草稿场景")
    private = publish(ScenePageFactory(parent=scene_index, node=city("weihai"), level=RecognitionLevel.TYPICAL))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    publish(SolutionPageFactory(parent=solution_index, is_excellent=True))
    publish(SolutionPageFactory(parent=solution_index))
    assert showcase_figures() == {
        "scenes": 3,
        "typical": 2,
        "national": 1,
        "cities": 2,
        "city_total": 16,
        "solutions": 2,
        "excellent": 1,
    }


@pytest.mark.django_db
def test_statistics_page_has_svg_charts_and_data_tables_for_all_cities(client, scenes):
    response = client.get("/scenes/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="bar-chart"') == 4
    assert '<title id="chart-city-title">各市应用场景数量</title>' in html
    assert 'aria-labelledby="chart-city-title chart-city-desc"' in html
    assert "合计 3，最多的是济南（2）。各项数字见旁边的表格。" in html
    assert '<th scope="col">城市</th><th scope="col">场景数</th>' in html
    city_rows = table_rows(html, "各市应用场景数量")
    assert len(city_rows) == 16
    assert city_rows[:3] == [("济南", 2), ("青岛", 1), ("淄博", 0)]
    assert '<th scope="row"><a href="/scenes/?node=jinan">济南</a></th><td>2</td>' in html
    # A zero row keeps its label, has no bar and no link to an empty listing.
    assert '<th scope="row">淄博</th><td>0</td>' in html
    assert table_rows(html, "各年度上线场景数量") == [("2022", 1), ("2023", 0), ("2024", 1)]
    assert "1 个场景未填写上线日期。" in html
    assert table_rows(html, "各认定级别场景数量") == [("入库场景", 1), ("典型场景", 1), ("国家推广", 1)]
    assert table_rows(html, "各领域应用场景数量") == [("教育", 2), ("智慧养老", 2)]


@pytest.mark.django_db
def test_statistics_page_draws_one_bar_per_non_zero_row(client, scenes):
    html = client.get("/scenes/statistics/").content.decode()
    city_svg = html.split('<svg class="bar-chart"', 2)[1]
    assert city_svg.count('<g class="bar-row">') == 16
    assert city_svg.count("<rect ") == 2
    # The largest value fills the bar area; others scale to it.
    assert 'width="400.0" height="18"' in city_svg
    assert 'width="200.0" height="18"' in city_svg


@pytest.mark.django_db
def test_statistics_page_is_not_shadowed_by_the_scene_index_routes(client, scene_index):
    response = client.get("/scenes/statistics/")
    assert response.status_code == 200
    assert "还没有已发布的应用场景。" in response.content.decode()


@pytest.mark.django_db
def test_statistics_are_cached_until_a_scene_is_published(client, scene_index, scenes):
    assert table_rows(client.get("/scenes/statistics/").content.decode(), "各认定级别场景数量")[0] == ("入库场景", 1)
    # Changed behind Django's back (one SQL UPDATE, no signal): the cached figures stay.
    ScenePage.objects.update(level=RecognitionLevel.LISTED)
    assert scene_statistics()["by_level"][0].value == 1  # the database now says 3
    assert table_rows(client.get("/scenes/statistics/").content.decode(), "各认定级别场景数量")[0] == ("入库场景", 1)
    publish(ScenePageFactory(parent=scene_index, node=city("yantai")))
    assert scene_statistics()["total"] == 4
    assert table_rows(client.get("/scenes/statistics/").content.decode(), "各认定级别场景数量")[0] == ("入库场景", 4)


@pytest.mark.django_db
def test_statistics_refresh_when_a_scene_is_unpublished(scenes):
    assert scene_statistics()["total"] == 3
    scenes[1].unpublish()
    assert scene_statistics()["total"] == 2
    assert showcase_figures()["typical"] == 1


@pytest.mark.django_db
def test_statistics_refresh_when_a_scene_is_deleted(scenes):
    assert showcase_figures()["cities"] == 2
    scenes[2].delete()
    assert showcase_figures()["cities"] == 1
    assert [row.value for row in scene_statistics()["by_city"][:2]] == [2, 0]


@pytest.mark.django_db
def test_statistics_refresh_when_a_page_becomes_private(scenes):
    assert scene_statistics()["total"] == 3
    PageViewRestriction.objects.create(page=scenes[0], restriction_type=PageViewRestriction.LOGIN)
    assert scene_statistics()["total"] == 2


@pytest.mark.django_db
def test_statistics_refresh_when_a_domain_is_renamed(scenes, education):
    assert scene_statistics()["by_domain"][0].label == "教育"
    education.name = "教育入学"
    education.save()
    assert scene_statistics()["by_domain"][0].label == "教育入学"


@pytest.mark.django_db
def test_home_page_shows_live_figures_and_the_statistics_link(client, solution_index, scenes):
    publish(SolutionPageFactory(parent=solution_index, title="学位预警分析平台"))
    html = client.get("/").content.decode()
    assert '<div class="stat-tile"><strong>3<small> 个</small></strong><span>应用场景</span></div>' in html
    assert '<div class="stat-tile"><strong>2<small> 个</small></strong><span>典型场景</span></div>' in html
    assert '<div class="stat-tile"><strong>1<small> 个</small></strong><span>解决方案</span></div>' in html
    assert '<div class="stat-tile"><strong>2<small> / 16 市</small></strong><span>覆盖城市</span></div>' in html
    assert '<a href="/scenes/statistics/">查看应用场景统计</a>' in html


@pytest.mark.django_db
def test_home_page_shows_figures_other_apps_register(client, monkeypatch, scenes):
    def participants(request):
        return [{"figure": "14,000", "unit": "人", "caption": "大赛参赛人数"}]

    monkeypatch.setitem(home_figures._entries, "test_participants", (50, participants))
    html = client.get("/").content.decode()
    assert '<div class="stat-tile"><strong>14,000<small> 人</small></strong><span>大赛参赛人数</span></div>' in html
    assert html.index("<span>覆盖城市</span>") < html.index("<span>大赛参赛人数</span>")


@pytest.mark.django_db
def test_home_page_features_typical_scenes_and_newest_solutions(client, scene_index, solution_index, scenes):
    publish(SolutionPageFactory(parent=solution_index, title="旧方案"))
    publish(SolutionPageFactory(parent=solution_index, title="新方案"))
    ScenePageFactory(
        parent=scene_index, node=city("rizhao"), level=RecognitionLevel.TYPICAL, title="典型草稿", live=False
    )
    html = client.get("/").content.decode()
    featured = html.split('id="home-typical-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', featured) == [scenes[1].title, scenes[2].title]
    solutions = html.split('id="home-solutions-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', solutions) == ["新方案", "旧方案"]
    assert '<a href="/scenes/?level=typical&amp;level=national">查看全部典型场景</a>' in html


@pytest.mark.django_db
def test_home_page_featured_scenes_refresh_on_publish(client, scene_index, scenes):
    assert "新的典型场景" not in client.get("/").content.decode()
    publish(
        ScenePageFactory(
            parent=scene_index, title="新的典型场景", level=RecognitionLevel.TYPICAL, launch_date=dt.date(2025, 1, 1)
        )
    )
    assert "新的典型场景" in client.get("/").content.decode()
