"""Finding given words (names, an organisation, a credit code, an e-mail, a phone number) in located
texts, the way a reader would recognise them rather than byte for byte.

Both the text and the needles are compared in a normalised form: NFKC (full-width letters and digits
become ordinary ones), case-folded, and without whitespace or the separators people put inside
numbers and names (``-``, ``.``, ``·``, brackets …). Text extracted from PDFs often has spaces or
line breaks between Chinese characters, and phone numbers are written "138-1234-5678" or
"(010) 1234 5678"; all of these still match. A phone needle loses its country code (+86/0086).
The snippet is cut from the ORIGINAL text around the match.
"""

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters and the separators ignored on both sides, besides whitespace.
_IGNORED = set("\u200b\u200c\u200d\u2060\ufeff-‐‑‒–—―_.·・•()（）[]【】/\\'\"“”‘’")
_PHONE = re.compile(r"^\+?\d{7,}$")
_COUNTRY_CODE = re.compile(r"^(?:\+|00)?86(?=1\d{10}$)")
_SPACES = re.compile(r"\s+")
MIN_NEEDLE = 2


@dataclass(frozen=True)
class Mention:
    needle: str  # as given
    location: str
    snippet: str  # ~30 characters of the original text around the match


def normalise(text):
    """``(normalised, positions)``: the comparable form, and the index in ``text`` of each of its
    characters."""
    chars, positions = [], []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).casefold():
            if piece.isspace() or piece in _IGNORED:
                continue
            chars.append(piece)
            positions.append(index)
    return "".join(chars), positions


def _needle_form(needle):
    form, _positions = normalise(needle)
    if _PHONE.match(form):
        form = _COUNTRY_CODE.sub("", form).lstrip("+")
    return form


def find_mentions(located_texts, needles, *, context=15, limit=200):
    """Every place (up to ``limit``) where one of ``needles`` appears in ``located_texts``
    (``LocatedText``s). Needles shorter than two characters once normalised are ignored."""
    forms = [(needle, _needle_form(needle)) for needle in needles if needle]
    forms = [(needle, form) for needle, form in forms if len(form) >= MIN_NEEDLE]
    found = []
    for located in located_texts:
        text, positions = normalise(located.text)
        for needle, form in forms:
            start = text.find(form)
            while start >= 0:
                first, last = positions[start], positions[start + len(form) - 1]
                snippet = located.text[max(0, first - context) : last + 1 + context]
                found.append(Mention(needle, located.location, _SPACES.sub(" ", snippet).strip()))
                if len(found) >= limit:
                    return found
                start = text.find(form, start + len(form))
    return found
