"""Responses of the index pages' routes: the listing, its landing pages and its exports."""

from scenes.exports import export_response, scene_table, solution_table
from scenes.services import catalogue

EXPORT_FORMATS = ("csv", "xlsx")


def _respond(request, page, listing, table):
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        headers, rows = table(listing.queryset, request)
        return export_response(fmt, headers, rows, listing.title)
    return page.render(request, context_overrides={"listing": listing})


def scene_listing(request, page, landing=None):
    return _respond(request, page, catalogue.scene_listing(request, page, landing), scene_table)


def solution_listing(request, page, landing=None):
    return _respond(request, page, catalogue.solution_listing(request, page, landing), solution_table)
