"""Whole-response caching of showcase pages for anonymous visitors, invalidated by publishing.

Keys hold the content version of scenes.stats, the language and the full path with its query
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
from wagtail import hooks

from scenes.stats import content_version

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


def cached_response(request, render):
    """The response of ``render()`` for this request, from the cache when an equal request (same
    path, query string, language and content version) was answered before."""
    if not _cacheable(request):
        return render()
    key = _key(request)
    stored = cache.get(key)
    if stored is not None:
        content_type, body = stored
        response = HttpResponse(_CSRF_INPUT.sub(rf"\g<1>{get_token(request)}\g<2>", body), content_type=content_type)
        response["X-Showcase-Cache"] = "hit"
        return response
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response["Content-Type"], response.content.decode(response.charset)), PAGE_CACHE_TIMEOUT)
        response["X-Showcase-Cache"] = "miss"
    return response


def cache_for_anonymous(view):
    """Decorator for function views (request first) and Wagtail route methods (page, request)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request = args[1] if len(args) > 1 and hasattr(args[1], "META") else args[0]
        return cached_response(request, lambda: view(*args, **kwargs))

    return wrapper


@hooks.register("before_serve_page")
def serve_catalogues_from_cache(page, request, serve_args, serve_kwargs):
    """With SHOWCASE_CACHE_LISTINGS on, /scenes/ and /solutions/ (and their landing pages) are
    answered from the cache for anonymous visitors; returning None lets Wagtail serve as usual."""
    from scenes.models import SceneIndexPage, SolutionIndexPage

    if not getattr(settings, "SHOWCASE_CACHE_LISTINGS", False):
        return None
    if not isinstance(page, SceneIndexPage | SolutionIndexPage) or not _cacheable(request):
        return None
    return cached_response(request, lambda: page.serve(request, *serve_args, **serve_kwargs))
