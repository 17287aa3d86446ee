"""Response headers that Django's SecurityMiddleware does not set itself."""

from django.conf import settings

from cms.embeds.providers import frame_src

# Everything is served from our own origin; Wagtail's admin needs inline styles and scripts. Frames:
# our own pages and the video players of the embed allow-list (cms/embeds/providers.py), nothing else.
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self'; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    f"font-src 'self' data:; connect-src 'self'; {frame_src()}; frame-ancestors 'self'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)


class RejectNullCharactersMiddleware:
    """400 for a NUL character in the path or a query parameter.

    Forms refuse NUL themselves (Django's ProhibitNullCharactersValidator), but path segments and
    query parameters reach the database as they are (facet filters, search, opaque codes), and
    PostgreSQL refuses NUL in text with an error that would otherwise surface as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest

        if "\x00" in request.path or any("\x00" in key + value for key, value in _query_items(request)):
            raise BadRequest("NUL character in the request address")
        return self.get_response(request)


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value


class DevelopmentOriginMiddleware:
    """In development without SITE_URL, remembers the host and port that served the last request, so
    that links built outside a request (e-mails sent by tasks) lead back to the same server
    (cms/links.py). Does nothing once SITE_URL is set, and never outside DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG and not settings.SITE_URL:
            from cms.links import remember_served_origin

            remember_served_origin(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class ChineseFirstLocaleMiddleware:
    """The URL decides the language: English under the /en/ prefix, Chinese everywhere else.

    Django's LocaleMiddleware would also follow the browser's Accept-Language and the language
    cookie, which would make one unprefixed URL answer in two languages; the published URLs are
    Chinese whatever the visitor's browser or earlier choice, and a shared /en/ link stays English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
