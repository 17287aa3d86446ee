from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenesConfig(AppConfig):
    name = "scenes"
    verbose_name = _("应用场景与解决方案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Home sections (cms.registry) and the catalogue's serve hook register when imported.
        from scenes import caching, home  # noqa: F401
        from scenes.cache import connect_signals

        connect_signals()  # what starts a new content version
