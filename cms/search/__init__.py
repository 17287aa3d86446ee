"""Site search with Chinese word segmentation — the one place every searchable page goes through.

- ``cms.search.backend``: the search backend configured in WAGTAILSEARCH_BACKENDS; it segments text
  when indexing and when querying, so any ``.search()``/``.autocomplete()`` (the admin's too) works.
- ``search_pages(queryset, q)``: relevance-ordered results for a listing or the /search/ page.
- ``filter_by_search(queryset, q)``: the same matches as a plain queryset, for faceted listings.
- ``highlight(text, q)`` / ``snippet(text, q)``: escaped HTML with the query's words in <mark>.

Design notes and the Elasticsearch/OpenSearch analyzer settings: cms/search/README.md.
"""

from cms.search.highlight import best_snippet, highlight, searchable_text, searchable_texts, snippet
from cms.search.queries import clean_query
from cms.search.segmenter import segment


def search_pages(queryset, query, *, order_by_relevance=True):
    """Search ``queryset`` (live/public filtering is the caller's) for ``query``; every word must match.

    Returns modelsearch results (sliceable, ``count()``, fine for a Paginator), or ``queryset.none()``
    for a blank query. Use it for /scenes/?q=, /solutions/?q= and /search/ alike.
    """
    query = clean_query(query)
    if not query:
        return queryset.none()
    return queryset.search(query, operator="and", order_by_relevance=order_by_relevance)


def filter_by_search(queryset, query):
    """``queryset`` narrowed to the pages matching ``query``, still a QuerySet: facets, counts,
    sorting and pagination apply on top as usual, with any ORM filter (not only search FilterFields).
    A blank query leaves ``queryset`` as it is. /scenes/?q= and /solutions/?q= use this."""
    query = clean_query(query)
    if not query:
        return queryset
    # Search the whole model, then intersect: the backends accept only FilterFields before .search().
    matches = queryset.model._default_manager.search(query, operator="and", order_by_relevance=False)
    if hasattr(matches, "get_queryset"):
        # Database backends: a lazy pk subquery, so the caller's query stays one SQL statement.
        return queryset.filter(pk__in=matches.get_queryset().values("pk"))
    # Elasticsearch/OpenSearch: no SQL to nest, the matching ids come back as a list.
    return queryset.filter(pk__in=[match.pk for match in matches])


__all__ = [
    "best_snippet",
    "clean_query",
    "filter_by_search",
    "highlight",
    "search_pages",
    "searchable_text",
    "searchable_texts",
    "segment",
    "snippet",
]
