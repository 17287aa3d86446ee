"""The slug the server would give a page with this title under this parent, for the admin's slug
field while the editor types the title (cms/static/js/readable-slug.js)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cms.slugs import readable_slug, sibling_slug_taken, unique_slug


@require_GET
def slug_suggestion(request):
    parent = get_object_or_404(Page, pk=_int(request.GET.get("parent")))
    page = Page.objects.filter(pk=_int(request.GET.get("page"))).first()
    title = request.GET.get("title", "")[:255]
    slug = unique_slug(readable_slug(title), sibling_slug_taken(parent, page))
    return JsonResponse({"slug": slug})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
