"""/sitemap.xml with every page twice: its Chinese address and its English one under /en/."""

from django.conf import settings
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class BilingualSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        # Page URLs follow the active language (i18n_patterns), so each pass yields one language's.
        urls = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls += super()._urls(page, protocol, domain)
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"wagtail": BilingualSitemap})
