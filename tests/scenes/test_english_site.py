"""The showcase on the English site (/en/): English chrome, titles, taxonomy names, dates and
figures; the scenes themselves stay Chinese with a note; links stay under /en/; and no cache ever
answers one language with the other's HTML."""

import datetime as dt
import re

import pytest
from django.conf import settings

from scenes.models import Domain
from tests.scenes.factories import ScenePageFactory, city

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def english_index(scene_index):
    scene_index.title_en = "Application scenes"
    scene_index.introduction = "全省应用场景。"
    scene_index.save_revision().publish()
    return scene_index


@pytest.fixture
def scene(english_index):
    elderly = Domain.objects.create(name="智慧养老", name_en="Smart Elderly Care", slug="elderly-care")
    page = ScenePageFactory(
        parent=english_index,
        title="独居老人智慧养老关怀",
        slug="elderly-alone",
        node=city("jinan"),
        launch_date=dt.date(2026, 3, 5),
        beneficiaries_count=1_500_000,
    )
    page.domains.add(elderly)
    return publish(page)


def hrefs(html):
    return re.findall(r'href="([^"]+)"', html)


def test_english_catalogue_has_english_menu_title_city_and_domain_names(client, scene):
    html = client.get("/en/scenes/").content.decode()
    assert '<html lang="en">' in html
    assert '<a href="/en/scenes/" aria-current="page">Application scenes</a>' in html
    assert "<h1>Application scenes</h1>" in html
    assert '<p class="lead" lang="zh-Hans">全省应用场景。</p>' in html  # no English introduction yet
    assert '<span class="card-city">Jinan</span>' in html
    assert '<span class="card-domain">Smart Elderly Care</span>' in html
    assert '<span class="facet-label">Jinan</span>' in html
    assert '<span class="facet-label">Listed scene</span>' in html
    # The scene itself is Chinese, and says so to screen readers.
    assert '<h3 lang="zh-Hans"><a href="/en/scenes/elderly-alone/">独居老人智慧养老关怀</a></h3>' in html
    assert "济南" not in html


def test_chinese_catalogue_stays_chinese_with_an_english_cookie_and_browser(client, scene):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/scenes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "<h1>应用场景</h1>" in html
    assert '<span class="card-city">济南</span>' in html
    assert '<span class="facet-label">智慧养老</span>' in html
    assert "Jinan" not in html


def test_switcher_keeps_the_filters_in_both_directions(client, scene):
    chinese = client.get("/scenes/", {"node": "jinan"}).content.decode()
    assert '<a href="/en/scenes/?node=jinan" hreflang="en" lang="en">English</a>' in chinese
    english = client.get("/en/scenes/", {"node": "jinan"}).content.decode()
    assert '<a href="/scenes/?node=jinan" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in english
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/scenes/?node=jinan">' in chinese


def test_links_from_english_pages_stay_under_en(client, scene):
    html = client.get("/en/scenes/").content.decode()
    page_links = [h for h in hrefs(html) if h.startswith("/") and not h.startswith("/static/")]
    assert "/en/scenes/elderly-alone/" in page_links
    assert "?node=jinan" in hrefs(html)  # facets link relative to the page they are on
    # Only the switcher and the hreflang alternates point outside /en/.
    assert [h for h in page_links if not h.startswith("/en/")] == ["/scenes/"]


def test_english_scene_page_is_served_with_english_dates_and_figures(client, scene):
    response = client.get("/en/scenes/elderly-alone/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="language-note">This case is published in Chinese.</p>' in html
    assert '<h1 lang="zh-Hans">独居老人智慧养老关怀</h1>' in html
    assert '<time datetime="2026-03-05">5 March 2026</time>' in html
    assert "<strong>1.5 million<small> people</small></strong>" in html
    assert '<a href="/en/scenes/">Application scenes</a> › <a href="/en/scenes/city/jinan/">Jinan</a>' in html


def test_chinese_scene_page_keeps_chinese_dates_and_figures(client, scene):
    html = client.get("/scenes/elderly-alone/").content.decode()
    assert '<time datetime="2026-03-05">2026年3月5日</time>' in html
    assert "150 万" in html
    assert "This case is published in Chinese." not in html


def test_english_landing_page_is_titled_by_the_english_city_name(client, scene):
    html = client.get("/en/scenes/city/jinan/").content.decode()
    assert "<h1>Jinan application scenes</h1>" in html
    assert '<span aria-current="page">Jinan</span>' in html


def test_statistics_are_named_in_the_active_language_and_cached_per_language(client, scene):
    chinese = client.get("/scenes/statistics/")
    english = client.get("/en/scenes/statistics/")
    assert (chinese["X-Showcase-Cache"], english["X-Showcase-Cache"]) == ("miss", "miss")
    chinese_again, english_again = client.get("/scenes/statistics/"), client.get("/en/scenes/statistics/")
    assert (chinese_again["X-Showcase-Cache"], english_again["X-Showcase-Cache"]) == ("hit", "hit")
    assert ">Jinan</a></th><td>1</td>" in english_again.content.decode()
    assert ">济南</a></th><td>1</td>" in chinese_again.content.decode()
    assert "Jinan" not in chinese_again.content.decode()


def test_home_featured_cards_are_cached_per_language(client, scene):
    scene.level = "typical"
    publish(scene)
    chinese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    chinese_again, english_again = client.get("/").content.decode(), client.get("/en/").content.decode()
    assert '<span class="card-city">济南</span>' in chinese_again
    assert '<span class="card-city">Jinan</span>' in english_again
    assert 'href="/en/scenes/elderly-alone/"' in english_again
    assert 'href="/en/scenes/elderly-alone/"' not in chinese_again
    assert (chinese, english) == (chinese_again, english_again)


def test_catalogue_cache_keeps_the_languages_apart(client, scene, settings):
    settings.SHOWCASE_CACHE_LISTINGS = True
    client.get("/scenes/")
    client.get("/en/scenes/")
    chinese, english = client.get("/scenes/"), client.get("/en/scenes/")
    assert (chinese["X-Showcase-Cache"], english["X-Showcase-Cache"]) == ("hit", "hit")
    assert '<span class="facet-label">济南</span>' in chinese.content.decode()
    assert '<span class="facet-label">Jinan</span>' in english.content.decode()


def test_search_suggestions_link_to_the_language_they_were_asked_in(client, scene):
    chinese = client.get("/search/suggest/", {"q": "独居"}).json()
    english = client.get("/en/search/suggest/", {"q": "独居"}).json()
    assert [s["url"] for s in chinese["suggestions"]] == ["/scenes/elderly-alone/"]
    assert [s["url"] for s in english["suggestions"]] == ["/en/scenes/elderly-alone/"]


def test_the_sixteen_cities_have_english_names_from_the_migration():
    from django.utils import translation

    from scenes.choices import NodeKind
    from scenes.models import Node

    assert Node.objects.filter(kind=NodeKind.CITY).exclude(name_en="").count() == 16
    assert city("taian").display_name == "泰安"
    with translation.override("en"):
        assert city("taian").display_name == "Tai'an"
        assert Domain(name="教育", name_en="").display_name == "教育"  # no English name: the Chinese one
