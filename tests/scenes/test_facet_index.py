"""The catalogue's facet index: counts and pages read from it must be what the database says.

The listing counts facet options with bit operations over a cached index and picks each page's rows
from it (scenes.services.facet_index). These tests compare it, for many filter combinations, with
the plain database answer, and check that publishing, unpublishing and taxonomy edits reach it.
"""

import datetime as dt
import random

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from taggit.models import Tag

from scenes.cache import showcase_key
from scenes.choices import SCENE_SORTS, RecognitionLevel
from scenes.models import ScenePage
from scenes.services import catalogue
from scenes.services.facets import apply_facets
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, city

CITIES = ["jinan", "qingdao", "zibo", "yantai"]
TAGS = ["一网通办", "助餐", "预警", "数据共享"]


@pytest.fixture
def varied_catalogue(scene_index, education, elderly_care):
    """18 scenes with seeded random cities, domains, resources, tags, levels and years."""
    rng = random.Random(20261127)
    domains = [education, elderly_care, DomainFactory(name="交通出行", slug="transport")]
    resources = [DataResourceFactory(name=f"资源{n}", slug=f"resource-{n}") for n in range(3)]
    levels = list(RecognitionLevel.values)
    for n in range(18):
        ScenePageFactory(
            parent=scene_index,
            title=f"{'养老' if n % 3 == 0 else '入学'}场景{n:02d}",
            slug=f"varied-{n:02d}",
            node=city(rng.choice(CITIES)),
            domains=rng.sample(domains, rng.randint(1, 2)),
            data_resources=rng.sample(resources, rng.randint(0, 2)),
            tags=rng.sample(TAGS, rng.randint(0, 2)),
            level=rng.choice(levels),
            launch_date=None if n % 7 == 0 else dt.date(rng.randint(2021, 2024), rng.randint(1, 12), 1),
            beneficiaries_count=None if n % 5 == 0 else rng.randint(1, 9) * 1000,
        )
    return scene_index


def _listing(index, params, per_page=4, landing=None):
    request = RequestFactory().get("/scenes/", params)
    return catalogue.build_listing(
        request,
        base=catalogue.live_scenes(index),
        facets=catalogue.SCENE_FACETS,
        sorts=SCENE_SORTS,
        search=catalogue.search_scenes,
        title="",
        index_name=catalogue.scene_index_name(index),
        landing=landing,
        per_page=per_page,
    )


def _expected_counts(universe, facets, selected):
    """{facet key: {value: count}} counted by the database, one query per option of the catalogue."""
    expected = {}
    for facet in facets:
        others = apply_facets(universe, facets, selected, skip=facet.key)
        existing = {str(v) for v in _all_values(facet)}
        counts = {}
        for value in existing:
            count = others.filter(facet.q([value])).count()
            # A selected option stays listed at zero, so that it can be switched off.
            if count or value in selected.get(facet.key, []):
                counts[value] = count
        expected[facet.key] = counts
    return expected


def _all_values(facet):
    scenes = ScenePage.objects.all()
    if facet.is_year:
        return {d.year for d in scenes.exclude(launch_date=None).values_list("launch_date", flat=True)}
    return {v for v in scenes.values_list(facet.value_field, flat=True) if v is not None}


def _random_selection(rng):
    choices = {
        "node": CITIES + ["weihai"],  # a city without scenes
        "domain": ["education", "elderly-care", "transport"],
        "resource": ["resource-0", "resource-1", "resource-2"],
        "level": list(RecognitionLevel.values),
        "year": ["2021", "2022", "2023", "2024"],
        "tag": [],
    }
    params = {}
    for key, values in choices.items():
        if values and rng.random() < 0.4:
            params[key] = rng.sample(values, rng.randint(1, 2))
    return params


