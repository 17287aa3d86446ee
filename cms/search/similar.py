"""“你是不是要找…”: the titles and names closest to a query that found nothing.

Two ways to be close, both cheap:

* the same sound: the pinyin of a Chinese query (样老服务 → yanglaofuwu, a wrong pick in the input
  method) or a pure-letter query shortened by a letter or two (yanglap → yangla) starts a title's
  pinyin key — one prefix query on the search index (cms/search/pinyin.py); a name (济男 → 济南)
  is compared by its whole pinyin;
* the same characters: the characters and character pairs of the query (in simplified characters)
  that a title or name shares, over an in-memory index of the words — for titles built once per
  search version and process (about 0.1 s for 20,000 titles), for the few names on each use.
"""

import re
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass

from django.core.cache import cache

from cms.search.cache import version
from cms.search.pinyin import pinyin_keys, pinyin_query
from cms.search.results import matching_pks
from cms.search.variants import to_simplified

SUGGESTIONS = 5
MIN_SHARE = 0.5  # at least half of the query's characters and pairs must be in the term
_NOT_WORD = re.compile(r"[\W_]+")
_VOCABULARIES = OrderedDict()  # (name, version, token) -> Vocabulary: the few most recent, per process
_KEPT_VOCABULARIES = 8


@dataclass(frozen=True)
class Suggestion:
    """One “你是不是要找…” link: the close title or name, where it leads, and what kind of name it is
    (a facet's label such as 城市/节点, or "" for a title or a plain search)."""

    text: str
    url: str
    kind: str = ""


def grams(text):
    """The characters and pairs of adjacent characters of ``text`` (simplified, lowercased, without
    spaces or punctuation): a typo changes one character and keeps most of them."""
    text = _NOT_WORD.sub("", to_simplified(text or "").lower())
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def _sound(query):
    """The whole pinyin of a query: its letters, or the full pinyin of its Chinese ("" if neither)."""
    letters = pinyin_query(query)
    if letters:
        return letters
    keys = pinyin_keys(to_simplified(query))
    return keys[0] if keys else ""


class Vocabulary:
    """Words (titles or names) with an inverted index of their grams; with ``by_sound``, also the
    whole pinyin of each word (for names: short, and few)."""

    def __init__(self, words, by_sound=False):
        self.words = list(dict.fromkeys(word for word in words if word and word.strip()))
        self.sizes = []
        self.postings = {}
        for position, word in enumerate(self.words):
            word_grams = grams(word)
            self.sizes.append(len(word_grams))
            for gram in word_grams:
                self.postings.setdefault(gram, []).append(position)
        self.sounds = {}
        if by_sound:
            for word in self.words:
                keys = pinyin_keys(word)
                if keys:
                    self.sounds.setdefault(keys[0], []).append(word)

    def closest(self, query, limit=SUGGESTIONS):
        """The words sharing the most of the query's grams (at least MIN_SHARE of them), best first."""
        query_grams = grams(query)
        if not query_grams:
            return []
        shared = Counter()
        for gram in query_grams:
            shared.update(self.postings.get(gram, ()))
        scored = []
        for position, count in shared.items():
            if count / len(query_grams) >= MIN_SHARE:
                dice = 2 * count / (len(query_grams) + self.sizes[position])
                scored.append((-count, -dice, position))
        return [self.words[position] for _count, _dice, position in sorted(scored)[:limit]]

    def same_sound(self, query):
        sound = _sound(query)
        return list(self.sounds.get(sound, ())) if sound else []


def vocabulary(name, words):
    """The Vocabulary of ``words()`` (a callable), built once per process and search version."""
    key = f"{name}:v{version()}"
    # Version numbers start again after a cache flush: a token kept in the cache beside them
    # tells this process's copy of "v1" from one built before the flush.
    token = cache.get_or_set(f"search:vocabulary:{key}", lambda: uuid.uuid4().hex, 24 * 60 * 60)
    found = _VOCABULARIES.get((key, token))
    if found is None:
        found = _VOCABULARIES[(key, token)] = Vocabulary(words())
        while len(_VOCABULARIES) > _KEPT_VOCABULARIES:
            _VOCABULARIES.popitem(last=False)
    _VOCABULARIES.move_to_end((key, token))
    return found


def _sound_prefixes(query):
    """The pinyin to try as the start of a title: the query's own sound, then (for typed letters)
    the same shortened by one and by two letters."""
    letters = pinyin_query(query)
    if letters:
        return [letters[:end] for end in range(len(letters), max(len(letters) - 3, 2), -1)]
    sound = _sound(query)
    return [sound] if sound else []


def titles_that_sound_alike(queryset, query, limit=SUGGESTIONS):
    """Titles in ``queryset`` whose pinyin starts like the query: one index query per prefix tried
    (at most three), and only for a query that found nothing."""
    model = queryset.model._default_manager
    for prefix in _sound_prefixes(query):
        matches = model.autocomplete(prefix, order_by_relevance=False)
        titles = queryset.filter(pk__in=matching_pks(matches)).order_by("title").values_list("title", flat=True)
        titles = list(dict.fromkeys(titles))
        if titles:
            return titles[:limit]
    return []


def did_you_mean(queryset, query, titles, names=(), limit=SUGGESTIONS):
    """Up to ``limit`` titles (of ``queryset``, with ``titles`` their Vocabulary) and ``names`` close
    to ``query``: names that sound the same, titles that start with the same sound, then the titles
    and names sharing most of its characters."""
    query = (query or "").strip()
    if not query:
        return []
    names = Vocabulary(names, by_sound=True)
    found = [*names.same_sound(query), *titles_that_sound_alike(queryset, query, limit)]
    found += [word for _share, word in sorted(_ranked(query, titles, names))][:limit]
    typed = {query, to_simplified(query)}
    return [word for word in dict.fromkeys(found) if word not in typed][:limit]


def _ranked(query, *vocabularies):
    # Titles and names together, by how much of the query each shares (then the order each gave).
    query_grams = grams(query)
    for vocabulary in vocabularies:
        for rank, word in enumerate(vocabulary.closest(query)):
            yield (-len(query_grams & grams(word)), rank), word
