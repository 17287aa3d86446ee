"""Pinyin keys: find 养老服务平台 by typing ``yanglao``, ``ylfw`` or ``fuwupingtai``.

Many visitors type Chinese through a pinyin input method and stop before choosing characters, or
type the initials only. Each title is indexed with the pinyin that starts at each of its words,
in full (``yanglaofuwupingtai``) and as initials (``ylfwpt``), so a prefix of either matches from
any word on; a query of Latin letters only is also tried as such a prefix.

The names pages are filed under (a scene's city, domains, data resources, tags) are few: their keys
are computed in memory, and a query whose letters start one (``jina`` → 济南) also searches for the
name itself (cms/search/names.py) — the index stays as it was, and the match is the ordinary one.
"""

import re
from functools import lru_cache

from cms.pinyin_phrases import pypinyin as pypinyin_with_reading_phrases
from cms.search.segmenter import word_starts

MIN_QUERY_LETTERS = 2
MAX_KEY_LENGTH = 40  # a longer typed prefix is rare, and the index stays small

_LETTERS = re.compile(r"[a-z]+")
_KEY_CHARACTER = re.compile(r"[a-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _pypinyin():
    # Loaded once per process, only where needed, with the phrases that change a reading only.
    return pypinyin_with_reading_phrases()


def _syllables(text):
    """One entry per character of ``text``: its pinyin without tones for a Chinese character (read
    by phrase, so 重庆 is chongqing and 银行 yinhang), the character itself otherwise, lowercased."""
    pypinyin = _pypinyin()
    syllables = pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=lambda chars: list(chars))
    return [syllable.lower() for syllable in syllables]


def pinyin_keys(text):
    """The pinyin keys of ``text``: from each word on, the full pinyin and the initials, each at
    most MAX_KEY_LENGTH letters. Only texts with Chinese characters have any."""
    return list(_keys(text or ""))


@lru_cache(maxsize=4096)  # names recur: a city's name in every scene of the city
def _keys(text):
    if not _CJK.search(text):
        return ()
    syllables = _syllables(text)
    # Keys start where a word starts (search mode: 服务平台 also as 服务 and 平台); should the
    # characters and syllables ever not line up one to one, from the beginning only.
    starts = sorted(set(word_starts(text))) if len(syllables) == len(text) else [0]
    keys = []
    for start in starts:
        rest = [syllable for syllable in syllables[start:] if _KEY_CHARACTER.match(syllable[:1])]
        if not rest or not _KEY_CHARACTER.match(syllables[start][:1]):
            continue  # a word of punctuation
        full = "".join(rest)[:MAX_KEY_LENGTH]
        initials = "".join(syllable[0] for syllable in rest)[:MAX_KEY_LENGTH]
        keys += [full, initials]
    return tuple(key for key in dict.fromkeys(keys) if len(key) >= MIN_QUERY_LETTERS)


def pinyin_span(text, letters):
    """(start, end) of the first characters of ``text`` that ``letters`` spells from a word's start,
    in full pinyin or initials (养老服务平台, ``ylfw`` → the first four), or None: what to mark."""
    if not letters or not _CJK.search(text or ""):
        return None
    syllables = _syllables(text)
    if len(syllables) != len(text):
        return None
    for start in sorted(set(word_starts(text))):
        full = initials = ""
        for end in range(start, len(text)):
            syllable = syllables[end]
            if not _KEY_CHARACTER.match(syllable[:1]):
                continue
            full, initials = full + syllable, initials + syllable[0]
            if full.startswith(letters) or initials.startswith(letters):
                return start, end + 1
            if not (letters.startswith(full) or letters.startswith(initials)):
                break
    return None


def sounds_like(letters, words):
    """The ``words`` whose pinyin keys (full or initials, from any of their words) start with
    ``letters``, in the order given."""
    return [word for word in words if any(key.startswith(letters) for key in pinyin_keys(word))]


def pinyin_query(query):
    """The letters of a query that reads as pinyin (Latin letters only, spaces allowed, two or more
    letters), lowercased and joined; "" for any other query."""
    letters = "".join((query or "").lower().split())
    if len(letters) < MIN_QUERY_LETTERS or not _LETTERS.fullmatch(letters):
        return ""
    return letters