def _pages(index, params, **kwargs):
    listing = _listing(index, params, **kwargs)
    rows = []
    for number in listing.page_obj.paginator.page_range:
        listing = _listing(index, {**params, "page": number}, **kwargs)
        rows.extend(scene.pk for scene in listing.page_obj.object_list)
    return listing, rows


@pytest.mark.django_db
def test_counts_and_pages_match_the_database_for_many_filter_combinations(varied_catalogue, education):
    rng = random.Random(7)
    cases = [{}] + [_random_selection(rng) for _ in range(25)]
    cases += [{"q": "养老"}, {"q": "养老", "node": ["jinan", "zibo"]}, {"q": "没有这个词"}]
    checked_nonempty = 0
    for params in cases:
        for sort in SCENE_SORTS:
            query = {**params, "sort": sort}
            listing, rows = _pages(varied_catalogue, query)
            facets = catalogue.SCENE_FACETS
            selected = {f.key: f.clean(params.get(f.key, [])) for f in facets if params.get(f.key)}
            universe = catalogue.search_scenes(catalogue.live_scenes(varied_catalogue), params.get("q", ""))
            expected = catalogue._order(apply_facets(universe, facets, selected), SCENE_SORTS, sort)
            assert rows == list(expected.values_list("pk", flat=True)), query
            assert listing.total == len(rows), query
            shown = {f.key: {o.value: o.count for o in options} for f, options in listing.facets}
            assert shown == _expected_counts(universe, facets, selected), query
            checked_nonempty += bool(rows)
    assert checked_nonempty > 30  # the combinations were not all empty


@pytest.mark.django_db
def test_landing_page_counts_match_the_database(varied_catalogue):
    listing, rows = _pages(varied_catalogue, {"level": ["listed", "typical"]}, landing=("node", "jinan"))
    universe = catalogue.live_scenes(varied_catalogue).filter(node__slug="jinan")
    facets = [f for f in catalogue.SCENE_FACETS if f.key != "node"]
    selected = {"level": ["listed", "typical"]}
    expected = catalogue._order(apply_facets(universe, facets, selected), SCENE_SORTS, "newest")
    assert rows == list(expected.values_list("pk", flat=True))
    shown = {f.key: {o.value: o.count for o in options} for f, options in listing.facets}
    assert shown == _expected_counts(universe, facets, selected)


@pytest.mark.django_db
def test_publishing_and_unpublishing_reach_the_listing_at_once(client, scene_index, education):
    ScenePageFactory(parent=scene_index, title="济南入学", node=city("jinan"), domains=[education])
    assert client.get("/scenes/?node=zibo").context["listing"].total == 0  # the index is built now

    draft = ScenePageFactory(parent=scene_index, title="淄博入学", node=city("zibo"), domains=[education], live=False)
    assert client.get("/scenes/?node=zibo").context["listing"].total == 0
    draft.get_latest_revision().publish()
    response = client.get("/scenes/?node=zibo")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["淄博入学"]
    assert {o.label: o.count for f, opts in response.context["listing"].facets if f.key == "node" for o in opts} == {
        "济南": 1,
        "淄博": 1,
    }

    ScenePage.objects.get(pk=draft.pk).unpublish()
    response = client.get("/scenes/")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["济南入学"]
    assert "淄博入学" not in response.content.decode()


@pytest.mark.django_db
def test_a_row_unpublished_behind_the_index_is_never_shown(client, scene_index):
    ScenePageFactory(parent=scene_index, title="公开场景", slug="public-one")
    hidden = ScenePageFactory(parent=scene_index, title="将被撤下的场景", slug="going")
    assert client.get("/scenes/").context["listing"].total == 2
    # A change that sends no signal at all (raw SQL, another process without a shared cache):
    # the index still lists the row, the page fetch does not show it.
    ScenePage.objects.filter(pk=hidden.pk).update(live=False)
    response = client.get("/scenes/")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["公开场景"]
    assert "将被撤下的场景" not in response.content.decode()


