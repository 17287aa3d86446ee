"""The pages the search boxes suggest, and the names they are filed under.

Which page types: settings.SEARCH_SUGGEST_PAGE_TYPES (scenes and solutions), live and public only.
Their names — city, domains, data resources, tags, provider: every ``RelatedFields`` of their
search fields — are few (hundreds), so a pinyin query is matched against them in memory and the
matching names are searched for as words (``jinan`` → 济南 → the scenes of 济南).
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from wagtail.search import index

from cms.search.cache import cached
from cms.search.pinyin import sounds_like

MAX_NAMES = 20  # names a pinyin query expands to; short prefixes ("zh") would otherwise add dozens


def suggest_models():
    return [apps.get_model(label) for label in settings.SEARCH_SUGGEST_PAGE_TYPES]


def suggestible_pages():
    """Pages whose titles may be suggested: of a suggested type, live, and not behind a restriction."""
    from wagtail.models import Page  # cms.search is imported before the models are ready

    return Page.objects.live().public().type(*suggest_models())


def _related_names():
    names = []
    for model in suggest_models():
        pages = model.objects.live().public()
        for field in model.get_search_fields():
            if not isinstance(field, index.RelatedFields):
                continue
            for sub in field.fields:
                if isinstance(sub, index.SearchField):
                    lookup = f"{field.field_name}__{sub.field_name}"
                    try:
                        names += pages.exclude(**{f"{lookup}__isnull": True}).values_list(lookup, flat=True).distinct()
                    except FieldError:  # a related method, not a relation: nothing to read in SQL
                        continue
    return sorted(set(names))


def related_names():
    """The names the suggestible pages are filed under, read from the live pages (a query per
    related field), cached under the search version."""
    return cached("related-names", _related_names)


def names_sounding_like(letters):
    """The related names whose pinyin starts with ``letters`` (at most MAX_NAMES)."""
    return sounds_like(letters, related_names())[:MAX_NAMES]
