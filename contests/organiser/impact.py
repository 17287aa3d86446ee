"""The organiser's impact view (/admin/impact/): the public dashboard's figures plus the unconfirmed
milestones (待确认, 需补充材料) and one row per winning entry, with the same filters and downloads
(which then carry the unconfirmed column). Organisers only, checked on every request."""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.organiser.base import OrganiserMenuItem, require_organiser
from contests.services import impact as impact_service
from contests.services.exports.impact import CONTENT_TYPES, impact_download


def impact_view(request):
    require_organiser(request.user)
    choices = impact_service.filter_choices()
    filters = impact_service.parse_filters(request.GET, choices)
    result = impact_service.impact(filters, with_unconfirmed=True, choices=choices)
    fmt = request.GET.get("format")
    if fmt in CONTENT_TYPES:
        return impact_download(result, fmt, _("落地成效（含待确认）"))
    query = filters.query()
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
        },
    )


def admin_urls():
    return [path("impact/", impact_view, name="contest_impact")]


def menu_item():
    return OrganiserMenuItem(gettext_lazy("落地成效"), reverse("contest_impact"), icon_name="doc-full", order=236)
