"""What every public page reads that only an editor changes: the site for a host name, its settings,
the main menu and the pages' view restrictions. Each is kept in Django's cache under the *site
version*: saving a site, its settings or a view restriction, moving or deleting any page, or
publishing or unpublishing a page of the menu's level starts a new one (``connect_signals``), so
none of it is read stale once such a change is committed. Publishing a scene deep in the tree
leaves these alone; it starts a new *pages version*, which the page cache (cms/page_cache.py) holds
in its keys. Pages then cost only their own queries (bench/README.md, "Side by side")."""

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache_versions import CacheVersion, cache_is_shared

SITE_VERSION = CacheVersion("site:version")
PAGES_VERSION = CacheVersion("site:pages-version")
# The menu lists the site root's children: the root is at depth 2 under Wagtail's tree root.
MENU_DEPTH = 3
TIMEOUT = 60 * 60
# Without a shared cache another process never hears of a new version (a view restriction added in
# the admin, say): its copies live seconds only.
UNSHARED_TIMEOUT = 10
_NO_SITE = "no-site"


def site_version():
    return SITE_VERSION.current()


def _bump_site():
    SITE_VERSION.bump()
    PAGES_VERSION.bump()


def _bump_pages():
    PAGES_VERSION.bump()


def _bump_now_and_after_commit(bump):
    """A new version now and again after the commit (as scenes.cache does): a request that read the
    old rows between the two cannot keep them cached under the new number."""
    bump()
    if not any(func is bump for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump)


def bump_site_version():
    _bump_now_and_after_commit(_bump_site)


def bump_pages_version():
    _bump_now_and_after_commit(_bump_pages)


def _cached(name, compute):
    timeout = TIMEOUT if cache_is_shared() else UNSHARED_TIMEOUT
    return cache.get_or_set(f"site:{name}:v{site_version()}", compute, timeout)


def site_for_request(request):
    """Wagtail's ``Site.find_for_request`` from the cache: the same matching rules (its own function
    on a miss), remembered on the request as Wagtail does."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()

        def find():
            try:
                return get_site_for_hostname(hostname, port)
            except Site.DoesNotExist:
                return _NO_SITE

        site = _cached(f"for:{hostname}:{port}", find)
        request._wagtail_site = None if site == _NO_SITE else site
    return request._wagtail_site


def _restrictions():
    """Every view restriction with its page's tree path, and the tree paths of alias pages with the
    path of the page each one mirrors."""
    rows = list(PageViewRestriction.objects.select_related("page").order_by("page__path"))
    for row in rows:
        row.page_path = row.page.path
    aliases = dict(Page.objects.filter(alias_of__isnull=False).values_list("path", "alias_of__path"))
    return {"restrictions": rows, "aliases": aliases}


def view_restrictions():
    return _cached("restrictions", _restrictions)


def restrictions_for_path(path):
    """The restrictions that apply to the page at tree path ``path``: its own and its ancestors',
    an alias taking those of the page it mirrors (as ``Page.get_view_restrictions`` does)."""
    known = view_restrictions()
    if not known["restrictions"]:
        return []
    steplen = Page.steplen
    paths = set()
    for end in range(steplen, len(path) + 1, steplen):
        prefix = path[:end]
        paths.add(known["aliases"].get(prefix, prefix))
    return [row for row in known["restrictions"] if row.page_path in paths]


class CachedViewRestrictionsMixin:
    """Pages served by cms/page_serving.py take their view restrictions from here (no query);
    elsewhere, the admin's privacy views included, Wagtail's queryset as usual."""

    def get_view_restrictions(self):
        known = getattr(self, "_view_restrictions_from_cache", None)
        return known if known is not None else super().get_view_restrictions()


def public(queryset):
    """``queryset.public()`` (Wagtail's ``private_q``: no page at or below a restricted one) from the
    cached restrictions, without an exclusion to compile when no page is restricted."""
    restricted = [row.page_path for row in view_restrictions()["restrictions"]]
    if not restricted:
        return queryset
    private = Q(pk__in=[])
    for path in restricted:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def _page_published_or_unpublished(sender, instance, **kwargs):
    if instance.depth <= MENU_DEPTH:
        bump_site_version()
    else:
        bump_pages_version()


def _structure_changed(**kwargs):
    bump_site_version()


def _settings_saved(sender, created, **kwargs):
    # Wagtail creates a site's settings with their defaults on first use: what pages showed already.
    if not created:
        bump_site_version()


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_site_version()


def _page_created(sender, instance, created, **kwargs):
    # A page added live by code (an import, load_demo) is published without the signal.
    if created and isinstance(instance, Page) and instance.live:
        _page_published_or_unpublished(sender, instance)


def cached_site_settings(model, site, load):
    """A site setting (``load()`` on a miss) for the site, from the cache."""
    return _cached(f"settings:{model._meta.label_lower}:{site.pk}", load)


def main_menu_pages(site, language, load):
    """The site's menu pages (``load()`` on a miss) for one language."""
    return _cached(f"menu:{site.pk}:{language}", load)


def connect_signals():
    page_published.connect(_page_published_or_unpublished, dispatch_uid="site-version-published")
    page_unpublished.connect(_page_published_or_unpublished, dispatch_uid="site-version-unpublished")
    post_page_move.connect(_structure_changed, dispatch_uid="site-version-moved")
    post_delete.connect(_page_deleted, dispatch_uid="site-version-page-deleted")
    post_save.connect(_page_created, dispatch_uid="site-version-page-created")
    # By name: cms.models imports this module (the pages' view restrictions, the settings' cache).
    SiteSettings = apps.get_model("cms", "SiteSettings")

    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="site-version-save-settings")
    for model in (Site, PageViewRestriction, SiteSettings):
        if model is not SiteSettings:
            post_save.connect(_structure_changed, sender=model, dispatch_uid=f"site-version-save-{model._meta.label}")
        post_delete.connect(_structure_changed, sender=model, dispatch_uid=f"site-version-delete-{model._meta.label}")
