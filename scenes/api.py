"""Public fields of scenes and solutions in the Wagtail API (/api/v2/pages/?type=scenes.ScenePage).

Taxonomy comes out as names and slugs rather than bare ids, so a consumer needs no second request.
Contact persons and phone numbers of solutions are left out: the API is for reuse of the catalogue,
not a directory of people.
"""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField


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


class PageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


SCENE_API_FIELDS = [
    APIField("summary"),
    APIField("node", serializer=NodeSerializer()),
    APIField("domains", serializer=TermSerializer(many=True)),
    APIField("tags"),
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
    APIField("tags"),
    APIField("data_resources", serializer=DataResourceSerializer(many=True)),
    APIField("reference_scenes", serializer=PageLinkSerializer(many=True, source="reference_scenes_live")),
    APIField("capabilities"),
    APIField("cover_image"),
    APIField("cover_thumbnail", serializer=ImageRenditionField("fill-800x450", source="cover_image")),
    APIField("body"),
]
