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


def _text_query(text, operator, boost=1):
    # 養老 asks for 养老: the simplified reading is searched too (the text as typed as well, for the
    # rare page written in traditional characters).
    simplified = to_simplified(text)
    if simplified == text:
        return _words_query(text, operator, boost)
    as_typed, as_simplified = _words_query(text, operator, boost), _words_query(simplified, operator, boost)
    if as_typed is None or as_simplified is None:
        return as_typed or as_simplified
    return Or([as_simplified, as_typed])


def _words_query(text, operator, boost=1):
    words = query_words(text)
    if not words:
        return None
    if not any(word_parts(word) for word in words):
        return PlainText(" ".join(words), operator=operator, boost=boost)
    nodes = [_word_query(word) for word in words]
    if len(nodes) == 1:
        return nodes[0]
    return And(nodes) if operator == "and" else Or(nodes)


def segmented_query(query, operator="and"):
    """A query string or query object with every piece of text replaced by its segmented words.

    A string that holds no words at all (only punctuation) becomes "", which the backends answer
    with no results. Phrases become "all of these words": search-mode segmentation puts extra
    tokens between the words of a phrase, so positional matching would miss it.
    """
    if isinstance(query, str):
        return _text_query(query, operator) or ""
    if isinstance(query, PlainText):
        return _text_query(query.query_string, query.operator, query.boost) or MATCH_NONE
    if isinstance(query, Phrase):
        return _text_query(query.query_string, "and") or MATCH_NONE
    if isinstance(query, And | Or):
        return type(query)([segmented_query(sub, operator) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(segmented_query(query.subquery, operator))
    if isinstance(query, Boost):
        return Boost(segmented_query(query.subquery, operator), query.boost)
    return query  # MatchAll, Fuzzy: nothing to segment