@pytest.mark.django_db
def test_the_index_a_process_keeps_goes_with_the_cache_entry(client, scene_index):
    """Each process reuses the index it last read instead of unpickling it per request; when the
    cache entry is gone (expired, cleared), the next listing builds it from the database again."""
    scene = ScenePageFactory(parent=scene_index, title="市级场景", slug="city-level", level=RecognitionLevel.LISTED)
    assert client.get("/scenes/?level=typical").context["listing"].total == 0
    # A change that sends no signal: the kept index still counts the old level...
    ScenePage.objects.filter(pk=scene.pk).update(level=RecognitionLevel.TYPICAL)
    assert client.get("/scenes/?level=typical").context["listing"].total == 0
    # ...until the cache entry it came from is gone (expired: the content version is the same).
    cache.delete(showcase_key(f"facets:{catalogue.scene_index_name(scene_index)}"))
    response = client.get("/scenes/?level=typical")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["市级场景"]


@pytest.mark.django_db
def test_renaming_a_domain_renames_the_facet_option(client, scene_index, education):
    ScenePageFactory(parent=scene_index, domains=[education])
    client.get("/scenes/")
    education.name = "教育服务"
    education.save()
    labels = {f.key: [o.label for o in opts] for f, opts in client.get("/scenes/").context["listing"].facets}
    assert labels["domain"] == ["教育服务"]


@pytest.mark.django_db
def test_renaming_a_tag_renames_the_facet_option(client, scene_index):
    ScenePageFactory(parent=scene_index, tags=["一网通办"])
    client.get("/scenes/")
    tag = Tag.objects.get(name="一网通办")
    tag.name = "一网通办2.0"
    tag.save()
    labels = {f.key: [o.label for o in opts] for f, opts in client.get("/scenes/").context["listing"].facets}
    assert labels["tag"] == ["一网通办2.0"]


def _forget_pending_warm_ups():
    """The fixtures saved pages inside the test's own transaction, whose commit never comes: drop
    the warm-up they asked for, so that the test's own commit asks again."""
    from django.db import connection

    from scenes.cache import _after_commit

    connection.run_on_commit[:] = [hook for hook in connection.run_on_commit if hook[1] is not _after_commit]


@pytest.mark.django_db
def test_after_a_publish_commits_the_index_is_ready_before_the_next_visitor(
    client, scene_index, education, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ScenePageFactory(parent=scene_index, title="济南入学", domains=[education])
    client.get("/scenes/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/scenes/?node=jinan")  # the index cached: a listing with nothing to build

    draft = ScenePageFactory(parent=scene_index, title="淄博入学", node=city("zibo"), live=False)
    _forget_pending_warm_ups()
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_latest_revision().publish()
    with CaptureQueriesContext(connection) as after_publish:
        response = client.get("/scenes/?node=zibo")
    assert [s.title for s in response.context["listing"].page_obj.object_list] == ["淄博入学"]
    # Built right after the commit (scenes.tasks), not by this request.
    assert len(after_publish) == len(warm)


@pytest.mark.django_db
def test_one_transaction_saving_many_pages_asks_for_one_warm_up(scene_index):
    from django.db import connection

    from scenes.cache import _after_commit

    _forget_pending_warm_ups()
    for n in range(3):
        ScenePageFactory(parent=scene_index, slug=f"batch-{n}")
    assert sum(hook[1] is _after_commit for hook in connection.run_on_commit) == 1


@pytest.mark.django_db
def test_a_failing_warm_up_is_logged_and_changes_nothing(monkeypatch, caplog, scene_index):
    from scenes.services import catalogue as catalogue_module
    from scenes.tasks import task_warm_showcase

    def broken():
        raise RuntimeError("database went away")

    monkeypatch.setattr(catalogue_module, "warm_catalogue_indexes", broken)
    assert task_warm_showcase() == 0
    assert "warming the showcase caches failed" in caplog.text
