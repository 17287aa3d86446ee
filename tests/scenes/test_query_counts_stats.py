"""The home page and the statistics page cost the same number of queries at 10 and at 60 scenes."""

import datetime as dt
import gc
import warnings

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scenes.choices import RecognitionLevel
from tests.scenes.factories import ImageFactory, ScenePageFactory, SolutionPageFactory, city

CITIES = ["jinan", "qingdao", "zibo", "yantai", "weifang", "linyi"]
LEVELS = [RecognitionLevel.LISTED, RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL]
PAGES = ["/", "/scenes/statistics/"]


def add_showcase(scene_index, solution_index, start, count, domains, image):
    for number in range(start, start + count):
        ScenePageFactory(
            parent=scene_index,
            node=city(CITIES[number % len(CITIES)]),
            domains=[domains[number % 2]],
            level=LEVELS[number % 3],
            cover_image=image,
            launch_date=dt.date(2019 + number % 6, 1 + number % 12, 1),
        )
        if number % 5 == 0:
            SolutionPageFactory(parent=solution_index, domains=domains, cover_image=image)


def warm_up(client, url):
    """A first request makes the image renditions. Wagtail leaves each rendition's temporary file
    for the garbage collector (wagtail/wagtail#14055); collect them here, without the warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        client.get(url)
        gc.collect()


def query_counts(client):
    """(uncached, cached) queries of each page, after a first request has made the image renditions."""
    counts = []
    for url in PAGES:
        warm_up(client, url)
        cache.clear()
        with CaptureQueriesContext(connection) as uncached:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get(url).status_code == 200
        counts.append((len(uncached), len(cached)))
    return counts


@pytest.mark.django_db
def test_home_and_statistics_queries_do_not_grow_from_10_to_60_scenes(
    client, scene_index, solution_index, education, elderly_care
):
    image = ImageFactory()
    add_showcase(scene_index, solution_index, 0, 10, [education, elderly_care], image)
    small = query_counts(client)
    add_showcase(scene_index, solution_index, 10, 50, [education, elderly_care], image)
    large = query_counts(client)
    assert large == small
    (home_uncached, home_cached), (stats_uncached, stats_cached) = small
    # Cached, the statistics page costs no query at all; the home page only the site furniture.
    assert stats_cached == 0
    assert home_cached < home_uncached
    assert stats_uncached < 25
