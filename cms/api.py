"""Wagtail API v2 at /api/v2/: only live, public pages are ever listed (Wagtail filters them)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PagesWithRelatedAPIViewSet(PagesAPIViewSet):
    """Listings filtered to one page type let that model fetch what its API fields show in a fixed
    number of queries: a model with ``with_api_data(queryset)`` adds its select/prefetch there
    (scenes and solutions do; otherwise 20 items with ``fields=*`` took 126–166 queries)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        with_api_data = getattr(queryset.model, "with_api_data", None)
        return with_api_data(queryset) if with_api_data else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesWithRelatedAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
