"""Whole public pages kept for anonymous visitors, so a second visit costs no query at all.

A key holds every *content version* registered here (the site's in cms/site_cache.py, the
showcase's in scenes/cache.py, the contests' in contests/public_cache.py), the language, the host
and the full path with its query string: publishing, unpublishing, moving or deleting a page, or
editing the taxonomy, a contest's dates or its awards starts a new version, and old entries simply
expire. An entry lives at most ``PAGE_CACHE_TIMEOUT`` (a minute without Redis, when the other
workers cannot see a new version), and never past the next contest deadline
(registered ``expiry caps``), since pages say which phase a contest is in.

Only requests without a session or a message cookie (no signed-in user, no pending message) are served from or stored
into the cache, and only 200 answers that set no cookie: a page carrying a form with a CSRF token
sets the CSRF cookie and is never stored. Stored pages carry ``Cache-Control: public``, an ``ETag``
and a ``Last-Modified`` date, so nginx or a CDN can keep them too and a browser's revalidation is
answered with 304; pages answered to a session say ``private``.
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from cms.cache_versions import cache_is_shared, current_versions

PAGE_CACHE_TIMEOUT = 10 * 60
# With a per-process cache (no Redis) other workers never hear of a new version: a minute at most.
UNSHARED_PAGE_CACHE_TIMEOUT = 60
# How long nginx or a CDN may answer without asking (browsers always revalidate, cheaply).
SHARED_CACHE_SECONDS = 60
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Query parameters that turn a page into a download: never cached.
UNCACHED_PARAMETERS = ("format",)

_version_keys = []  # cache keys of CacheVersion counters (cms.cache_versions)
_expiry_caps = []  # callables: seconds until the cached pages may be out of date, or None


def register_version(cache_version):
    """Make a CacheVersion part of every page key: bumping it retires every stored page."""
    if cache_version.key not in _version_keys:
        _version_keys.append(cache_version.key)


def register_expiry_cap(seconds_left):
    """``seconds_left()`` bounds how long a page may stay stored (e.g. until the next deadline)."""
    if seconds_left not in _expiry_caps:
        _expiry_caps.append(seconds_left)


def enabled():
    return getattr(settings, "SHOWCASE_CACHE_LISTINGS", False)


def cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A message waiting in its cookie (e.g. "signed out") is shown by the next page built.
        and CookieStorage.cookie_name not in request.COOKIES
        and not any(name in request.GET for name in UNCACHED_PARAMETERS)
    )


def _versions():
    found = current_versions(_version_keys)
    return ".".join(str(found[key]) for key in _version_keys)


def _key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:v{_versions()}:{get_language()}:{request.get_host()}:{path}"


def _timeout(page_timeout=None):
    longest = PAGE_CACHE_TIMEOUT if cache_is_shared() else UNSHARED_PAGE_CACHE_TIMEOUT
    limits = [longest, page_timeout] + [cap() for cap in _expiry_caps]
    return max(0, int(min(limit for limit in limits if limit is not None)))


def _public_headers(response, etag, stored_at):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stored_at)
    patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_CACHE_SECONDS, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def from_cache(request):
    stored = cache.get(_key(request))
    if stored is None:
        return None
    content_type, body, etag, stored_at, expires_at = stored
    if time.time() >= expires_at:  # past a deadline by our clock, whatever the cache server's says
        return None
    conditional = get_conditional_response(request, etag=etag, last_modified=int(stored_at))
    if conditional is not None:  # the visitor's (or the CDN's) copy is still current: 304
        return _public_headers(conditional, etag, stored_at)
    if "csrfmiddlewaretoken" in body:  # not stored today; kept for pages stored with a form
        body = _CSRF_INPUT.sub(rf"\g<1>{get_token(request)}\g<2>", body)
    response = HttpResponse(body, content_type=content_type)
    response["X-Showcase-Cache"] = "hit"
    return _public_headers(response, etag, stored_at)


def store(request, response, page_timeout=None):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200 or response.streaming or response.cookies:
        return response
    timeout = _timeout(page_timeout)
    if timeout <= 0:
        return response
    body = response.content.decode(response.charset)
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    stored_at = time.time()
    cache.set(_key(request), (response["Content-Type"], body, etag, stored_at, stored_at + timeout), timeout)
    response["X-Showcase-Cache"] = "miss"
    return _public_headers(response, etag, stored_at)


def mark_private(response):
    """A page answered to someone with a session may be personal: no shared cache keeps it."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def cached_response(request, render, page_timeout=None):
    """The response of ``render()`` for this request, from the cache when an equal request (same
    path, query string, language and content versions) was answered before."""
    if not cacheable(request):
        response = render()
        return mark_private(response) if settings.SESSION_COOKIE_NAME in request.COOKIES else response
    return from_cache(request) or store(request, render(), page_timeout)


def cache_for_anonymous(view):
    """Decorator for function views outside the page tree (statistics, feeds, the sitemap)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return cached_response(request, lambda: view(request, *args, **kwargs))

    return wrapper


def cache_pages(next_serve):
    """Wagtail ``on_serve_page`` hook (registered after Wagtail's own, so the view-restriction check
    runs first and a restricted page is never stored): with the cache on, every page answered to an
    anonymous visitor is stored; a page showing live counts shortens its stay with the attribute
    ``anonymous_cache_seconds``."""

    def serve(page, request, serve_args, serve_kwargs):
        if not enabled():
            return next_serve(page, request, serve_args, serve_kwargs)
        return cached_response(
            request,
            lambda: next_serve(page, request, serve_args, serve_kwargs),
            page_timeout=getattr(page, "anonymous_cache_seconds", None),
        )

    return serve


def answer_from_cache(request):
    """For the URL view in front of Wagtail's: a stored page for this request, or None."""
    if enabled() and cacheable(request):
        return from_cache(request)
    return None
