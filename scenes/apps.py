from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ScenesConfig(AppConfig):
    name = "scenes"
    verbose_name = _("应用场景与解决方案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_cache
        from cms.api import api_router
        from cms.registry import home_figures, home_sections, sitemap_sections
        from scenes import home
        from scenes.cache import OPEN_DATA_VERSION, SHOWCASE_VERSION, connect_signals
        from scenes.models import NeedIndexPage, SceneIndexPage, SolutionIndexPage
        from scenes.resource_api import DataResourcesAPIViewSet
        from scenes.services.editorial import attach_new_index_page
        from scenes.services.need_editorial import attach_new_need_index

        # The home page's showcase: its figures and its sections, in order.
        home_figures.register("showcase", order=10)(home.showcase_figure_tiles)
        home_sections.register("showcase_figures", order=10)(home.render_figures)
        home_sections.register("showcase_featured", order=20)(home.render_featured)
        # The data resources: a section of the sitemap index and an endpoint of the API.
        sitemap_sections.register("data", order=20)(_data_resource_sitemap)
        api_router.register_endpoint("data-resources", DataResourcesAPIViewSet)
        connect_signals()  # what starts a new content version
        page_cache.register_version(SHOWCASE_VERSION)  # stored pages show scenes and solutions
        page_cache.register_version(OPEN_DATA_VERSION)  # and the open-data requests (/data/)
        # An index page created after migrate gets its editors' permissions and the workflow.
        for index in (SceneIndexPage, SolutionIndexPage):
            post_save.connect(attach_new_index_page, sender=index, dispatch_uid=f"editorial-{index._meta.model_name}")
        post_save.connect(attach_new_need_index, sender=NeedIndexPage, dispatch_uid="editorial-needindexpage")


def _data_resource_sitemap(request):
    from scenes.sitemaps import DataResourceSitemap

    return DataResourceSitemap(request)
