"""Readable page slugs: the pinyin of the title (智慧养老服务 → zhi-hui-yang-lao-fu-wu), never raw
Chinese characters, which browsers and chat apps turn into %E6%99%BA… when a link is shared.

One place for every way a page gets a slug: the page models (pages made by code, load_demo and the
admin alike, cms.pages.ReadableSlugMixin), the admin form (cms.page_forms) and the admin's slug
suggestion while the title is typed (cms.views.slug_suggestion), so the three always agree.

Only pages without a public address get a generated slug; the slug of a published page is part of
its URL and is never rewritten (DESIGN.md: public URLs are contracts).
"""

import hashlib
import re

from django.utils.text import slugify

from cms.pinyin_phrases import pypinyin as pypinyin_with_reading_phrases

MAX_SLUG_LENGTH = 80
_NUMBERED = re.compile(r"^(?P<base>.+?)-(?P<number>\d+)$")


def _pypinyin():
    # Loaded once per process, only where needed, with the phrases that change a reading only.
    return pypinyin_with_reading_phrases()


def readable_slug(title):
    """The slug a page titled ``title`` gets: pinyin syllables read by phrase (重庆 chong-qing, 银行
    yin-hang), Latin letters and digits kept (5G 医疗 → 5g-yi-liao), at most MAX_SLUG_LENGTH
    characters, cut at a hyphen. A title with nothing to spell gets a short id derived from it, the
    same on every call, so the admin's suggestion and the saved slug agree."""
    title = (title or "").strip()
    pypinyin = _pypinyin()
    # errors=: a run of non-Chinese characters ("5G", "（") stays one piece; slugify drops symbols.
    pieces = pypinyin.lazy_pinyin(title, style=pypinyin.Style.NORMAL, errors=lambda chars: [chars])
    slug = slugify("-".join(pieces), allow_unicode=False)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0].strip("-") or slug[:MAX_SLUG_LENGTH]
    if slug:
        return slug
    return "page-" + hashlib.blake2s(title.encode(), digest_size=4).hexdigest()


def is_readable(slug):
    """Whether ``slug`` is already a readable (ASCII) slug."""
    return bool(slug) and slug.isascii()


def is_generated_from(slug, title):
    """Whether ``slug`` is the one generated from ``title``, with or without a -2, -3… suffix: then
    it was not chosen by hand and may be renumbered when it clashes."""
    base = readable_slug(title)
    if slug == base:
        return True
    match = _NUMBERED.match(slug or "")
    return bool(match) and match["base"] == base


def unique_slug(base, is_taken):
    """``base``, or ``base-2``, ``base-3``… the first that ``is_taken`` does not refuse."""
    slug, number = base, 1
    while is_taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = base[: MAX_SLUG_LENGTH - len(suffix)] + suffix
    return slug


def sibling_slug_taken(parent, page=None):
    """A predicate for unique_slug: is the slug used by another child of ``parent``?"""

    def is_taken(slug):
        siblings = parent.get_children().filter(slug=slug)
        if page is not None and page.pk:
            siblings = siblings.exclude(pk=page.pk)
        return siblings.exists()

    return is_taken
