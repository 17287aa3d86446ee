"""/impact/ (the public impact dashboard) and /impact/<contest slug>/ (a contest's printable fact
sheet): figures from ``contests.services.impact`` — final, unrevoked awards and confirmed milestones
only — as SVG charts beside data tables (the statistics page's components), and the table as CSV or
XLSX (``?format=csv|xlsx``, never stored by the page cache). Unknown filter values are ignored."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.links import absolute_url
from contests.models import Contest
from contests.services import impact as impact_service
from contests.services.exports.impact import CONTENT_TYPES, impact_download
from contests.services.loop_public import public_contest_pages
from scenes.charts import bar_chart

TOP_CITIES = 5
# The fact sheet stays on one A4 page: at most this many go-lives are listed, the rest counted.
LISTED_GO_LIVES = 12


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float
    key: str


def charts(result):
    """The dashboard's charts: 落地率 per contest year, go-lives per city, winners and go-lives per domain."""
    # The rate as in the tiles and tables (12.5), not rounded to a whole number (12).
    rates = [ChartRow(f.label, f.rate_percent or 0, f.key) for f in result.by_year]
    return [
        bar_chart(
            "rate-by-year",
            _("各年度落地率（%）"),
            _("年度"),
            rates,
            filter_key="year",
            note=_("落地率 = 有已确认上线的获奖作品 ÷ 获奖作品。"),
        ),
        bar_chart(
            "go-lives-by-city",
            _("各市已确认上线数"),
            _("城市"),
            [ChartRow(f.label, f.go_lives, f.key) for f in result.by_city],
            filter_key="city",
        ),
        bar_chart(
            "winners-by-domain",
            _("各领域获奖作品数"),
            _("应用领域"),
            [ChartRow(f.label, f.winner_count, f.key) for f in result.by_domain],
            filter_key="domain",
            note=_("一件作品可属于多个领域。"),
        ),
    ]


def dashboard(request):
    choices = impact_service.filter_choices()
    filters = impact_service.parse_filters(request.GET, choices)
    result = impact_service.impact(filters, choices=choices)
    fmt = request.GET.get("format")
    if fmt in CONTENT_TYPES:
        return impact_download(result, fmt, _("落地成效"))
    query = filters.query()
    pages = public_contest_pages({c.pk for c in choices["contests"]})
    context = {
        "result": result,
        "choices": choices,
        "filters": filters,
        "charts": charts(result),
        "base_url": reverse("contests:impact"),
        "csv_url": "?" + urlencode({**query, "format": "csv"}),
        "xlsx_url": "?" + urlencode({**query, "format": "xlsx"}),
        "canonical_url": absolute_url(request.path, request),
        "fact_sheets": [c for c in choices["contests"] if c.pk in pages],
    }
    return render(request, "pages/impact.html", context)


def fact_sheet(request, slug):
    contest = Contest.objects.filter(slug=slug[:60]).first()
    pages = public_contest_pages({contest.pk}) if contest else {}
    if contest is None or contest.pk not in pages:
        raise Http404
    choices = impact_service.filter_choices()
    result = impact_service.impact(impact_service.Filters(contest=contest), choices=choices)
    go_lives = impact_service.confirmed_go_lives(contest)
    cities = sorted((c for c in result.by_city if c.go_lives or c.pilots), key=lambda c: (-c.go_lives, -c.pilots))
    context = {
        "contest": contest,
        "contest_url": pages[contest.pk].get_url(request),
        "result": result,
        "final": contest in choices["contests"],
        "top_cities": cities[:TOP_CITIES],
        "go_lives": go_lives[:LISTED_GO_LIVES],
        "more_go_lives": max(len(go_lives) - LISTED_GO_LIVES, 0),
        "dashboard_url": reverse("contests:impact") + "?" + urlencode({"contest": contest.slug}),
        "canonical_url": absolute_url(request.path, request),
        "printed_on": timezone.localdate(),
    }
    return render(request, "pages/impact_fact_sheet.html", context)
