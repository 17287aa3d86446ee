"""Showcase URLs outside the page tree. cms/urls.py includes them before Wagtail's catch-all, so
/scenes/statistics/ and the feeds win over the scene index page's own routes."""

from django.urls import path, re_path

from cms.page_cache import cache_for_anonymous
from cms.page_serving import serve
from scenes.feeds import NewScenesAtomFeed, NewScenesFeed
from scenes.resource_views import data_resource, data_resource_ask, data_resources
from scenes.stats_views import statistics
from scenes.views import comment_need, follow_need

urlpatterns = [
    path("scenes/statistics/", cache_for_anonymous(statistics), name="scene_statistics"),
    path("scenes/feed/rss/", cache_for_anonymous(NewScenesFeed()), name="scene_feed_rss"),
    path("scenes/feed/atom/", cache_for_anonymous(NewScenesAtomFeed()), name="scene_feed_atom"),
    # Following and commenting on a need (POST only; the need's page shows the forms).
    path("needs/<int:pk>/follow/", follow_need, name="need_follow"),
    path("needs/<int:pk>/comments/", comment_need, name="need_comment"),
    # The data resource catalogue and each resource's page (数源页); the form posts apart, uncached.
    path("data/", cache_for_anonymous(data_resources), name="data_resources"),
    path("data/<str:slug>/", cache_for_anonymous(data_resource), name="data_resource"),
    path("data/<str:slug>/ask/", data_resource_ask, name="data_resource_ask"),
    # The catalogues and their landing pages, served like every page (cms/page_serving.py). Named,
    # so that translate_url can map /scenes/ onto /en/scenes/ (the language switcher).
    re_path(r"^(?P<path>(?:scenes|solutions|needs)/(?:(?:city|domain|provider)/[^/]+/)?)$", serve, name="catalogue"),
]
