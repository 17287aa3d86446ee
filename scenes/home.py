"""The showcase's sections of the home page, contributed through ``cms.registry.home_sections``:
live figures (with the figures other apps add to ``cms.registry.home_figures``), featured typical
scenes and the newest solutions."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from cms.registry import home_figures
from scenes.cache import cached
from scenes.ordering import nulls_last
from scenes.services.catalogue import with_card_data, with_solution_card_data
from scenes.stats import TYPICAL_LEVELS, listing_urls, showcase_figures, visible_scenes, visible_solutions

FEATURED_COUNT = 6


def showcase_figure_tiles(request):
    figures = showcase_figures()
    return [
        {"figure": figures["scenes"], "unit": _("个"), "caption": _("应用场景")},
        {"figure": figures["typical"], "unit": _("个"), "caption": pgettext("home figure caption", "典型场景")},
        {"figure": figures["solutions"], "unit": _("个"), "caption": _("解决方案")},
        {
            "figure": figures["cities"],
            "unit": _("/ %(total)s 市") % {"total": figures["city_total"]},
            "caption": _("覆盖城市"),
        },
    ]


def render_figures(request):
    tiles = [tile for provider in home_figures for tile in provider(request)]
    if not tiles:
        return ""
    context = {"tiles": tiles, "statistics_url": reverse("scene_statistics")}
    return render_to_string("components/home_figures.html", context, request=request)


def _featured_html(request):
    newest_first = nulls_last("-launch_date", "-first_published_at", "-pk")
    scenes = with_card_data(visible_scenes().filter(level__in=TYPICAL_LEVELS).order_by(*newest_first))[:FEATURED_COUNT]
    solutions = with_solution_card_data(visible_solutions().order_by("-first_published_at", "-pk"))[:FEATURED_COUNT]
    context = {"scenes": list(scenes), "solutions": list(solutions), "urls": listing_urls()}
    return render_to_string("components/home_featured.html", context, request=request)


def render_featured(request):
    # The cards change only when content does: cached per content version and language.
    return cached(f"home-featured:{get_language()}", lambda: _featured_html(request))
