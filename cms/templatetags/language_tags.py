"""The page's address in each language: the switcher's links and the <head> alternates.

Chinese lives at the unprefixed URLs, English under /en/ (cms/urls.py); Django's translate_url
maps one onto the other, query string included, so /scenes/?city=jinan becomes
/en/scenes/?city=jinan and back. Pages outside the translated URL patterns (none of the public
ones) keep their own address.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from cms.links import absolute_url
from cms.models.english import localized_title as _localized_title

register = template.Library()

# BCP 47 tags for hreflang; Django's own codes are lower case (zh-hans).
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def _translated_path(request, code):
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """[{code, name, hreflang, url, current}] for every language of the site, in settings order."""
    request = context.get("request")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = _translated_path(request, code) if request is not None else ""
        links.append(
            {"code": code, "name": name, "hreflang": HREFLANG.get(code, code), "url": url, "current": code == current}
        )
    return links


@register.inclusion_tag("includes/hreflang_alternates.html", takes_context=True)
def hreflang_alternates(context):
    """<link rel="alternate" hreflang> for each language and x-default (the Chinese address), from the site address."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    alternates = [
        (HREFLANG.get(code, code), absolute_url(_translated_path(request, code), request))
        for code, _name in settings.LANGUAGES
    ]
    default = absolute_url(_translated_path(request, settings.LANGUAGE_CODE), request)
    return {"alternates": [*alternates, ("x-default", default)]}


@register.simple_tag
def home_url():
    """The site root in the active language: / or /en/."""
    return reverse("wagtail_serve", args=("",))


@register.filter
def localized_title(page):
    """``{{ page|localized_title }}``: the English title of a structural page on the English site."""
    return _localized_title(page)
