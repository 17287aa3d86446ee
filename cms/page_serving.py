"""The URL view in front of Wagtail's page serving.

1. An anonymous visitor's page stored in the cache (cms/page_cache.py) is answered at once.
2. Otherwise the page is found by a remembered route: Wagtail walks the tree one level at a time
   (a query or two per level, five for a scene page); the route cache maps the page's address to
   its id and type, so finding the page costs one query (and one cache read for all the leading
   parts of the path). A remembered route is used only while that page is live and still at that
   address (a renamed or moved page, or a new site root, falls back to Wagtail's walk), so
   publishing needs to forget nothing. The page's view restrictions come from the site cache
   (cms/site_cache.py). Then Wagtail's own ``serve`` runs with all its hooks, unchanged.

A path nobody has asked for yet, or whose page went away, is routed by Wagtail as before; 404s are
not remembered (a crawler's guesses would fill the cache).
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail import views as wagtail_views

from cms import page_cache, site_cache

ROUTE_TIMEOUT = 24 * 60 * 60


def _route_key(site, path_components):
    path = "/".join(path_components)
    return f"site:route:{site.pk}:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _remembered_route(request, site, path_components):
    """The route through the page remembered for the longest leading part of the path: routes are
    kept per page address (``consumed`` components), never per path asked for, so a crawler's
    made-up sub-paths of a page add no keys; the page routes the rest itself."""
    keys = {_route_key(site, path_components[:consumed]): consumed for consumed in range(len(path_components) + 1)}
    # (A cache that is down answers with nothing usable: django-redis's IGNORE_EXCEPTIONS.)
    found = {key: value for key, value in (cache.get_many(list(keys)) or {}).items() if key in keys and value}
    if not found:
        return None, None
    key = max(found, key=keys.get)
    consumed = keys[key]
    page_id, content_type_id = found[key]
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    # A page type may name the relations its template always reads (``serve_select_related``).
    pages = model.objects.select_related(*getattr(model, "serve_select_related", ()))
    try:
        page = pages.get(pk=page_id, live=True)
    except model.DoesNotExist:
        return None, None
    # Still at the address the route was learnt for (not renamed, moved, nor under another root).
    expected = site.root_page.url_path + "".join(f"{component}/" for component in path_components[:consumed])
    if page.url_path != expected or page.depth - site.root_page.depth != consumed:
        return None, None
    try:
        return page.route(request, path_components[consumed:]), page
    except Http404:
        return None, None


def _remember(site, page, path_components):
    consumed = page.depth - site.root_page.depth
    if 0 <= consumed <= len(path_components) and page.path.startswith(site.root_page.path):
        cache.set(_route_key(site, path_components[:consumed]), (page.pk, page.content_type_id), ROUTE_TIMEOUT)


def route_for_request(request, path):
    """``Page.route_for_request`` with one query for a path that was routed before."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_cache.site_for_request(request)
    if site is None:
        request._wagtail_route_for_request = None
        return None
    components = [component for component in path.split("/") if component]
    result, remembered_page = _remembered_route(request, site, components)
    if result is None:
        try:
            result = site.root_page.localized.specific.route(request, components)
        except Http404:
            result = None
    # A page reached below the remembered one (or by the walk) is remembered at its own address.
    if result is not None and (remembered_page is None or result.page.pk != remembered_page.pk):
        _remember(site, result.page, components)
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    answer = page_cache.answer_from_cache(request)
    if answer is not None:
        return answer
    result = route_for_request(request, path)
    if result is None:
        raise Http404
    page = result[0]
    page._view_restrictions_from_cache = site_cache.restrictions_for_path(page.path)
    # Wagtail's serve finds the route on the request and runs its hooks (restrictions, the cache).
    return wagtail_views.serve(request, path)
