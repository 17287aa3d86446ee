"""Showcase figures and scene statistics: counted in the database, cached, refreshed on publish.

Everything here is cached under a *content version*. Publishing, unpublishing, deleting or moving
a scene or solution, editing the taxonomy or a page's view restrictions bumps the version, so the
next request recounts; nothing has to know which keys exist. The timeout is only a safety net for
caches that other processes cannot see (the local-memory cache of a second gunicorn worker); with
REDIS_URL every process shares the version.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.registry import demo_loaders
from scenes.choices import NodeKind, RecognitionLevel
from scenes.models import (
    DataResource,
    Domain,
    Node,
    Provider,
    SceneIndexPage,
    ScenePage,
    SolutionIndexPage,
    SolutionPage,
)

VERSION_KEY = "showcase:version"
CACHE_TIMEOUT = 10 * 60
TYPICAL_LEVELS = (RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL)
SHOWCASE_PAGE_MODELS = (ScenePage, SolutionPage, SceneIndexPage, SolutionIndexPage)


# --- the content version --------------------------------------------------------------------------


def content_version():
    """The current version of the showcase content; part of every key cached here."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _next_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set: any value other than the old one will do
        cache.set(VERSION_KEY, content_version() + 1, timeout=None)


def _after_commit():
    """Once a change is committed: a new version again, and the catalogues' facet indexes and the
    figures rebuilt in the background (scenes/tasks.py), so that no visitor waits for them."""
    _next_version()
    from scenes.tasks import task_warm_showcase

    task_warm_showcase.delay_on_commit()  # after the commit: sent at once, parked if the broker is down


def bump_content_version():
    """Start a new content version now, and again once the change is committed: a request that
    read the old rows between the two (and cached what it built under the first new version)
    cannot keep them in the cache. A transaction that saves many pages asks for one warm-up."""
    _next_version()
    # Django keeps a transaction's callbacks in run_on_commit (and drops them on rollback).
    if not any(func is _after_commit for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def cached(name, compute, timeout=CACHE_TIMEOUT):
    """``compute()``, cached under ``name`` for the current content version."""
    return cache.get_or_set(f"showcase:{name}:v{content_version()}", compute, timeout)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _showcase_page_changed(sender, instance, **kwargs):
    if issubclass(instance.specific_class or type(instance), SHOWCASE_PAGE_MODELS):
        bump_content_version()


def _bump(sender, **kwargs):
    bump_content_version()


# Deleting a live page sends page_unpublished only when it is unpublished first; deletes from the
# admin or the shell go straight to post_delete.
for _model in (*SHOWCASE_PAGE_MODELS, Node, Domain, DataResource, Provider, PageViewRestriction, Tag):
    post_delete.connect(_bump, sender=_model, dispatch_uid=f"showcase-delete-{_model._meta.label}")
# Saving a page covers what bypasses publishing (a page added live by code, a bulk import).
for _model in (*SHOWCASE_PAGE_MODELS, Node, Domain, DataResource, Provider, PageViewRestriction, Tag):
    post_save.connect(_bump, sender=_model, dispatch_uid=f"showcase-save-{_model._meta.label}")


@demo_loaders.register("showcase_version", order=95)
def _refresh_after_demo(command, options):
    # load_demo inserts benchmark volumes in bulk, without publish signals.
    bump_content_version()
    return []


# --- what is visible --------------------------------------------------------------------------------


def visible_scenes():
    return ScenePage.objects.live().public()


def visible_solutions():
    return SolutionPage.objects.live().public()


# --- figures ----------------------------------------------------------------------------------------


def _showcase_figures():
    scenes = visible_scenes().aggregate(
        scenes=Count("pk"),
        typical=Count("pk", filter=Q(level__in=TYPICAL_LEVELS)),
        national=Count("pk", filter=Q(level=RecognitionLevel.NATIONAL)),
        cities=Count("node", distinct=True, filter=Q(node__kind=NodeKind.CITY)),
    )
    solutions = visible_solutions().aggregate(solutions=Count("pk"), excellent=Count("pk", filter=Q(is_excellent=True)))
    return {**scenes, **solutions, "city_total": Node.objects.filter(kind=NodeKind.CITY).count()}


def showcase_figures():
    """Counts of visible content: scenes, typical (incl. nationally promoted), national, cities
    covered (of city_total), solutions, excellent solutions."""
    return cached("figures", _showcase_figures)


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    key: str = ""  # the listing's filter value (node/domain slug, year, level), "" for none


def _by_node(scenes):
    counts = dict(scenes.values_list("node").annotate(n=Count("pk")).order_by())
    cities = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "name")
    rows = [Row(node.name, counts.get(node.pk, 0), node.slug) for node in cities]
    return rows, sum(counts.values()) - sum(row.value for row in rows)


def _by_domain(scenes):
    counts = dict(scenes.values_list("domains").annotate(n=Count("pk")).order_by())
    domains = Domain.objects.order_by("sort_order", "name")
    return [Row(domain.name, counts.get(domain.pk, 0), domain.slug) for domain in domains]


def _by_year(scenes):
    counts = dict(
        scenes.annotate(year=ExtractYear("launch_date")).values_list("year").annotate(n=Count("pk")).order_by()
    )
    undated = counts.pop(None, 0)
    if not counts:
        return [], undated
    first, last = min(counts), max(counts)
    return [Row(str(year), counts.get(year, 0), str(year)) for year in range(first, last + 1)], undated


def _by_level(scenes):
    counts = dict(scenes.values_list("level").annotate(n=Count("pk")).order_by())
    return [(value, counts.get(value, 0)) for value in RecognitionLevel.values]


def _scene_statistics():
    scenes = visible_scenes()
    by_city, other_nodes = _by_node(scenes)
    by_year, undated = _by_year(scenes)
    return {
        "total": scenes.count(),
        "by_city": by_city,
        "other_nodes": other_nodes,  # scenes of the provincial platform and industry nodes
        "by_domain": _by_domain(scenes),
        "by_year": by_year,
        "undated": undated,
        "by_level": _by_level(scenes),
    }


def scene_statistics():
    """Scenes per city (all cities, zeros included), per domain, per launch year and per level."""
    stats = cached("scene-statistics", _scene_statistics)
    # Level names are translated per request; only their keys and counts are cached.
    labels = dict(RecognitionLevel.choices)
    return {**stats, "by_level": [Row(str(labels[key]), value, key) for key, value in stats["by_level"]]}


# --- where the listings are --------------------------------------------------------------------------


def _listing_urls():
    scenes = SceneIndexPage.objects.live().public().first()
    solutions = SolutionIndexPage.objects.live().public().first()
    return {"scenes": scenes.url if scenes else "", "solutions": solutions.url if solutions else ""}


def listing_urls():
    """Relative URLs of the scene and solution catalogues ("" when not published)."""
    return cached("listing-urls", _listing_urls)
