"""The site's search backend: Wagtail's database backend with Chinese segmentation on both sides.

Configured once in WAGTAILSEARCH_BACKENDS, so every ``.search()`` and ``.autocomplete()`` call — the
public /search/ page, the scene and solution listings, and Wagtail's admin searches for pages,
snippets, images and documents — indexes and queries segmented words without knowing about it.

Like ``wagtail.search.backends.database``, ``SearchBackend`` picks the SQLite FTS5, PostgreSQL or
fallback implementation for the default database; it returns that class extended with segmentation.
Elasticsearch/OpenSearch segment with their own Chinese analyzer instead (see cms/search/README.md).
"""

from functools import cache

from django.db.models import Manager
from modelsearch.backends.database import SearchBackend as database_backend_for_default_connection
from wagtail.search import index

from cms.search.pinyin import pinyin_keys
from cms.search.queries import segmented_query
from cms.search.segmenter import segment


def segment_value(value):
    """Segment every piece of text in a value as a search field returns it (str, list, dict, other)."""
    if value is None:
        return None
    if isinstance(value, str):
        return segment(value)
    if isinstance(value, list | tuple):
        return [segment_value(item) for item in value]
    if isinstance(value, dict):
        return {key: segment_value(item) for key, item in value.items()}
    return segment(str(value))


class _IndexedDocument:
    """What the database index reads instead of a model instance: the same primary key, and search
    fields whose values come out segmented. The index reads only ``pk`` and ``get_search_fields()``."""

    def __init__(self, instance):
        self.instance = instance
        self.pk = instance.pk
        self._values = {}

    def get_search_fields(self):
        return _segmented_fields(type(self.instance))

    def value(self, field, compute):
        """``field``'s value, computed once: the SQLite index reads every field three times (for
        its title, body and autocomplete columns), and segmenting, pinyin and related rows cost."""
        if field not in self._values:
            self._values[field] = compute()
        return self._values[field]


def _unwrap(obj):
    return obj.instance if isinstance(obj, _IndexedDocument) else obj


def _once(field, obj, compute):
    return obj.value(field, compute) if isinstance(obj, _IndexedDocument) else compute()


class _Fetched(Manager):
    """Related rows already read, where modelsearch expects a manager to call ``all()`` on."""

    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def all(self):
        return self.rows


def _texts(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return [] if value is None else [str(value)]


def _with_keys(value, keys_of):
    """The segmented value followed by the pinyin keys of each of its texts (cms/search/pinyin.py)."""
    keys = [key for text in _texts(value) for key in keys_of(text)]
    segmented = segment_value(value)
    if not keys:
        return segmented
    return [*segmented, *keys] if isinstance(segmented, list) else " ".join(filter(None, [segmented, *keys]))


class _SegmentedValueMixin:
    def get_value(self, obj):
        read = super().get_value
        return _once(self, obj, lambda: segment_value(read(_unwrap(obj))))


class _SegmentedSearchField(_SegmentedValueMixin, index.SearchField):
    pass


class _SegmentedAutocompleteField(index.AutocompleteField):
    # Titles: what autocomplete() matches by prefix, so the pinyin keys are matched by prefix too.
    def get_value(self, obj):
        read = super().get_value
        return _once(self, obj, lambda: _with_keys(read(_unwrap(obj)), pinyin_keys))


class _SegmentedRelatedFields(index.RelatedFields):
    def get_value(self, obj):
        read = super().get_value

        def rows():
            value = read(_unwrap(obj))
            return _Fetched(list(value.all())) if isinstance(value, Manager) else value

        return _once(self, obj, rows)


def _segmented_field(field):
    if isinstance(field, index.SearchField):
        return _SegmentedSearchField(field.field_name, boost=field.boost, **field.kwargs)
    if isinstance(field, index.AutocompleteField):
        return _SegmentedAutocompleteField(field.field_name, **field.kwargs)
    if isinstance(field, index.RelatedFields):
        return _SegmentedRelatedFields(field.field_name, [_segmented_field(sub) for sub in field.fields])
    return field  # FilterFields hold values to compare, not text to match


@cache
def _segmented_fields(model):
    return [_segmented_field(field) for field in model.get_search_fields()]


class SegmentingIndexMixin:
    def add_items(self, model, objs):
        # Every write goes through here: saves and publishes (backend.add), and update_index.
        super().add_items(model, [_IndexedDocument(obj) for obj in objs])


class SegmentingBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # Both search() and autocomplete() come through here; autocomplete() matches what is being
        # typed, so a last single character (养老服) counts as the start of a word.
        operator = (kwargs.get("operator") or query_compiler_class.DEFAULT_OPERATOR).lower()
        as_typed = query_compiler_class is self.autocomplete_query_compiler_class
        segmented = segmented_query(query, operator, as_typed)
        return super()._search(query_compiler_class, segmented, model_or_queryset, **kwargs)


def _sqlite_ranking(base):
    """On SQLite, rank with one full-text query per search (cms/search/sqlite_ranking.py)."""
    # Checked by module: importing the SQLite backend on another database fails (its FTS model
    # exists only on SQLite).
    if not base.__module__.startswith("modelsearch.backends.database.sqlite."):
        return {}
    from cms.search import sqlite_ranking

    return {
        "query_compiler_class": sqlite_ranking.RankOnceSearchQueryCompiler,
        "autocomplete_query_compiler_class": sqlite_ranking.RankOnceAutocompleteQueryCompiler,
        "results_class": sqlite_ranking.RankOnceSearchResults,
    }


@cache
def segmenting_backend_class(base):
    """``base`` (a database search backend class) with segmentation at index and query time."""
    index_class = type(f"Segmenting{base.index_class.__name__}", (SegmentingIndexMixin, base.index_class), {})
    attributes = {"index_class": index_class, **_sqlite_ranking(base)}
    return type(f"Segmenting{base.__name__}", (SegmentingBackendMixin, base), attributes)


# Named as Wagtail looks it up in a backend module ("cms.search.backend" → SearchBackend).
def SearchBackend(params):
    base = type(database_backend_for_default_connection(dict(params)))
    return segmenting_backend_class(base)(params)
