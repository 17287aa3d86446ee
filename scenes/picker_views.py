"""The page editors' data resource search (GET /admin/scenes/resource-search/?q=), for the picker of
scenes/widgets.py. An admin URL: Wagtail lets only users who may enter the admin reach it, and sends
anyone else to the admin login. The catalogue is public anyway (/data/), so nothing more is checked."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from scenes.services.resource_picker import as_choice, pick_resources


@require_GET
def resource_search(request):
    rows, more = pick_resources(request.GET.get("q", ""))
    return JsonResponse({"results": [as_choice(row) for row in rows], "more": more})
