from django import template
from django.utils.translation import get_language

from cms import links, site_cache
from cms.formats import datetime_with_seconds
from cms.models.english import in_english

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly under the site root marked "show in menus", in tree order."""
    request = context.get("request")
    site = site_cache.site_for_request(request) if request else None
    if site is None:
        return []

    def load():
        pages = site_cache.public(site.root_page.get_children().live().in_menu())
        if in_english():
            # Their English titles are fields of the specific page models (one query per page type).
            return list(pages.defer_streamfields().specific())
        return list(pages.only("title", "url_path", "depth", "path"))

    return site_cache.main_menu_pages(site, get_language(), load)


@register.simple_tag(takes_context=True)
def is_active(context, page):
    """True when the current request's path lies under the given menu page."""
    request = context.get("request")
    url = page.get_url(request)
    return bool(request and url and url != "/" and request.path.startswith(url))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as a full address from the site address (cms/links.py), e.g. an image for og:image."""
    return links.absolute_url(path, context.get("request"))


@register.filter(expects_localtime=True, is_safe=False)
def datetime_seconds(value):
    """A date and time to the second in the page's language: ``2026年8月2日 23:59:59`` or
    ``2 August 2026, 23:59:59`` (the site's DATETIME_FORMAT, which ends in minutes, plus the seconds)."""
    return datetime_with_seconds(value) if value else ""
