"""/scenes/statistics/: scenes by city, domain, launch year and level, as SVG charts with tables."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from cms.links import absolute_url
from scenes.charts import bar_chart
from scenes.stats import listing_urls, scene_statistics, showcase_figures


def statistics(request):
    stats = scene_statistics()
    city_note = ""
    if stats["other_nodes"]:
        city_note = _("另有 %(count)s 个场景属于省级主平台或行业分节点。") % {"count": stats["other_nodes"]}
    year_note = _("%(count)s 个场景未填写上线日期。") % {"count": stats["undated"]} if stats["undated"] else ""
    charts = [
        bar_chart("city", _("各市应用场景数量"), _("城市"), stats["by_city"], filter_key="node", note=city_note),
        bar_chart(
            "domain",
            _("各领域应用场景数量"),
            _("应用领域"),
            stats["by_domain"],
            filter_key="domain",
            note=_("一个场景可属于多个领域，因此各领域之和可能大于场景总数。"),
        ),
        bar_chart("year", _("各年度上线场景数量"), _("上线年份"), stats["by_year"], filter_key="year", note=year_note),
        bar_chart("level", _("各认定级别场景数量"), _("认定级别"), stats["by_level"], filter_key="level"),
    ]
    context = {
        "figures": showcase_figures(),
        "total": stats["total"],
        "charts": charts,
        "scenes_url": listing_urls()["scenes"],
        "canonical_url": absolute_url(request.path, request),
    }
    return render(request, "pages/statistics.html", context)
