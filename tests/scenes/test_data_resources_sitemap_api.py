"""The data resources in the sitemap index (split into files so none passes the URL limit) and in
the API (/api/v2/data-resources/)."""

import xml.etree.ElementTree as ET

import pytest

from scenes.choices import Openness
from scenes.models import DataResource
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, city

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
pytestmark = pytest.mark.django_db


def locations(response):
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_splits_sections_into_files_of_the_configured_size(client, demo_site, settings):
    settings.SITEMAP_ITEMS_PER_FILE = 2  # two resources a file: four URLs (Chinese and English)
    DataResource.objects.bulk_create(
        [DataResource(name=f"资源{n}", slug=f"r{n}", department="省大数据局") for n in range(5)]
    )
    index = locations(client.get("/sitemap.xml"))
    data_files = [loc for loc in index if "sitemap-data" in loc]
    assert data_files == [
        "http://testserver/sitemap-data.xml",
        "http://testserver/sitemap-data.xml?p=2",
        "http://testserver/sitemap-data.xml?p=3",
    ]
    assert index[0] == "http://testserver/sitemap-pages.xml"
    first = locations(client.get("/sitemap-data.xml"))
    assert first == [
        "http://testserver/data/r0/",
        "http://testserver/data/r1/",
        "http://testserver/en/data/r0/",
        "http://testserver/en/data/r1/",
    ]
    assert locations(client.get("/sitemap-data.xml?p=3")) == [
        "http://testserver/data/r4/",
        "http://testserver/en/data/r4/",
    ]
    assert client.get("/sitemap-data.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_default_file_size_keeps_within_fifty_thousand_urls(settings):
    assert settings.SITEMAP_ITEMS_PER_FILE * len(settings.LANGUAGES) <= 50_000


def test_api_lists_resources_with_their_fields_and_use_counts(client, scene_index):
    resource = DataResourceFactory(
        name="户籍信息",
        slug="household",
        department="省公安厅",
        node=city("jinan"),
        openness=Openness.CONDITIONAL,
        portal_url="https://data.sd.example.gov.cn/catalogue/household",
    )
    resource.domains.set([DomainFactory(name="教育", slug="education")])
    DataResourceFactory(name="学籍信息", slug="student-status", department="省教育厅")
    ScenePageFactory(parent=scene_index, data_resources=[resource])
    ScenePageFactory(parent=scene_index, data_resources=[resource])
    ScenePageFactory(parent=scene_index, data_resources=[resource], live=False)
    listing = client.get("/api/v2/data-resources/", {"fields": "node,domains,portal_url,use_counts"}).json()
    assert listing["meta"]["total_count"] == 2
    first = listing["items"][0]
    assert first["slug"] == "household"
    assert first["name"] == "户籍信息"
    assert first["department"] == "省公安厅"
    assert first["openness"] == "conditional"
    assert first["node"] == {"name": "济南", "slug": "jinan", "kind": "city"}
    assert first["domains"] == [{"name": "教育", "slug": "education"}]
    assert first["portal_url"] == "https://data.sd.example.gov.cn/catalogue/household"
    assert first["html_url"] == "http://testserver/data/household/"
    assert first["use_counts"] == {"scenes": 2, "solutions": 0, "needs": 0}
    detail = client.get(f"/api/v2/data-resources/{resource.pk}/").json()
    assert detail["use_counts"] == {"scenes": 2, "solutions": 0, "needs": 0}
    filtered = client.get("/api/v2/data-resources/", {"openness": "conditional"}).json()
    assert [item["slug"] for item in filtered["items"]] == ["household"]
