"""Whole-response caching of showcase pages for anonymous visitors, invalidated by publishing.

Keys hold the content version of scenes/cache.py, the language and the full path with its query
string: a publish, unpublish, delete or taxonomy edit starts a new generation, and old entries
simply expire. Only requests without a session (so no logged-in user, no pending messages) are
served from or stored into the cache. Every page carries the language switcher's CSRF token; the
cached HTML gets the current visitor's token put back in, so switching language keeps working.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail.views import serve as wagtail_serve

from scenes.cache import content_version

PAGE_CACHE_TIMEOUT = 10 * 60
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Query parameters that turn a page into a download: never cached.
UNCACHED_PARAMETERS = ("format",)


def _cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not any(name in request.GET for name in UNCACHED_PARAMETERS)
    )


def _key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"showcase:page:v{content_version()}:{get_language()}:{request.get_host()}:{path}"


def _from_cache(request):
    stored = cache.get(_key(request))
    if stored is None:
        return None
    content_type, body = stored
    response = HttpResponse(_CSRF_INPUT.sub(rf"\g<1>{get_token(request)}\g<2>", body), content_type=content_type)
    response["X-Showcase-Cache"] = "hit"
    return response


def _store(request, response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(
            _key(request), (response["Content-Type"], response.content.decode(response.charset)), PAGE_CACHE_TIMEOUT
        )
        response["X-Showcase-Cache"] = "miss"
    return response


def cached_response(request, render):
    """The response of ``render()`` for this request, from the cache when an equal request (same
    path, query string, language and content version) was answered before."""
    if not _cacheable(request):
        return render()
    return _from_cache(request) or _store(request, render())


def cache_for_anonymous(view):
    """Decorator for function views (request first) and Wagtail route methods (page, request)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request = args[1] if len(args) > 1 and hasattr(args[1], "META") else args[0]
        return cached_response(request, lambda: view(*args, **kwargs))

    return wrapper


def _catalogue_cache_on():
    return getattr(settings, "SHOWCASE_CACHE_LISTINGS", False)


def cache_catalogues(next_serve):
    """With SHOWCASE_CACHE_LISTINGS on, the catalogues (/scenes/, /solutions/ and their landing
    pages) are stored for anonymous visitors and answered from the cache on the next request."""

    def serve(page, request, serve_args, serve_kwargs):
        from scenes.models import SceneIndexPage, SolutionIndexPage

        if not (_catalogue_cache_on() and isinstance(page, SceneIndexPage | SolutionIndexPage)):
            return next_serve(page, request, serve_args, serve_kwargs)
        return cached_response(request, lambda: next_serve(page, request, serve_args, serve_kwargs))

    return serve


def serve_catalogue(request, path):
    """URL view in front of Wagtail's for the catalogue paths: a cached answer skips Wagtail's site
    and page routing (its queries); anything else goes to Wagtail unchanged. Entries exist only for
    responses that passed Wagtail's checks, and any view restriction change starts a new version."""
    if _catalogue_cache_on() and _cacheable(request):
        response = _from_cache(request)
        if response is not None:
            return response
    return wagtail_serve(request, path)
