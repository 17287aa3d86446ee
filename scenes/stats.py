"""Showcase figures and scene statistics: counted in the database, cached under the showcase's
content version (scenes/cache.py), so the first request after a publish recounts."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from cms.site_cache import public
from scenes.cache import cached
from scenes.choices import NodeKind, RecognitionLevel
from scenes.models import Domain, Node, SceneIndexPage, ScenePage, SolutionIndexPage, SolutionPage
from scenes.names import name_for_slug

TYPICAL_LEVELS = (RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL)


# --- what is visible --------------------------------------------------------------------------------


def visible_scenes():
    return public(ScenePage.objects.live())


def visible_solutions():
    return public(SolutionPage.objects.live())


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
    # Level names are translated per request; only their keys and counts are cached. City and
    # domain rows are cached with their Chinese names and renamed here on the English site.
    labels = dict(RecognitionLevel.choices)
    return {
        **stats,
        "by_city": [Row(name_for_slug(Node, row.key, row.label), row.value, row.key) for row in stats["by_city"]],
        "by_domain": [Row(name_for_slug(Domain, row.key, row.label), row.value, row.key) for row in stats["by_domain"]],
        "by_level": [Row(str(labels[key]), value, key) for key, value in stats["by_level"]],
    }


# --- where the listings are --------------------------------------------------------------------------


def _listing_urls():
    scenes = public(SceneIndexPage.objects.live()).first()
    solutions = public(SolutionIndexPage.objects.live()).first()
    return {"scenes": scenes.url if scenes else "", "solutions": solutions.url if solutions else ""}


def listing_urls():
    """Relative URLs of the scene and solution catalogues ("" when not published), in the active
    language (/en/scenes/ in English): cached per language."""
    return cached(f"listing-urls:{get_language()}", _listing_urls)
