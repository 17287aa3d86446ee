"""Showcase URLs outside the page tree. cms/urls.py includes them before Wagtail's catch-all, so
/scenes/statistics/ and the feeds win over the scene index page's own routes."""

from django.urls import path

from scenes.caching import cache_for_anonymous
from scenes.feeds import NewScenesAtomFeed, NewScenesFeed
from scenes.stats_views import statistics

urlpatterns = [
    path("scenes/statistics/", cache_for_anonymous(statistics), name="scene_statistics"),
    path("scenes/feed/rss/", cache_for_anonymous(NewScenesFeed()), name="scene_feed_rss"),
    path("scenes/feed/atom/", cache_for_anonymous(NewScenesAtomFeed()), name="scene_feed_atom"),
]
