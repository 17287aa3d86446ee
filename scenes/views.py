"""What the showcase pages hand over to when they are served: the index pages' listing, landing
pages and exports, and the context of a scene or solution page.

The far end of the one import seam in scenes (``scenes.models.pages._views``): the page models call
these lazily, and these read the page models through the services.
"""

from scenes.exports import export_response, scene_table, solution_table
from scenes.services import catalogue, detail

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


def scene_page_context(request, scene):
    return detail.scene_detail_context(scene, request)


def solution_page_context(request, solution):
    return detail.solution_detail_context(solution, request)
