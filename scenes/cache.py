"""The showcase's content version, the signals that start a new one, and values cached under it.

Everything the showcase caches (figures, statistics, facet indexes, home sections, whole pages in
cms/page_cache.py) is keyed by the *content version*. Publishing, unpublishing, deleting or moving
a scene or solution, editing the taxonomy, a tag or a page's view restrictions bumps the version, so
the next request recounts; nothing has to know which keys exist. The timeout is only a safety net
for caches that other processes cannot see (the local-memory cache of a second gunicorn worker);
with REDIS_URL every process shares the version.

The signals are connected by ``connect_signals()``, called once from ScenesConfig.ready().
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache_versions import CacheVersion
from cms.tasks import enqueue
from scenes.models import (
    DataResource,
    Domain,
    NeedIndexPage,
    NeedPage,
    Node,
    OpenDataRequest,
    Provider,
    SceneIndexPage,
    ScenePage,
    SolutionIndexPage,
    SolutionPage,
    Unit,
)

VERSION_KEY = "showcase:version"
CACHE_TIMEOUT = 10 * 60
SHOWCASE_PAGE_MODELS = (ScenePage, SolutionPage, SceneIndexPage, SolutionIndexPage, NeedPage, NeedIndexPage)
# Whatever is shown of these in the showcase: saving or deleting one starts a new version.
SHOWCASE_MODELS = (*SHOWCASE_PAGE_MODELS, Node, Domain, DataResource, Provider, PageViewRestriction, Tag)
WARM_TASK = "scenes.warm_showcase"  # scenes/tasks.py


SHOWCASE_VERSION = CacheVersion(VERSION_KEY)
# The open-data requests and the units that answer them, shown on /data/ and /data/<slug>/: a
# version of their own, so that a request asked or answered renews the stored pages without
# rebuilding the showcase's facet indexes and figures.
OPEN_DATA_VERSION = CacheVersion("opendata:version")
OPEN_DATA_MODELS = (OpenDataRequest, Unit)
# The data resource catalogue's facet index (150,000 rows: seconds to build) is keyed by a version
# that only what it shows moves — resources, domains, nodes — not every scene published.
RESOURCES_VERSION = CacheVersion("resources:version")
RESOURCE_INDEX_MODELS = (DataResource, Domain, Node)


def content_version():
    """The current version of the showcase content; part of every key cached here."""
    return SHOWCASE_VERSION.current()


def _after_commit():
    """Once a change is committed: a new version again, and the catalogues' facet indexes and the
    figures rebuilt in the background (scenes/tasks.py), so that no visitor waits for them."""
    SHOWCASE_VERSION.bump()
    enqueue(WARM_TASK)  # sent at once (we are after the commit), parked if the broker is down


def bump_content_version():
    """Start a new content version now, and again once the change is committed: a request that
    read the old rows between the two (and cached what it built under the first new version)
    cannot keep them in the cache. A transaction that saves many pages asks for one warm-up."""
    SHOWCASE_VERSION.bump()
    # Django keeps a transaction's callbacks in run_on_commit (and drops them on rollback).
    if not any(func is _after_commit for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def showcase_key(name):
    """The cache key of ``name`` for the current content version."""
    return f"showcase:{name}:v{content_version()}"


def cached(name, compute, timeout=CACHE_TIMEOUT):
    """``compute()``, cached under ``name`` for the current content version."""
    return cache.get_or_set(showcase_key(name), compute, timeout)


def _showcase_page_changed(sender, instance, **kwargs):
    if issubclass(instance.specific_class or type(instance), SHOWCASE_PAGE_MODELS):
        bump_content_version()


def _showcase_object_changed(sender, **kwargs):
    bump_content_version()


def bump_open_data_version():
    """A request asked or answered (saves, and the answer's guarded update): pages showing them renew."""
    OPEN_DATA_VERSION.bump()
    # As bump_content_version: once more after the commit, for a page built in between.
    transaction.on_commit(OPEN_DATA_VERSION.bump)


def _open_data_changed(sender, **kwargs):
    bump_open_data_version()


def bump_resources_version():
    """The resource catalogue's rows changed (saves, bulk inserts, updates): its facet index is
    built again; the pages showing it follow the showcase version, bumped too on such saves."""
    RESOURCES_VERSION.bump()
    transaction.on_commit(RESOURCES_VERSION.bump)


def _resources_changed(sender, **kwargs):
    bump_resources_version()


def connect_signals():
    """Connect the receivers that bump the version (dispatch_uid: a second call changes nothing)."""
    for model in RESOURCE_INDEX_MODELS:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(_resources_changed, sender=model, dispatch_uid=f"resources-{name}-{model._meta.label}")
    # Domains of a resource change through its many-to-many table alone.
    m2m_changed.connect(_resources_changed, sender=DataResource.domains.through, dispatch_uid="resources-domains")
    for model in OPEN_DATA_MODELS:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(_open_data_changed, sender=model, dispatch_uid=f"open-data-{name}-{model._meta.label}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_showcase_page_changed, dispatch_uid="showcase-page-changed")
    for model in SHOWCASE_MODELS:
        # Deleting a live page sends page_unpublished only when it is unpublished first; deletes from
        # the admin or the shell go straight to post_delete.
        post_delete.connect(_showcase_object_changed, sender=model, dispatch_uid=f"showcase-delete-{model._meta.label}")
        # Saving covers what bypasses publishing (a page added live by code, a bulk import).
        post_save.connect(_showcase_object_changed, sender=model, dispatch_uid=f"showcase-save-{model._meta.label}")


def refresh_after_demo(command, options):
    # load_demo inserts benchmark volumes in bulk, without publish signals.
    bump_resources_version()
    bump_content_version()
    return []
