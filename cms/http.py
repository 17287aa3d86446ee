"""HTTP headers built the same way everywhere: the Content-Disposition of every download."""

import re
import unicodedata
from urllib.parse import quote

# C0 and C1 controls and DEL: never part of a file name (a CR or LF would end the header).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def ascii_fallback(name):
    """An ASCII stand-in for ``name`` for old clients: accents folded, ASCII letters, digits, - and _
    kept, other characters (quotes, backslashes, spaces, Chinese) dropped or made _, extension kept."""
    name = _CONTROLS.sub("", name)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    folded = "".join(c if c.isalnum() or c in "-_" else "_" for c in folded).strip("_") or "file"
    ext = "".join(c for c in ext if c.isascii() and c.isalnum())
    return f"{folded}.{ext}" if ext else folded


def attachment(filename, fallback=None):
    """``attachment`` with an ASCII ``filename`` and the exact UTF-8 name in ``filename*`` (RFC 6266
    and 5987): browsers save the Chinese name, old clients the fallback — ``fallback`` when given
    (e.g. ``shuyong-export-12.xlsx``), otherwise what ``filename`` has in ASCII; controls removed."""
    filename = _CONTROLS.sub("", filename)
    fallback = ascii_fallback(fallback or filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
