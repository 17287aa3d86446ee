"""What every public page reads that only an editor changes: the site for a host name, its settings,
the main menu and the pages' view restrictions. Each is kept in Django's cache under the *site
version*; publishing, unpublishing, moving or deleting any page, or saving a site, its settings or a
view restriction starts a new version (``connect_signals``), so none of it is read stale once such a
change is committed. Pages then cost only their own queries (bench/README.md, "Side by side")."""

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache_versions import CacheVersion

SITE_VERSION = CacheVersion("site:version")
TIMEOUT = 60 * 60
_NO_SITE = "no-site"


def site_version():
    return SITE_VERSION.current()


def _after_commit():
    SITE_VERSION.bump()


def bump_site_version():
    """A new version now and again after the commit (as scenes.cache does): a request that read the
    old rows between the two cannot keep them cached under the new number."""
    SITE_VERSION.bump()
    if not any(func is _after_commit for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_after_commit)


def _cached(name, compute):
    key = f"site:{name}:v{site_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


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


def private_q():
    """``PageQuerySet.private_q()`` from the cached restrictions (no query when there are none)."""
    q = Q(pk__in=[])
    for row in view_restrictions()["restrictions"]:
        q |= Q(path__startswith=row.page_path)
    return q


def public(queryset):
    """``queryset.public()`` without its query for the restrictions."""
    return queryset.exclude(private_q())


def _page_changed(**kwargs):
    bump_site_version()


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_site_version()


def _page_created(sender, instance, created, **kwargs):
    # A page added live by code (an import, load_demo) is published without the signal.
    if created and isinstance(instance, Page) and instance.live:
        bump_site_version()


def cached_site_settings(model, site, load):
    """A site setting (``load()`` on a miss) for the site, from the cache."""
    return _cached(f"settings:{model._meta.label_lower}:{site.pk}", load)


def main_menu_pages(site, language, load):
    """The site's menu pages (``load()`` on a miss) for one language."""
    return _cached(f"menu:{site.pk}:{language}", load)


def connect_signals():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"site-version-{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="site-version-page-deleted")
    post_save.connect(_page_created, dispatch_uid="site-version-page-created")
    from cms.models import SiteSettings

    for model in (Site, PageViewRestriction, SiteSettings):
        post_save.connect(_page_changed, sender=model, dispatch_uid=f"site-version-save-{model._meta.label}")
        post_delete.connect(_page_changed, sender=model, dispatch_uid=f"site-version-delete-{model._meta.label}")
