"""Titles as you type, and “你是不是要找…” for the site search: over the page types the site
suggests (settings.SEARCH_SUGGEST_PAGE_TYPES: scenes and solutions), live and public only.

Both are answered from the cache under the search version (cms/search/cache.py), so typing costs
at most three queries per new prefix — whatever the number of pages — and none when repeated.
"""

import hashlib

from django.utils.translation import get_language

from cms.search.cache import cached
from cms.search.names import related_names, suggestible_pages
from cms.search.pinyin import pinyin_query
from cms.search.queries import clean_query
from cms.search.similar import did_you_mean, vocabulary
from cms.search.variants import to_simplified

SUGGESTIONS = 8


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
    # The URLs are the active language's (/en/… in English): one entry per language.
    return cached(f"suggest:{get_language()}:{limit}:{_digest(query)}", lambda: _suggestions(query, limit))


def site_did_you_mean(query):
    """Titles and names close to a site search ``query`` that found nothing."""
    titles = vocabulary("site-titles", lambda: suggestible_pages().order_by("title").values_list("title", flat=True))
    return did_you_mean(suggestible_pages(), query, titles, related_names())
