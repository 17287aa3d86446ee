"""Titles as you type, and “你是不是要找…” for the site search: over the page types the site
suggests (settings.SEARCH_SUGGEST_PAGE_TYPES: scenes and solutions), live and public only.

Both are answered from the cache under the search version (cms/search/cache.py), so typing costs
at most three queries per new prefix — whatever the number of pages — and none when repeated.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from wagtail.models import Page
from wagtail.search import index

from cms.search.cache import cached
from cms.search.pinyin import pinyin_query
from cms.search.queries import clean_query
from cms.search.similar import did_you_mean, vocabulary
from cms.search.variants import to_simplified

SUGGESTIONS = 8


def suggest_models():
    return [apps.get_model(label) for label in settings.SEARCH_SUGGEST_PAGE_TYPES]


def suggestible_pages():
    """Pages whose titles may be suggested: of a suggested type, live, and not behind a restriction."""
    return Page.objects.live().public().type(*suggest_models())


def _digest(query):
    return hashlib.blake2b(query.encode(), digest_size=12).hexdigest()


def _suggestions(query, limit):
    letters = pinyin_query(query)
    # autocomplete() matches the last word as a prefix: of a title's words or of its pinyin keys.
    results = suggestible_pages().autocomplete(letters or query, operator="and")
    candidates = list(results[: limit * 3])
    # Titles that begin with what was typed first, then the index's order (best match first).
    typed = to_simplified(query)
    candidates.sort(key=lambda page: not page.title.startswith(typed))
    return [{"title": page.title, "url": page.url} for page in candidates[:limit]]


def suggest_titles(query, limit=SUGGESTIONS):
    """Up to ``limit`` {"title", "url"} of suggestible pages matching ``query`` as a prefix of a
    title's words or of their pinyin (养老服, yanglao, ylfw); [] for a blank query."""
    query = clean_query(query)
    if not query:
        return []
    return cached(f"suggest:{limit}:{_digest(query)}", lambda: _suggestions(query, limit))


def _related_names():
    """The names the suggested pages are filed under (city, domains, data resources, tags, …):
    every RelatedFields of their search fields, read as values of the live pages."""
    names = []
    for model in suggest_models():
        pages = model.objects.live().public()
        for field in model.get_search_fields():
            if not isinstance(field, index.RelatedFields):
                continue
            for sub in field.fields:
                if isinstance(sub, index.SearchField):
                    lookup = f"{field.field_name}__{sub.field_name}"
                    try:
                        names += pages.exclude(**{f"{lookup}__isnull": True}).values_list(lookup, flat=True).distinct()
                    except FieldError:  # a related method, not a relation: nothing to read in SQL
                        continue
    return list(dict.fromkeys(names))


def site_did_you_mean(query):
    """Titles and names close to a site search ``query`` that found nothing."""
    titles = vocabulary("site-titles", lambda: suggestible_pages().order_by("title").values_list("title", flat=True))
    return did_you_mean(suggestible_pages(), query, titles, cached("related-names", _related_names))
