from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("站点")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_cache, site_cache
        from cms.search import cache as search_cache
        from cms.spreadsheets import protect_list_exports

        protect_list_exports()
        site_cache.connect_signals()  # what starts a new site version
        page_cache.register_version(site_cache.SITE_VERSION)
        page_cache.register_version(site_cache.PAGES_VERSION)
        search_cache.connect()  # title suggestions stop at once when a page is unpublished
