"""Site search with Chinese word segmentation — the one place every searchable page goes through.

- ``cms.search.backend``: the search backend configured in WAGTAILSEARCH_BACKENDS; it segments text
  when indexing and when querying, so any ``.search()``/``.autocomplete()`` (the admin's too) works.
- ``search_pages(queryset, q)``: relevance-ordered results for a listing or the /search/ page.
- ``filter_by_search(queryset, q)``: the same matches as a plain queryset, for faceted listings.
- ``highlight(text, q)`` / ``snippet(text, q)``: escaped HTML with the query's words in <mark>.

A query in traditional characters also searches its simplified reading (``variants``); a query of
Latin letters is also tried as the pinyin, full or initials, of the start of a title's word
(``pinyin``; related names such as a scene's city match through the ordinary search).

Design notes and the Elasticsearch/OpenSearch analyzer settings: cms/search/README.md.
"""

from wagtail.search.query import Or, PlainText

from cms.search.highlight import best_snippet, highlight, searchable_text, searchable_texts, snippet
from cms.search.names import names_sounding_like
from cms.search.pinyin import pinyin_query
from cms.search.queries import clean_query
from cms.search.results import ResultsThenMore, matching_pk_list, matching_pks
from cms.search.segmenter import segment
from cms.search.similar import Suggestion, did_you_mean, vocabulary


def search_pages(queryset, query, *, order_by_relevance=True):
    """Search ``queryset`` (live/public filtering is the caller's) for ``query``; every word must match.

    Returns modelsearch results (sliceable, ``count()``, fine for a Paginator), or ``queryset.none()``
    for a blank query. Use it for /scenes/?q=, /solutions/?q= and /search/ alike. Pages found by
    pinyin only come after the word matches, in title order.
    """
    query = clean_query(query)
    if not query:
        return queryset.none()
    results = queryset.search(query, operator="and", order_by_relevance=order_by_relevance)
    by_pinyin = _pinyin_matches(queryset.model, query)
    if by_pinyin is None:
        return results
    by_words = queryset.model._default_manager.search(query, operator="and", order_by_relevance=False)
    more = queryset.filter(pk__in=by_pinyin).exclude(pk__in=matching_pks(by_words))
    return ResultsThenMore(results, more.order_by("title", "pk"))


def filter_by_search(queryset, query):
    """``queryset`` narrowed to the pages matching ``query``, still a QuerySet: facets, counts,
    sorting and pagination apply on top as usual, with any ORM filter (not only search FilterFields).
    A blank query leaves ``queryset`` as it is. /scenes/?q= and /solutions/?q= use this."""
    query = clean_query(query)
    if not query:
        return queryset
    # Search the whole model, then intersect: the backends accept only FilterFields before .search().
    # On the database backends the matches are a lazy pk subquery, so the caller's query stays one
    # SQL statement; a search server's come back as a list of ids.
    by_words = queryset.model._default_manager.search(query, operator="and", order_by_relevance=False)
    by_pinyin = _pinyin_matches(queryset.model, query)
    if by_pinyin is None:
        return queryset.filter(pk__in=matching_pks(by_words))
    return queryset.filter(pk__in={*matching_pk_list(by_words), *by_pinyin})


def _pinyin_matches(model, query):
    """For a query of Latin letters: the ids of the pages whose title has a word whose pinyin
    starts with them (an autocomplete() prefix match on the titles' pinyin keys), or that mention
    a name they start (jinan → 济南); None for any other query.

    A list, not subqueries: SQLite answers ``pk IN (match) OR pk IN (match)`` row by row (0.8 s
    at 2,000 scenes), each list takes one query.
    """
    letters = pinyin_query(query)
    if not letters:
        return None
    manager = model._default_manager
    pks = matching_pk_list(manager.autocomplete(letters, order_by_relevance=False))
    names = names_sounding_like(letters)
    if names:
        # One search for any of the names, each name's words all present.
        any_name = Or([PlainText(name, operator="and") for name in names])
        pks += matching_pk_list(manager.search(any_name, order_by_relevance=False))
    return pks


__all__ = [
    "Suggestion",
    "best_snippet",
    "clean_query",
    "did_you_mean",
    "filter_by_search",
    "highlight",
    "search_pages",
    "searchable_text",
    "searchable_texts",
    "segment",
    "snippet",
    "vocabulary",
]
