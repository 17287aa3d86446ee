"""Absolute links: every link that leaves the page it was made on (e-mails, the API, exports,
canonical and sitemap addresses) starts with the one site address.

That address is ``SITE_URL`` when it is configured (always in production, where a request's Host
header is never trusted for it). In development without ``SITE_URL`` it is the scheme, host and
port that served the request (checked against ALLOWED_HOSTS by ``request.get_host()``), so a link
opened from another machine on the network comes back to the same server; outside a request (an
e-mail sent by a task) it is the origin of the last request served (``DevelopmentOriginMiddleware``).
"""

from django.conf import settings
from django.core.cache import cache

# Shared through the cache, so a development Celery worker (another process) links like the web server.
_SERVED_ORIGIN_KEY = "links:served-origin"
_served_origin = None


def site_url(request=None):
    """The scheme, host and port links start with, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if settings.DEBUG:
        if request is not None:
            return request_origin(request)
        return _served_origin or cache.get(_SERVED_ORIGIN_KEY) or settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path, request=None):
    """``path`` (``/scenes/x/``) as a full address; an address that is already full is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + path


def page_url(page, request=None):
    """A page's full address; None when it has none (a page outside every site)."""
    parts = page.get_url_parts(request)
    if parts is None or parts[2] is None:
        return None
    return absolute_url(parts[2], request)


def request_origin(request):
    return f"{request.scheme}://{request.get_host()}"


def remember_served_origin(request):
    global _served_origin
    origin = request_origin(request)
    if origin != _served_origin:
        _served_origin = origin
        cache.set(_SERVED_ORIGIN_KEY, origin, None)


def forget_served_origin():
    """For tests: back to the configured fallback."""
    global _served_origin
    _served_origin = None
    cache.delete(_SERVED_ORIGIN_KEY)


class SiteUrlPageMixin:
    """Page addresses (``full_url``, sitemaps, feeds, "view live") from the site address above
    instead of the Wagtail Site record's hostname and port (``localhost:80`` in the demo)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        site_id, _root_url, page_path = parts
        return site_id, site_url(request), page_path
