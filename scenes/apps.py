from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenesConfig(AppConfig):
    name = "scenes"
    verbose_name = _("应用场景与解决方案")
    default_auto_field = "django.db.models.BigAutoField"
