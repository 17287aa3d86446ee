"""Turn what a visitor typed into a search query over segmented words."""

from wagtail.search.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText

from cms.search.segmenter import query_words, word_parts
from cms.search.variants import to_simplified

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """The query as the site accepts it: trimmed, and bounded so a pasted essay cannot run long."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _word_query(word):
    # Running text may be segmented differently from the query (服务平台 in the query, 服务 / 平台 in
    # a sentence), so a word also matches when all the parts that make it up are present.
    parts = word_parts(word)
    if not parts:
        return PlainText(word)
    return Or([PlainText(word), PlainText(" ".join(parts), operator="and")])


def _text_query(text, operator, boost=1, as_typed=False):
    # 養老 asks for 养老: the simplified reading is searched too (the text as typed as well, for the
    # rare page written in traditional characters).
    simplified = to_simplified(text)
    if simplified == text:
        return _words_query(text, operator, boost, as_typed)
    typed, converted = (
        _words_query(text, operator, boost, as_typed),
        _words_query(simplified, operator, boost, as_typed),
    )
    if typed is None or converted is None:
        return typed or converted
    return Or([converted, typed])


def _words_query(text, operator, boost=1, as_typed=False):
    words = query_words(text, keep_last=as_typed)
    if not words:
        return None
    if not any(word_parts(word) for word in words):
        return PlainText(" ".join(words), operator=operator, boost=boost)
    nodes = [_word_query(word) for word in words]
    if len(nodes) == 1:
        return nodes[0]
    return And(nodes) if operator == "and" else Or(nodes)


def segmented_query(query, operator="and", as_typed=False):
    """A query string or query object with every piece of text replaced by its segmented words.

    A string that holds no words at all (only punctuation) becomes "", which the backends answer
    with no results. Phrases become "all of these words": search-mode segmentation puts extra
    tokens between the words of a phrase, so positional matching would miss it. ``as_typed``
    (autocomplete) keeps a last single character, the start of the word being typed.
    """
    if isinstance(query, str):
        return _text_query(query, operator, as_typed=as_typed) or ""
    if isinstance(query, PlainText):
        return _text_query(query.query_string, query.operator, query.boost, as_typed) or MATCH_NONE
    if isinstance(query, Phrase):
        return _text_query(query.query_string, "and", as_typed=as_typed) or MATCH_NONE
    if isinstance(query, And | Or):
        return type(query)([segmented_query(sub, operator, as_typed) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(segmented_query(query.subquery, operator, as_typed))
    if isinstance(query, Boost):
        return Boost(segmented_query(query.subquery, operator, as_typed), query.boost)
    return query  # MatchAll, Fuzzy: nothing to segment
