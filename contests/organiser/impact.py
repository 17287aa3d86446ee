"""The organiser's impact view (/admin/impact/): the public dashboard's figures plus the unconfirmed
milestones (待确认, 需补充材料) and one row per winning entry, with the same filters and downloads
(which then carry the unconfirmed column). Organisers only, checked on every request."""

import io

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.http import attachment
from contests.organiser.base import OrganiserMenuItem, require_organiser
from contests.services import impact as impact_service
from contests.services.exports.impact import CONTENT_TYPES, impact_download
from contests.services.exports.open_data_use import build_open_data_workbook

OPEN_DATA = "open-data"


def _open_data_download(contest):
    """The 开放数林 利用层 workbook (as ``export_open_data_use``) of the chosen contest, or of all."""
    buffer = io.BytesIO()
    build_open_data_workbook(buffer, contest)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    name = f"{_('开放数林利用层报送')}-{contest.slug if contest else 'all'}-{stamp}.xlsx"
    response["Content-Disposition"] = attachment(name, fallback=f"open-data-use-{stamp}.xlsx")
    return response


def impact_view(request):
    require_organiser(request.user)
    choices = impact_service.filter_choices()
    filters = impact_service.parse_filters(request.GET, choices)
    fmt = request.GET.get("format")
    if fmt == OPEN_DATA:
        return _open_data_download(filters.contest)
    result = impact_service.impact(filters, with_unconfirmed=True, choices=choices)
    if fmt in CONTENT_TYPES:
        return impact_download(result, fmt, _("落地成效（含待确认）"))
    query = filters.query()
    scope = {"contest": filters.contest.slug} if filters.contest else {}
    return TemplateResponse(
        request,
        "contests/admin/impact.html",
        {
            "result": result,
            "choices": choices,
            "filters": filters,
            "action": reverse("contest_impact"),
            "public_url": reverse("contests:impact") + ("?" + urlencode(query) if query else ""),
            "csv_url": "?" + urlencode({**query, "format": "csv"}),
            "xlsx_url": "?" + urlencode({**query, "format": "xlsx"}),
            "open_data_url": "?" + urlencode({**scope, "format": OPEN_DATA}),
        },
    )


def admin_urls():
    return [path("impact/", impact_view, name="contest_impact")]


def menu_item():
    return OrganiserMenuItem(gettext_lazy("落地成效"), reverse("contest_impact"), icon_name="doc-full", order=236)
