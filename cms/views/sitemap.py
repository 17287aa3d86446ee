"""/sitemap.xml with every page twice: its Chinese address and its English one under /en/."""

from django.conf import settings
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cms.page_cache import cache_for_anonymous


class BilingualSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        # One pass over the pages (as Wagtail's own, streamed), each page's URLs taken in every
        # language: page URLs follow the active language (i18n_patterns). Listed language by language.
        by_language = {code: [] for code, _name in settings.LANGUAGES}
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for code, urls in by_language.items():
                with translation.override(code):
                    for url_info in item.get_sitemap_urls(self.request):
                        urls.append(url_info)
                        last_mods.add(url_info.get("lastmod"))
        # No lastmod at all when the whole site is private.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return [url_info for urls in by_language.values() for url_info in urls]


@cache_for_anonymous
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"wagtail": BilingualSitemap})
