"""Chinese word segmentation with rjieba: the only module that talks to the segmenter.

Chinese is written without spaces, so full-text engines that split on whitespace and punctuation
(SQLite FTS5's unicode61 tokenizer, PostgreSQL's default parser) index 通过共享户籍、房产和社保数据
as two "words" and never find 户籍. Joining segmented words with spaces, on the way into the index
and on the way into a query, gives both engines real words to match.
"""

import re
from functools import cache

# Letters and digits of any script; everything else (punctuation, symbols, "_") separates tokens, so
# a token never carries query syntax (quotes, colons, operators) into a backend's query language.
_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _jieba():
    # Importing rjieba loads its dictionary (~150 ms, tens of MB); do it once per process, and only
    # in processes that index or search.
    import rjieba

    return rjieba


def _split(pieces):
    for piece in pieces:
        yield from _WORD.findall(piece)


def search_tokens(text):
    """Search-mode tokens: every word, plus the shorter dictionary words inside long ones
    (不动产 also yields 不动 and 动产), so a query for a part still meets the whole."""
    if not text:
        return []
    return list(_split(_jieba().cut_for_search(text)))


def word_starts(text):
    """Where each search-mode word of ``text`` starts (character offsets, in order, with repeats)."""
    if not text:
        return []
    return [start for _word, start, _end in _jieba().tokenize(text, mode="search")]


def segment(text):
    """The form text takes in the index: search-mode tokens separated by spaces."""
    return " ".join(search_tokens(text))


def is_single_cjk(word):
    return len(word) == 1 and bool(_CJK.match(word))


def query_words(query, keep_last=False):
    """The words a query asks for, in order, without repeats.

    Single Chinese characters such as 年 in "2024年" or 的 are dropped when the query has other
    words: jieba glues them to their neighbours in running text (2024年度), so requiring them
    would lose matches. A query of single characters only keeps them. ``keep_last`` keeps a
    single last character too: typing 养老服 is on its way to 养老服务, so 服 starts a word.
    """
    if not query:
        return []
    words = list(dict.fromkeys(_split(_jieba().cut(query))))
    meaningful = [word for word in words if not is_single_cjk(word)]
    if keep_last and meaningful and is_single_cjk(words[-1]):
        meaningful.append(words[-1])
    return meaningful or words


def word_parts(word):
    """The shorter dictionary words that together cover a word (服务平台 → 服务, 平台), or [] when
    they leave a character out (一网通 → 网通 would also match 中国网通)."""
    parts = [part for part in dict.fromkeys(_split(_jieba().cut_for_search(word))) if part != word]
    covered = set()
    for part in parts:
        start = word.find(part)
        while start != -1:
            covered.update(range(start, start + len(part)))
            start = word.find(part, start + 1)
    return parts if len(covered) == len(word) else []
