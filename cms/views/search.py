"""/search/: every live, public page, found through the Chinese-aware search layer (cms.search);
/search/suggest/: titles as you type, for the search boxes' suggestion list (JSON)."""

import itertools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cms.links import absolute_url
from cms.models.english import localized_title
from cms.search import best_snippet, clean_query, highlight, search_pages, searchable_texts
from cms.search.similar import Suggestion
from cms.search.suggest import site_did_you_mean, suggest_titles

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class SearchHit:
    page: Page
    label: str  # what kind of page: 应用场景, 解决方案, …
    title: str  # highlighted, escaped HTML
    excerpt: str  # highlighted, escaped HTML

    @classmethod
    def build(cls, page, query):
        excerpt = best_snippet(itertools.chain([page.search_description], searchable_texts(page)), query)
        # Structural pages (catalogues, about) go by their English title on the English site.
        return cls(page, page._meta.verbose_name, highlight(localized_title(page), query), excerpt)


def search(request):
    query = clean_query(request.GET.get("q"))
    # Drafts and restricted pages never show: live() and public() filter them before searching.
    results = search_pages(Page.objects.live().public().specific(), query)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    hits = [SearchHit.build(result, query) for result in page]
    params = {"q": query} if query else {}
    if page.number > 1:
        params["page"] = page.number
    canonical_url = absolute_url(reverse("search") + (f"?{urlencode(params)}" if params else ""), request)
    # Nothing found: the closest titles and names, each a search of its own.
    did_you_mean = []
    if query and not hits:
        did_you_mean = [Suggestion(term, f"?{urlencode({'q': term})}") for term in site_did_you_mean(query)]
    context = {
        "query": query,
        "results": page,
        "hits": hits,
        "canonical_url": canonical_url,
        "did_you_mean": did_you_mean,
    }
    return render(request, "pages/search_results.html", context)


@require_GET
def suggest(request):
    """{"query": q, "suggestions": [{"title", "url"}, …]}: up to eight scene and solution titles.

    Answered from the server's cache; not cached by browsers, so a title unpublished a moment ago
    is gone from the next answer (the page script keeps its own answers only while the page is open).
    """
    query = clean_query(request.GET.get("q"))
    return JsonResponse({"query": query, "suggestions": suggest_titles(query)})
