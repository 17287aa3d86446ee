"""/portal/resource-search/?q=: the entry form's data resource picker asks this for matches
(scenes/widgets.py DataResourcePicker). For any signed-in person — the catalogue is public at /data/;
signing in only keeps the search to the portal's users."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from scenes.services.resource_picker import as_choice, pick_resources


@login_required
@require_GET
def resource_search(request):
    rows, more = pick_resources(request.GET.get("q", ""))
    return JsonResponse({"results": [as_choice(row) for row in rows], "more": more})
