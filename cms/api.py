"""Wagtail API v2 at /api/v2/: only live, public pages are ever listed (Wagtail filters them)."""

from urllib.parse import urlsplit, urlunsplit

from django.urls import NoReverseMatch
from rest_framework.fields import SkipField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import DetailUrlField, PageHtmlUrlField, PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField, DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.links import absolute_url, page_url

# Every address the API gives starts with the site address of cms/links.py (SITE_URL; in
# development the host that served the request), not the Wagtail Site record's "localhost".


class SiteDetailUrlField(DetailUrlField):
    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint for this type, as in Wagtail's field
        return absolute_url(path, self.context["request"])


class SiteHtmlUrlField(PageHtmlUrlField):
    def to_representation(self, page):
        try:
            return page_url(page, self.context["request"])
        except NoReverseMatch:
            return None


class SiteDocumentDownloadUrlField(DocumentDownloadUrlField):
    def to_representation(self, document):
        return absolute_url(document.url, self.context["request"])


class SitePageSerializer(PageSerializer):
    detail_url = SiteDetailUrlField(read_only=True)
    html_url = SiteHtmlUrlField(read_only=True)


class SiteImageSerializer(ImageSerializer):
    detail_url = SiteDetailUrlField(read_only=True)


class SiteDocumentSerializer(DocumentSerializer):
    detail_url = SiteDetailUrlField(read_only=True)
    download_url = SiteDocumentDownloadUrlField(read_only=True)


class SiteFindMixin:
    """``…/find/?html_path=…`` redirects under the site address too (Wagtail's names its API base-URL setting)."""

    def find_view(self, request):
        response = super().find_view(request)
        location = urlsplit(response["Location"])
        response["Location"] = absolute_url(urlunsplit(("", "", location.path, location.query, "")), request)
        return response


class SiteImagesAPIViewSet(SiteFindMixin, ImagesAPIViewSet):
    base_serializer_class = SiteImageSerializer


class SiteDocumentsAPIViewSet(SiteFindMixin, DocumentsAPIViewSet):
    base_serializer_class = SiteDocumentSerializer


class PagesWithRelatedAPIViewSet(SiteFindMixin, PagesAPIViewSet):
    """Listings filtered to one page type let that model fetch what its API fields show in a fixed
    number of queries: a model with ``with_api_data(queryset)`` adds its select/prefetch there
    (scenes and solutions do; otherwise 20 items with ``fields=*`` took 126–166 queries)."""

    base_serializer_class = SitePageSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        with_api_data = getattr(queryset.model, "with_api_data", None)
        return with_api_data(queryset) if with_api_data else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesWithRelatedAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)
