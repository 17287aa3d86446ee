"""The number of queries per page does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scenes.factories import (
    DataResourceFactory,
    ImageFactory,
    ScenePageFactory,
    SolutionPageFactory,
    city,
    renders_images,
)

CITIES = ["jinan", "qingdao", "zibo", "yantai", "weifang"]


def add_scenes(index, count, start, domains, resource, image):
    scenes = []
    for number in range(start, start + count):
        scenes.append(
            ScenePageFactory(
                parent=index,
                node=city(CITIES[number % len(CITIES)]),
                domains=[domains[number % 2]],
                data_resources=[resource],
                tags=[f"标签{number % 3}"],
                cover_image=image,
                launch_date=dt.date(2020 + number % 4, 1, 1),
            )
        )
    return scenes


def count_queries(client, url):
    client.get(url)  # warm caches that are per process, not per page (renditions, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@renders_images
@pytest.mark.django_db
def test_listing_detail_and_solutions_queries_do_not_grow_from_10_to_60_scenes(
    client, scene_index, solution_index, education, elderly_care
):
    image = ImageFactory()
    resource = DataResourceFactory(slug="household")
    domains = [education, elderly_care]
    scenes = add_scenes(scene_index, 10, 0, domains, resource, image)
    for _solution in range(3):
        SolutionPageFactory(parent=solution_index, domains=domains, cover_image=image, reference_scenes=scenes[:3])
    listing = "/scenes/?node=jinan&node=qingdao&domain=education"
    detail = scenes[0].url
    urls = [
        listing,
        "/scenes/",
        detail,
        "/solutions/",
        "/scenes/city/jinan/",
        f"/solutions/{SolutionPageFactory._meta.model.objects.first().slug}/",
    ]
    small = [count_queries(client, url) for url in urls]

    more = add_scenes(scene_index, 50, 10, domains, resource, image)
    for _solution in range(12):
        SolutionPageFactory(parent=solution_index, domains=domains, cover_image=image, reference_scenes=more[:3])
    large = [count_queries(client, url) for url in urls]

    assert large == small
    assert small[0] < 40  # a fixed, modest number: facets (6), pagination (2), prefetches, site furniture
