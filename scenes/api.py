"""Public fields of scenes and solutions in the Wagtail API (/api/v2/pages/?type=scenes.ScenePage).

Taxonomy comes out as names and slugs rather than bare ids, so a consumer needs no second request.
The page models name these fields and query plans (``api_fields``, ``with_api_data``), so this
module imports no models. Contact persons and phone numbers of solutions are left out: the API is
for reuse of the catalogue, not a directory of people.
"""

from django.db.models import Prefetch
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from scenes.ordering import nulls_last
from scenes.prefetch import with_cover_image


class NodeSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()


class TermSerializer(serializers.Serializer):
    """A domain or provider: name and slug."""

    name = serializers.CharField()
    slug = serializers.CharField()


class DataResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    department = serializers.CharField()


class NeedDataResourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField()


class TagNamesField(serializers.Field):
    """Tag names in name order, as Wagtail's TagsField gives them, but read from the prefetched tags
    instead of one query per page (taggit refuses an ordered prefetch queryset)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


SCENE_API_FIELDS = [
    APIField("summary"),
    APIField("node", serializer=NodeSerializer()),
    APIField("domains", serializer=TermSerializer(many=True)),
    APIField("tags", serializer=TagNamesField()),
    APIField("data_resources", serializer=DataResourceSerializer(many=True)),
    APIField("lead_department"),
    APIField("launch_date"),
    APIField("beneficiaries_count"),
    APIField("beneficiaries_unit"),
    APIField("beneficiaries_text"),
    APIField("level"),
    APIField("cover_image"),
    APIField("cover_thumbnail", serializer=ImageRenditionField("fill-800x450", source="cover_image")),
    APIField("body"),
]

SOLUTION_API_FIELDS = [
    APIField("summary"),
    APIField("provider", serializer=TermSerializer()),
    APIField("is_excellent"),
    APIField("domains", serializer=TermSerializer(many=True)),
    APIField("tags", serializer=TagNamesField()),
    APIField("data_resources", serializer=DataResourceSerializer(many=True)),
    APIField("reference_scenes", serializer=PageLinkSerializer(many=True, source="reference_scenes_live")),
    APIField("capabilities"),
    APIField("cover_image"),
    APIField("cover_thumbnail", serializer=ImageRenditionField("fill-800x450", source="cover_image")),
    APIField("body"),
]


NEED_API_FIELDS = [
    APIField("summary"),
    APIField("status"),
    APIField("node", serializer=NodeSerializer()),
    APIField("proposing_unit", serializer=TermSerializer()),
    APIField("department"),
    APIField("affected"),
    APIField("data_wanted"),
    APIField("domains", serializer=TermSerializer(many=True)),
    APIField("data_resources", serializer=NeedDataResourceSerializer(many=True)),
    APIField("similar_scenes", serializer=PageLinkSerializer(many=True, source="similar_scenes_live")),
    APIField("vote_count"),
]


def _with_taxonomy(queryset):
    return queryset.select_related("locale").prefetch_related("domains", "data_resources", "tags")


def scene_api_data(queryset):
    """What SCENE_API_FIELDS show of each scene, in a fixed number of queries for a whole listing."""
    return with_cover_image(_with_taxonomy(queryset.select_related("node")))


def solution_api_data(queryset):
    """What SOLUTION_API_FIELDS show of each solution, in a fixed number of queries."""
    # ScenePage, reached through the relation: the page models import this module.
    scene_model = queryset.model._meta.get_field("reference_scenes").related_model
    live_scenes = scene_model.objects.live().public().select_related("node")
    references = Prefetch(
        "reference_scenes",
        queryset=live_scenes.order_by(*nulls_last("-launch_date", "title")),
        to_attr="prefetched_reference_scenes_live",
    )
    return with_cover_image(_with_taxonomy(queryset.select_related("provider")).prefetch_related(references))


def need_api_data(queryset):
    """What NEED_API_FIELDS show of each need, in a fixed number of queries."""
    scene_model = queryset.model._meta.get_field("similar_scenes").related_model
    similar = Prefetch(
        "similar_scenes",
        queryset=scene_model.objects.live().public().order_by("title"),
        to_attr="prefetched_similar_scenes_live",
    )
    return (
        queryset.select_related("locale", "node", "proposing_unit")
        .prefetch_related("domains", "data_resources")
        .prefetch_related(similar)
    )
