"""/sitemap.xml: a sitemap index naming one file per section and page of a section, so that no file
passes the protocol's 50,000 URLs. Every item is listed twice, at its Chinese address and at its
English one under /en/, so a file holds ``SITEMAP_ITEMS_PER_FILE`` items (25,000: 50,000 URLs).

Sections: ``pages`` (every live, public Wagtail page) and whatever the apps register in
``cms.registry.sitemap_sections`` (scenes: the data resources, /data/<slug>/).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap

from cms.links import absolute_url
from cms.page_cache import cache_for_anonymous
from cms.registry import sitemap_sections


class PagedSitemapMixin:
    """Files of ``SITEMAP_ITEMS_PER_FILE`` items, and a latest change read with one aggregate (the
    default reads every item to find it)."""

    lastmod_field = None

    @property
    def limit(self):
        return settings.SITEMAP_ITEMS_PER_FILE

    def lastmod_queryset(self):
        return self.items()

    def get_latest_lastmod(self):
        if self.lastmod_field is None:
            return None
        return self.lastmod_queryset().aggregate(latest=Max(self.lastmod_field))["latest"]


class BilingualSitemap(PagedSitemapMixin, Sitemap):
    lastmod_field = "last_published_at"

    def lastmod_queryset(self):
        # The same pages, without .specific() (an aggregate needs no page type).
        return self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()

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


class BilingualModelSitemap(PagedSitemapMixin, DjangoSitemap):
    """A section of objects with ``get_absolute_url()`` (under i18n_patterns), each listed in every
    language at the site address (cms/links.py); ``lastmod_field`` names their change date."""

    def __init__(self, request=None):
        self.request = request

    def _urls(self, page, protocol, domain):
        by_language = {code: [] for code, _name in settings.LANGUAGES}
        for item in self.paginator.page(page).object_list:
            lastmod = getattr(item, self.lastmod_field) if self.lastmod_field else None
            for code, urls in by_language.items():
                with translation.override(code):
                    location = absolute_url(item.get_absolute_url(), self.request)
                urls.append({"item": item, "location": location, "lastmod": lastmod})
        return [url_info for urls in by_language.values() for url_info in urls]


def sections(request):
    """{section name: sitemap} in order: the pages, then the apps' sections."""
    found = {"pages": BilingualSitemap(request)}
    for key, make in sitemap_sections.items():
        found[key] = make(request)
    return found


@cache_for_anonymous
def sitemap(request):
    """The index: one entry per file (``/sitemap-<section>.xml``, then ``?p=2``, …)."""
    items = []
    for name, site in sections(request).items():
        location = absolute_url(reverse("sitemap_section", kwargs={"section": name}), request)
        last_mod = site.get_latest_lastmod()
        items.append(SitemapIndexItem(location, last_mod))
        for number in range(2, site.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{location}?p={number}", last_mod))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


@cache_for_anonymous
def sitemap_section(request, section):
    found = sections(request)
    if section not in found:
        raise Http404("No sitemap section of that name")
    return django_sitemap(request, {section: found[section]}, section=section)
