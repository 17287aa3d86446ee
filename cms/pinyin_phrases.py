"""pypinyin with only the phrases that change a reading: ~12 MB per process instead of ~56 MB.

pypinyin reads a phrase as a whole (重庆 chongqing, 银行 yinhang, not zhongqing, yinxing). Its
phrase dictionary (47,000 phrases, and the segmenter's prefixes of every one) took ~44 MB in each
process that searches or suggests slugs: with Django and Wagtail (~155 MB) and rjieba's
dictionary (~33 MB), more than the 250 MB a gunicorn worker may use. Most phrases read exactly
as their characters do alone; pinyin_phrases.json keeps the 3,437 whose toneless reading differs
(the only style used here, Style.NORMAL), generated from the pinned pypinyin by

    .venv/bin/python -m cms.pinyin_phrases

and checked against the full dictionary by tests/cms/test_pinyin_phrases.py.
"""

import json
import os
from functools import cache
from pathlib import Path

PHRASES_FILE = Path(__file__).with_name("pinyin_phrases.json")


@cache
def pypinyin():
    """The pypinyin module, loaded once per process with the reduced phrase dictionary."""
    # Read by pypinyin.constants when it is first imported: no full phrase dictionary, no copies.
    os.environ["PYPINYIN_NO_PHRASES"] = "true"
    os.environ["PYPINYIN_NO_DICT_COPY"] = "true"
    import pypinyin as module

    if PHRASES_FILE.exists():  # (not while it is being generated)
        module.load_phrases_dict(json.loads(PHRASES_FILE.read_text(encoding="utf-8")))
    return module


def reading_phrases():
    """{phrase: readings} to load so that every phrase of pypinyin's full dictionary reads as it
    does with the full dictionary: first those whose toneless reading differs from their
    characters' first readings, then, until none is left, those that a kept phrase inside them
    would now misread (人行道 with 行道 kept). Run in a fresh process: it loads the phrases."""
    module = pypinyin()  # first: importing any part of pypinyin reads its settings
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    normal = module.Style.NORMAL

    def toneless(readings):
        return [convert(reading[0], normal, strict=True) for reading in readings]

    def alone(phrase):
        return [
            toneless([[pinyin_dict[ord(ch)].split(",")[0]]])[0] if ord(ch) in pinyin_dict else None for ch in phrase
        ]

    kept = {phrase: readings for phrase, readings in phrases_dict.items() if alone(phrase) != toneless(readings)}
    added = kept
    while added:
        module.load_phrases_dict(added)
        added = {
            phrase: readings
            for phrase, readings in phrases_dict.items()
            if phrase not in kept and module.lazy_pinyin(phrase, style=normal) != toneless(readings)
        }
        kept.update(added)
    return kept


if __name__ == "__main__":
    PHRASES_FILE.unlink(missing_ok=True)
    phrases = reading_phrases()
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(phrases[k], ensure_ascii=False)}" for k in sorted(phrases)
    ]
    PHRASES_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
