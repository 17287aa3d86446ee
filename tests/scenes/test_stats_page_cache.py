"""The catalogue cache (SHOWCASE_CACHE_LISTINGS): anonymous visitors only, refreshed on publish,
never around a view restriction, and with each visitor's own CSRF token."""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.scenes.factories import ScenePageFactory, city

CARD_TITLE = re.compile(r'<h3><a href="[^"]+">([^<]+)</a></h3>')


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def catalogue_cache(settings):
    settings.SHOWCASE_CACHE_LISTINGS = True


@pytest.fixture
def scenes(scene_index):
    return [publish(ScenePageFactory(parent=scene_index, title="户籍迁移一网通办", node=city("jinan")))]


@pytest.mark.django_db
def test_second_anonymous_request_is_answered_from_the_cache_without_queries(client, catalogue_cache, scenes):
    first = client.get("/scenes/", {"node": "jinan"})
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/scenes/", {"node": "jinan"})
    assert (first["X-Showcase-Cache"], second["X-Showcase-Cache"]) == ("miss", "hit")
    assert len(queries) == 0
    assert CARD_TITLE.findall(second.content.decode()) == ["户籍迁移一网通办"]
    # Another query string is another entry.
    assert client.get("/scenes/", {"node": "qingdao"})["X-Showcase-Cache"] == "miss"


@pytest.mark.django_db
def test_catalogue_cache_refreshes_when_a_scene_is_published(client, catalogue_cache, scene_index, scenes):
    client.get("/scenes/")
    publish(ScenePageFactory(parent=scene_index, title="新生儿出生一件事", node=city("qingdao")))
    response = client.get("/scenes/")
    assert response["X-Showcase-Cache"] == "miss"
    assert sorted(CARD_TITLE.findall(response.content.decode())) == ["户籍迁移一网通办", "新生儿出生一件事"]


@pytest.mark.django_db
def test_catalogue_cache_refreshes_when_a_scene_is_unpublished(client, catalogue_cache, scenes):
    assert CARD_TITLE.findall(client.get("/scenes/").content.decode()) == ["户籍迁移一网通办"]
    scenes[0].unpublish()
    assert CARD_TITLE.findall(client.get("/scenes/").content.decode()) == []


@pytest.mark.django_db
def test_logged_in_visitors_are_never_served_from_the_catalogue_cache(client, admin_client, catalogue_cache, scenes):
    client.get("/scenes/")
    assert client.get("/scenes/")["X-Showcase-Cache"] == "hit"
    response = admin_client.get("/scenes/")
    assert response.status_code == 200
    assert "X-Showcase-Cache" not in response


@pytest.mark.django_db
def test_a_restricted_catalogue_is_neither_cached_nor_served_from_the_cache(
    client, catalogue_cache, scene_index, scenes
):
    assert client.get("/scenes/").status_code == 200
    PageViewRestriction.objects.create(page=scene_index, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get("/scenes/")
        assert response.status_code == 302
        assert "X-Showcase-Cache" not in response


@pytest.mark.django_db
def test_exports_are_never_cached(client, catalogue_cache, scenes):
    client.get("/scenes/", {"format": "csv"})
    assert "X-Showcase-Cache" not in client.get("/scenes/", {"format": "csv"})


@pytest.mark.django_db
def test_cached_page_carries_each_visitors_own_csrf_token(catalogue_cache, scenes):
    # The catalogue has no form of its own any more (the language switcher is links); a page
    # cached with a token must still hand each visitor theirs, so the test puts a form on it.
    from cms.page_cache import cached_response

    def render():
        return HttpResponse('<form><input type="hidden" name="csrfmiddlewaretoken" value="first"></form>')

    first, second = RequestFactory().get("/scenes/"), RequestFactory().get("/scenes/")
    cached_response(first, render)
    answer = cached_response(second, render)
    assert answer["X-Showcase-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.content.decode()).group(1)
    # The visitor's own (masked) token, not the one the page was stored with.
    assert token != "first"
    assert len(token) == 64


@pytest.mark.django_db
def test_cached_catalogue_is_never_served_in_the_other_language(client, catalogue_cache, scenes):
    client.get("/scenes/")
    client.get("/en/scenes/")
    chinese, english = client.get("/scenes/"), client.get("/en/scenes/")
    assert (chinese["X-Showcase-Cache"], english["X-Showcase-Cache"]) == ("hit", "hit")
    assert '<html lang="zh-CN">' in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert '<a href="/en/scenes/" hreflang="en" lang="en">English</a>' in chinese.content.decode()
    assert '<a href="/scenes/" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in english.content.decode()


@pytest.mark.django_db
def test_catalogue_is_not_cached_when_the_setting_is_off(client, scenes):
    client.get("/scenes/")
    assert "X-Showcase-Cache" not in client.get("/scenes/")
