"""Reach: feeds of new scenes, the sitemap, the API and the meta tags, never showing drafts."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page, PageViewRestriction

from scenes.choices import RecognitionLevel
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own response, not untrusted input


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def showcase(scene_index, solution_index, education):
    older = publish(
        ScenePageFactory(
            parent=scene_index,
            title="入学一网通办",
            slug="enrolment",
            summary="共享户籍和房产数据，入学网上报名。",
            node=city("jinan"),
            domains=[education],
            lead_department="济南市教育局",
            launch_date=dt.date(2023, 8, 1),
        )
    )
    newer = publish(
        ScenePageFactory(
            parent=scene_index,
            title="助企纾困直达",
            slug="business-aid",
            node=city("qingdao"),
            level=RecognitionLevel.TYPICAL,
        )
    )
    draft = ScenePageFactory(parent=scene_index, title="未发布的草稿场景", slug="draft-scene", live=False)
    solution = publish(SolutionPageFactory(parent=solution_index, title="学位预警平台", slug="school-places"))
    return {"older": older, "newer": newer, "draft": draft, "solution": solution}


@pytest.mark.django_db
def test_rss_feed_lists_published_scenes_newest_first(client, showcase):
    response = client.get("/scenes/feed/rss/")
    channel = parse_xml(response.content).find("channel")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert channel.findtext("title") == "数用 · 最新应用场景"
    assert channel.findtext("language") == "zh-CN"
    assert channel.findtext("link") == "http://testserver/scenes/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["助企纾困直达", "入学一网通办"]
    older = items[1]
    assert older.findtext("link") == "http://testserver/scenes/enrolment/"
    assert older.findtext("description") == "共享户籍和房产数据，入学网上报名。"
    assert [category.text for category in older.findall("category")] == ["济南", "教育"]


@pytest.mark.clock
@pytest.mark.django_db
def test_atom_feed_lists_published_scenes_with_dates(client, showcase):
    response = client.get("/scenes/feed/atom/")
    feed = parse_xml(response.content)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["助企纾困直达", "入学一网通办"]
    assert entries[1].find(f"{ATOM}link").get("href") == "http://testserver/scenes/enrolment/"
    assert entries[1].findtext(f"{ATOM}author/{ATOM}name") == "济南市教育局"
    showcase["older"].refresh_from_db()
    published = showcase["older"].first_published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    assert entries[1].findtext(f"{ATOM}published").startswith(published)


@pytest.mark.django_db
def test_feeds_never_show_drafts_or_private_scenes(client, showcase):
    PageViewRestriction.objects.create(page=showcase["newer"], restriction_type=PageViewRestriction.LOGIN)
    rss = client.get("/scenes/feed/rss/").content.decode()
    assert "未发布的草稿场景" not in rss
    assert "助企纾困直达" not in rss
    assert "入学一网通办" in rss


@pytest.mark.django_db
def test_feed_refreshes_when_a_scene_is_published(client, scene_index, showcase):
    assert "新上线的场景" not in client.get("/scenes/feed/rss/").content.decode()
    publish(ScenePageFactory(parent=scene_index, title="新上线的场景", slug="fresh"))
    assert "新上线的场景" in client.get("/scenes/feed/rss/").content.decode()


@pytest.mark.django_db
def test_every_page_links_to_the_feeds(client, showcase):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="最新应用场景（RSS）" href="/scenes/feed/rss/">' in html
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="最新应用场景（Atom）" href="/scenes/feed/atom/">'
        in html
    )


@pytest.mark.django_db
def test_home_page_has_canonical_and_open_graph_tags(client, demo_site):
    html = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in html
    assert '<meta property="og:url" content="http://testserver/">' in html
    assert '<meta property="og:title" content="数用 · 公共数据应用展示与创新大赛">' in html
    assert (
        '<meta property="og:description" content="全省公共数据应用场景库、解决方案库与数据应用创新创业大赛。">' in html
    )
    assert '<meta property="og:site_name" content="数用">' in html


@pytest.mark.clock
@pytest.mark.django_db
def test_sitemap_lists_scenes_and_solutions_with_lastmod_but_no_drafts(client, showcase):
    # lastmod is the Beijing date: 16:30 UTC is already the next day in Beijing, 15:30 UTC is not.
    Page.objects.filter(pk=showcase["older"].pk).update(
        last_published_at=dt.datetime(2026, 12, 6, 16, 30, tzinfo=dt.UTC)
    )
    Page.objects.filter(pk=showcase["solution"].pk).update(
        last_published_at=dt.datetime(2026, 12, 6, 15, 30, tzinfo=dt.UTC)
    )
    # /sitemap.xml is the index; the pages are in its "pages" section.
    index = [loc.text for loc in parse_xml(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-pages.xml" in index
    response = client.get("/sitemap-pages.xml")
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in parse_xml(response.content).findall(f"{SITEMAP}url")
    }
    assert urls["http://testserver/scenes/enrolment/"] == "2026-12-07"
    assert urls["http://testserver/solutions/school-places/"] == "2026-12-06"
    assert "http://testserver/scenes/business-aid/" in urls
    assert "http://testserver/scenes/draft-scene/" not in urls
    # And once more in English, under /en/.
    assert urls["http://testserver/en/scenes/enrolment/"] == "2026-12-07"
    assert "http://testserver/en/scenes/draft-scene/" not in urls


@pytest.mark.django_db
def test_api_lists_scenes_with_their_public_fields(client, showcase):
    response = client.get(
        "/api/v2/pages/", {"type": "scenes.ScenePage", "fields": "summary,node,domains,level,lead_department"}
    )
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["入学一网通办", "助企纾困直达"]
    assert items[0]["summary"] == "共享户籍和房产数据，入学网上报名。"
    assert items[0]["node"] == {"name": "济南", "slug": "jinan", "kind": "city"}
    assert items[0]["domains"] == [{"name": "教育", "slug": "education"}]
    assert (items[0]["level"], items[0]["lead_department"]) == ("listed", "济南市教育局")


@pytest.mark.django_db
def test_api_shows_a_solution_without_its_contact_person(client, showcase):
    solution = showcase["solution"]
    data = client.get(f"/api/v2/pages/{solution.pk}/").json()
    assert data["title"] == "学位预警平台"
    assert data["provider"]["slug"] == solution.provider.slug
    assert data["reference_scenes"] == []
    assert "contact_phone" not in data
    assert "contact_name" not in data


@pytest.mark.django_db
def test_api_never_shows_a_draft(client, showcase):
    draft = showcase["draft"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    listing = client.get("/api/v2/pages/", {"type": "scenes.ScenePage", "limit": 20}).json()
    assert listing["meta"]["total_count"] == 2
    assert draft.pk not in [item["id"] for item in listing["items"]]


@pytest.mark.django_db
def test_api_lists_only_published_reference_scenes_of_a_solution(client, showcase):
    solution = showcase["solution"]
    solution.reference_scenes.set([showcase["older"], showcase["draft"]])
    publish(solution)
    data = client.get(f"/api/v2/pages/{solution.pk}/").json()
    assert data["reference_scenes"] == [{"id": showcase["older"].pk, "title": "入学一网通办"}]
    assert "未发布的草稿场景" not in client.get(f"/api/v2/pages/{solution.pk}/").content.decode()


def _api_queries(client, page_type):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"type": page_type, "fields": "*", "limit": 20}
    client.get("/api/v2/pages/", query)  # the site's root paths, cached once per publish
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v2/pages/", query)
    assert response.status_code == 200
    return [q["sql"][:120] for q in queries.captured_queries], response.json()["items"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_type", ["scenes.ScenePage", "scenes.SolutionPage"])
def test_api_listing_with_every_field_takes_the_same_queries_for_more_pages(
    client, showcase, scene_index, solution_index, education, page_type
):
    few, items = _api_queries(client, page_type)
    for n in range(6):
        scene = publish(
            ScenePageFactory(parent=scene_index, slug=f"more-{n}", domains=[education], tags=["一网通办", "养老"])
        )
        solution = SolutionPageFactory(parent=solution_index, slug=f"more-solution-{n}", tags=["平台"])
        solution.reference_scenes.set([scene, showcase["draft"]])
        publish(solution)
    many, items = _api_queries(client, page_type)
    assert len(items) >= 7
    assert many == few
    if page_type == "scenes.ScenePage":
        assert items[-1]["tags"] == sorted(["一网通办", "养老"])
        assert items[-1]["domains"] == [{"name": "教育", "slug": "education"}]
    else:
        # The prefetched reference scenes are still only the published ones.
        assert [ref["title"] for ref in items[-1]["reference_scenes"]] == [scene.title]
        assert items[-1]["tags"] == ["平台"]


@pytest.mark.django_db
def test_feed_and_sitemap_links_name_the_configured_site(client, showcase, settings):
    settings.SITE_URL = "https://shuyong.example.cn"
    channel = parse_xml(client.get("/scenes/feed/rss/").content).find("channel")
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>https://shuyong.example.cn/sitemap-pages.xml</loc>" in client.get("/sitemap.xml").content.decode()
    assert channel.findtext("link") == "https://shuyong.example.cn/scenes/"
    assert channel.findall("item")[1].findtext("link") == "https://shuyong.example.cn/scenes/enrolment/"
    assert "<loc>https://shuyong.example.cn/scenes/enrolment/</loc>" in sitemap
