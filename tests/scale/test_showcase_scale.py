"""Issue #3: the showcase pages cost the same number of queries at 100 and at 2,000 scenes.

The demo loaders (``load_demo``'s own code, called in-process) fill the test database with the
curated showcase topped up to 100 scenes and 20 solutions; every page is counted; the same bulk
paths grow the libraries to 2,000 scenes and 240 solutions (the province's real size, DESIGN.md)
and every page is counted again. Each page is counted uncached and then answered from the site's
caches; both numbers must not move.
"""

import time

import pytest
from django.test import Client
from wagtail.models import Page

from cms.demo import load_site
from scenes.cache import bump_content_version
from scenes.demo import load_scenes
from scenes.demo_data import ENROLMENT_SCENE
from scenes.models import ScenePage, SolutionPage
from tests.scale.conftest import describe, module_transaction, query_counts

SMALL = {"scenes": 100, "solutions": 20}
LARGE = {"scenes": 2000, "solutions": 240}
# The mark makes pytest-django create the test database (it sets up only the databases tests ask for);
# the data itself lives in the module fixture's own transaction.
pytestmark = pytest.mark.django_db

PAGES = {
    "home": lambda: "/",
    "scene listing": lambda: "/scenes/",
    "scene listing, two facets": lambda: "/scenes/?node=jinan&domain=education",
    "scene listing, page 7": lambda: "/scenes/?page=7",
    "scene listing, search": lambda: "/scenes/?q=养老",
    "city landing": lambda: "/scenes/city/jinan/",
    "scene detail": lambda: ScenePage.objects.get(slug=ENROLMENT_SCENE["slug"]).url,
    "solution listing": lambda: "/solutions/",
    "solution detail": lambda: SolutionPage.objects.get(slug="enrolment-platform").url,
    "statistics": lambda: "/scenes/statistics/",
    "site search": lambda: "/search/?q=养老",
    "RSS feed": lambda: "/scenes/feed/rss/",
    "sitemap": lambda: "/sitemap-pages.xml",  # the pages' file of the sitemap index
    "API, scenes": lambda: "/api/v2/pages/?type=scenes.ScenePage&fields=*",
    "API, solutions": lambda: "/api/v2/pages/?type=scenes.SolutionPage&fields=*",
}


def load(volume):
    started = time.monotonic()
    load_scenes(None, {**volume, "seed": 2026})
    bump_content_version()  # as load_demo's last loader does after bulk inserts
    assert ScenePage.objects.live().count() == volume["scenes"]
    assert SolutionPage.objects.live().count() >= volume["solutions"]
    return time.monotonic() - started


def page_types_shown(response):
    """/search/ lists any kind of page: Wagtail's .specific() fetches each kind shown in one query,
    so the count moves with the mix of kinds on the results page (at most one per page type), not
    with the number of pages in the site."""
    return len({type(hit.page) for hit in response.context["hits"]})


def sitemap_chunk_queries(response):
    """The sitemap lists every page: Wagtail's .specific() reads the pages in chunks of 2,000 rows
    (``SpecificIterable``, chunked like ``QuerySet.iterator()``) and fetches each page type in a chunk
    with one query. Beyond one query per type, the chunks cost one query per type per 2,000 pages:
    batched, not one per page. Returns those extra queries."""
    types = list(Page.objects.live().filter(depth__gte=2).order_by("path").values_list("content_type", flat=True))
    per_chunk = sum(len(set(types[start : start + SITEMAP_CHUNK])) for start in range(0, len(types), SITEMAP_CHUNK))
    return per_chunk - len(set(types))


SITEMAP_CHUNK = 2000
DISCOUNTS = {"site search": page_types_shown, "sitemap": sitemap_chunk_queries}


def measure(client, urls):
    return {name: query_counts(client, url, discount=DISCOUNTS.get(name)) for name, url in urls.items()}


@pytest.fixture(scope="module")
def showcase_counts(django_db_setup, django_db_blocker):
    """{page name: (((uncached, cached), rows) at 100 scenes, the same at 2,000)}."""
    with module_transaction(django_db_blocker):
        load_site(None, {})
        small_load = load(SMALL)
        urls = {name: url() for name, url in PAGES.items()}
        client = Client()
        small = measure(client, urls)
        large_load = load(LARGE)
        large = measure(client, urls)
    counts = {name: (small[name], large[name]) for name in PAGES}
    print(f"\nshowcase: loaded 100 scenes in {small_load:.1f} s, grew to 2,000 in {large_load:.1f} s")
    print(describe(counts))
    return counts


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_are_the_same_at_100_and_2000_scenes(showcase_counts, page):
    (small, _rows), (large, _large_rows) = showcase_counts[page]
    assert large == small, f"{page}: (uncached, cached) queries {small} at 100 scenes, {large} at 2,000"


def test_the_filtered_listing_shows_more_cards_at_2000_scenes(showcase_counts):
    # So that a query per card would have shown in the counts (the unfiltered lists are full pages
    # at both volumes; tests/scenes/test_queries.py grows those from a few cards to a full page).
    (_counts, small_rows), (_large, large_rows) = showcase_counts["scene listing, two facets"]
    assert 0 < small_rows < large_rows


def test_cached_pages_cost_fewer_queries(showcase_counts):
    # The caches answer: the statistics page needs no query at all, the home page only the furniture.
    ((_stats_uncached, stats_cached), _rows), _large = showcase_counts["statistics"]
    assert stats_cached == 0
    ((home_uncached, home_cached), _rows), _large = showcase_counts["home"]
    assert home_cached < home_uncached
