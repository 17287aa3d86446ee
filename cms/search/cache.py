"""The search layer's caches (title suggestions, the "did you mean" vocabulary) and their version.

Publishing, unpublishing, moving or deleting a page, and any change to a view restriction, start a
new version, so a title that is no longer public is never suggested from the cache. The timeout
is a safety net for what the signals cannot hear: a renamed city or domain, or another process's
publish when the cache is local memory (with REDIS_URL every process shares the version).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache_versions import CacheVersion

VERSION_KEY = "search:version"
TIMEOUT = 10 * 60


SEARCH_VERSION = CacheVersion(VERSION_KEY)
version = SEARCH_VERSION.current


def bump_version():
    """A new version now and once the change is committed, so nothing read in between stays."""
    SEARCH_VERSION.bump()
    transaction.on_commit(SEARCH_VERSION.bump)


def cached(name, compute, timeout=TIMEOUT):
    """``compute()``, cached under ``name`` for the current version."""
    return cache.get_or_set(f"search:{name}:v{version()}", compute, timeout)


def _changed(sender, **kwargs):
    bump_version()


def connect():
    """Listen for the changes that can take a title out of (or into) public view; from AppConfig.ready()."""
    from wagtail.models import Page, PageViewRestriction

    def _deleted(sender, instance, **kwargs):
        if isinstance(instance, Page | PageViewRestriction):
            bump_version()

    page_published.connect(_changed, dispatch_uid="search-version-published")
    page_unpublished.connect(_changed, dispatch_uid="search-version-unpublished")
    post_page_move.connect(_changed, dispatch_uid="search-version-moved")
    post_save.connect(_changed, sender=PageViewRestriction, dispatch_uid="search-version-restriction-save")
    # Pages of every type: post_delete is sent with the concrete class as sender.
    post_delete.connect(_deleted, weak=False, dispatch_uid="search-version-delete")
