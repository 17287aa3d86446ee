"""/sitemap.xml: a sitemap index naming one file per section and page of a section, so that no file
passes the protocol's 50,000 URLs. Every item is listed twice, at its Chinese address and at its
English one under /en/, so a file holds ``SITEMAP_ITEMS_PER_FILE`` items (25,000: 50,000 URLs).

Sections: ``pages`` (every live, public Wagtail page) and whatever the apps register in
``cms.registry.sitemap_sections`` (scenes: the data resources, /data/<slug>/).
"""

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
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
    """A section of objects served at the URL named ``url_name`` (under i18n_patterns, one keyword
    argument ``url_field``), each listed in every language at the site address (cms/links.py);
    ``lastmod_field`` names their change date. The address is reversed once per language and the
    field put in: reversing 50,000 times took seconds."""

    url_name = None
    url_field = "slug"

    def __init__(self, request=None):
        self.request = request

    def _location_pattern(self):
        marker = "__sitemap_item__"
        path = reverse(self.url_name, kwargs={self.url_field: marker})
        return absolute_url(path, self.request).replace(marker, "{}")

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        urls, last_mods = [], []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                pattern = self._location_pattern()
            for item in rows:
                lastmod = getattr(item, self.lastmod_field) if self.lastmod_field else None
                location = pattern.format(quote(str(getattr(item, self.url_field)), safe=""))
                urls.append({"item": item, "location": location, "lastmod": lastmod})
                last_mods.append(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


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


def _lastmod(value, zone):
    # As Django's template (|date:"Y-m-d"): the date in the site's time zone (Beijing).
    if isinstance(value, dt.datetime):
        return (value.astimezone(zone) if value.tzinfo else value).date().isoformat()
    return value.isoformat()


def _urlset(urls):
    """The <urlset> of ``urls`` (Django's sitemap.xml, written directly: the template took about
    0.25 ms a URL, 12 s for a full file of 50,000)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    ]
    zone = timezone.get_current_timezone()
    for url in urls:
        lastmod = url.get("lastmod")
        parts.append(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{_lastmod(lastmod, zone)}</lastmod>" if lastmod else "")
            + (f"<changefreq>{escape(url['changefreq'])}</changefreq>" if url.get("changefreq") else "")
            + (f"<priority>{escape(url['priority'])}</priority>" if url.get("priority") else "")
            + "</url>"
        )
    parts.append("</urlset>\n")
    return "\n".join(parts)


@cache_for_anonymous
@x_robots_tag
def sitemap_section(request, section):
    """One file of a section: ``?p=N`` for its N-th file."""
    found = sections(request)
    if section not in found:
        raise Http404("No sitemap section of that name")
    try:
        urls = found[section].get_urls(
            page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such file of the section") from error
    return HttpResponse(_urlset(urls), content_type="application/xml")
