"""Show visitors why a result matched: escaped text with the query's words in <mark>."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from cms.search.pinyin import pinyin_query, pinyin_span
from cms.search.segmenter import query_words, word_parts
from cms.search.variants import to_simplified

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30


@lru_cache(maxsize=256)
def _pattern(query):
    # A query in traditional characters (養老) marks the simplified words it found (养老).
    simplified = to_simplified(query)
    words = [*query_words(query), *query_words(simplified)]
    # What was typed (2024年) comes first so it is marked whole; then its words and their parts.
    typed = set(query.split()) | set(simplified.split())
    terms = typed | set(words) | {part for word in words for part in word_parts(word)}
    terms = sorted((term for term in terms if term), key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def highlight(text, query):
    """``text`` escaped for HTML, with every occurrence of the query's words wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(query) if query else None
    if pattern is None:
        return escape(text)
    spans = [match.span() for match in pattern.finditer(text)]
    if not spans:
        # A title found by its pinyin (yanglao, ylfw): mark the characters the letters spell.
        span = pinyin_span(text, pinyin_query(query))
        spans = [span] if span else []
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def snippet(text, query, length=SNIPPET_LENGTH):
    """A highlighted excerpt of ``text`` around the first match (or its beginning if none)."""
    text = " ".join((text or "").split())
    pattern = _pattern(query) if query else None
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LEAD) if match else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    excerpt = highlight(text[start:end], query)
    return mark_safe(("…" if start else "") + excerpt + ("…" if end < len(text) else ""))


def best_snippet(texts, query, length=SNIPPET_LENGTH):
    """The snippet of the first of ``texts`` that mentions the query, else of the first non-empty one.

    ``texts`` may be a generator: it is read only as far as the first match, so a long StreamField
    body after a matching summary is never even parsed.
    """
    pattern = _pattern(query) if query else None
    first = None
    for text in texts:
        if not text or not text.strip():
            continue
        if pattern is not None and pattern.search(text):
            return snippet(text, query, length)
        first = first or text
    return snippet(first, query, length) if first else ""


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _flatten(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    return [str(value)]


def searchable_texts(obj):
    """The texts a page is found by, apart from its title, one search field at a time in declaration
    order (summaries before StreamField bodies), read lazily. Related fields are left out: no queries."""
    for field in type(obj).get_searchable_search_fields():
        if field.field_name != "title":
            yield " ".join(text for text in _flatten(field.get_value(obj)) if text.strip())


def searchable_text(obj):
    """All of ``searchable_texts(obj)`` as one string."""
    return " ".join(text for text in searchable_texts(obj) if text)
