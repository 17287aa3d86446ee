"""Response headers that Django's SecurityMiddleware does not set itself."""

from django.conf import settings
from django.utils.cache import patch_vary_headers

# Everything is served from our own origin; Wagtail's admin needs inline styles and scripts.
DEFAULT_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self'; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' https://player.bilibili.com "
    "https://v.qq.com https://www.youtube-nocookie.com; frame-ancestors 'self'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)


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
    """Chinese unless the visitor chose English with the language switcher (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which turns the interface
    English for most foreign browsers while the content stays Chinese; we only honour an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response
