"""“你是不是要找…” under a catalogue search that found nothing: the closest titles of the catalogue
and the closest names of its facets (cms.search.similar), each a link that is sure to find something —
a search for the title, or the facet filter alone (?node=jinan)."""

from urllib.parse import urlencode

from cms.search import Suggestion, did_you_mean, vocabulary


def _facet_names(facet_index, facets):
    """{name: (facet, value)} of the options of the catalogue's named facets (city, domain, …);
    choice, year and flag facets have no names worth suggesting."""
    names = {}
    for facet in facets:
        if facet.choices or facet.is_year or facet.boolean:
            continue
        for option in facet_index.options.get(facet.key, ()):
            names.setdefault(option.label, (facet, option.value))
    return names


def listing_did_you_mean(query, *, catalogue, listed, facet_index, facets, index_name):
    """Suggestions for ``query`` in a catalogue (``catalogue``: all its rows; ``listed``: the rows
    this listing shows, narrower on a landing page; ``facets``: the facets it can still filter)."""
    names = _facet_names(facet_index, facets)
    titles = vocabulary(f"titles:{index_name}", lambda: catalogue.order_by("title").values_list("title", flat=True))
    terms = did_you_mean(listed, query, titles, list(names))
    # Titles of rows this listing does not show (another city's, on a city's landing) lead nowhere.
    titles = set(listed.filter(title__in=[term for term in terms if term not in names]).values_list("title", flat=True))
    suggestions = []
    for term in terms:
        if term in names:
            facet, value = names[term]
            suggestions.append(Suggestion(term, f"?{urlencode({facet.key: value})}", str(facet.label)))
        elif term in titles:
            suggestions.append(Suggestion(term, f"?{urlencode({'q': term})}"))
    return suggestions
