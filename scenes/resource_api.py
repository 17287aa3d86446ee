"""/api/v2/data-resources/: the data resource catalogue, read-only, in the site's API (registered on
cms.api.api_router by ScenesConfig.ready). Each resource comes with its node and domains as names and
slugs, its public page and how many published scenes, solutions and needs use it."""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.views import BaseAPIViewSet

from cms.api import SiteDetailUrlField, SiteFindMixin
from cms.links import absolute_url
from scenes.api import NodeSerializer, TermSerializer
from scenes.models import DataResource
from scenes.services.resources import use_counts, with_resource_card_data


class ResourcePageUrlField(serializers.Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, resource):
        return absolute_url(resource.get_absolute_url(), self.context["request"])


class UseCountsField(serializers.Field):
    """The counts the view attached to the resource (``_use_counts``), read with the page."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, resource):
        return getattr(resource, "_use_counts", {"scenes": 0, "solutions": 0, "needs": 0})


class DataResourceAPISerializer(BaseSerializer):
    detail_url = SiteDetailUrlField(read_only=True)


RESOURCE_API_FIELDS = [
    APIField("slug"),
    APIField("name"),
    APIField("department"),
    APIField("node", serializer=NodeSerializer(allow_null=True)),
    APIField("domains", serializer=TermSerializer(many=True)),
    APIField("openness"),
    APIField("portal_url"),
    APIField("html_url", serializer=ResourcePageUrlField(read_only=True)),
    APIField("use_counts", serializer=UseCountsField(read_only=True)),
]


class DataResourcesAPIViewSet(SiteFindMixin, BaseAPIViewSet):
    base_serializer_class = DataResourceAPISerializer
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    model = DataResource
    name = "data-resources"
    listing_default_fields = ["id", "type", "detail_url", "slug", "name", "department", "openness", "html_url"]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["slug", "openness", "department"])

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + RESOURCE_API_FIELDS)

    def get_queryset(self):
        return with_resource_card_data(DataResource.objects.order_by("id"))

    def get_serializer(self, instance=None, *args, **kwargs):
        # The page of results (or the one resource) gets its use counts in one query per kind.
        if instance is not None:
            resources = list(instance) if kwargs.get("many") else [instance]
            counts = use_counts(resources)
            for resource in resources:
                resource._use_counts = counts[resource.pk]
            instance = resources if kwargs.get("many") else instance
        return super().get_serializer(instance, *args, **kwargs)
