from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenesConfig(AppConfig):
    name = "scenes"
    verbose_name = _("应用场景与解决方案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from scenes import caching, home, stats  # noqa: F401 - statistics, home sections, cache invalidation
        from scenes.services import editorial  # noqa: F401 - new index pages get their permissions and workflow
