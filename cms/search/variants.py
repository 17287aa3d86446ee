"""Traditional characters typed into a search box, read as the simplified ones the site is written in.

A visitor typing 養老 (a traditional-character input method, or text pasted from a Hong Kong or
Taiwan source) means 养老. OpenCC's t2s conversion maps characters and phrases (後台 → 后台, 乾坤
stays 乾坤); it runs on the query only, at query time and when highlighting, so the index and the
page texts are left as they were written.
"""

from functools import cache


@cache
def _converter():
    # The dictionaries ship inside the wheel; loading them takes ~0.1 s, once per process.
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text):
    """``text`` with traditional characters replaced by simplified ones (others left as they are)."""
    if not text or text.isascii():
        return text or ""
    return _converter().convert(text)
