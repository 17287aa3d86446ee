"""What an admin page says in English: the visible text of an HTML page (and the text people hear,
aria-label/title/placeholder/alt) with the words in Latin letters that are not on the allow-list."""

import re

from bs4 import BeautifulSoup, Comment, Doctype

# Names and abbreviations that stay as they are in Chinese text.
ALLOWED = {
    "Wagtail",  # the CMS's name, in its own menu and help links
    "PDF",
    "URL",
    "ID",
    "API",
    "CSV",
    "Excel",
    "JavaScript",
    # File formats and sizes (the upload hints).
    "AVIF",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "SVG",
    "DOCX",
    "PPTX",
    "XLSX",
    "TXT",
    "ZIP",
    "KB",
    "MB",
    "GB",
    # Key names, as printed on keyboards (the shortcuts dialog).
    "Ctrl",
    "Alt",
    "Shift",
    "Cmd",
    "Esc",
    "Enter",
    "Tab",
}
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
HIDDEN_TAGS = ("script", "style", "head", "svg", "noscript")
# Data rather than wording: e-mail addresses, paths and URLs, file names, slugs, times.
NOT_WORDING = re.compile(
    r"[\w.+-]+@[\w.-]+|\w+://\S+|/\S*|\S+\.(?:png|jpe?g|gif|webp|avif|pdf|docx|xlsx|csv|txt|zip)\b|\b[a-z0-9]+(?:-[a-z0-9]+)+\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")


def visible_texts(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(HIDDEN_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    # Time zone names are IANA identifiers (Asia/Shanghai), data rather than wording.
    for tag in soup.select("select[name$=time_zone] option"):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype))):
        comment.extract()
    texts = [text.strip() for text in soup.find_all(string=True) if text.strip()]
    for attribute in SPOKEN_ATTRIBUTES:
        texts += [tag[attribute].strip() for tag in soup.find_all(attrs={attribute: True}) if tag[attribute].strip()]
    texts += [
        tag["value"].strip()
        for tag in soup.find_all("input", attrs={"type": ("submit", "button"), "value": True})
        if tag["value"].strip()
    ]
    return texts


def english_leaks(html, also_allowed=()):
    """{text: [English words]} for every visible text that still has English in it."""
    return english_in(visible_texts(html), also_allowed)


def english_in(texts, also_allowed=()):
    allowed = ALLOWED | set(also_allowed)
    leaks = {}
    for text in texts:
        words = [word for word in WORD.findall(NOT_WORDING.sub(" ", text)) if word not in allowed]
        if words:
            leaks[text] = words
    return leaks
