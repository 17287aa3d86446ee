"""Fetching what a card or an API item shows of a scene or solution up front, in a fixed number of
queries for a whole page (the listings, the home page, the API)."""

from django.db.models import Prefetch
from wagtail.images import get_image_model


def with_cover_image(queryset):
    """The cover image of each row, with its renditions, in two queries."""
    images = get_image_model().objects.prefetch_renditions()
    return queryset.prefetch_related(Prefetch("cover_image", queryset=images))
