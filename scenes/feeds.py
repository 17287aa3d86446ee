"""RSS 2.0 and Atom feeds of newly published scenes: /scenes/feed/rss/ and /scenes/feed/atom/."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.links import absolute_url
from scenes.models import Domain
from scenes.stats import listing_urls, visible_scenes

FEED_LENGTH = 30


class NewScenesFeed(Feed):
    # The scenes are written in Chinese whatever language the visitor chose for the interface.
    language = "zh-CN"
    title = _("数用 · 最新应用场景")
    description = _("全省各地新发布的公共数据应用场景。")

    # Every address in the feed starts with the site address (cms/links.py); Django's default would
    # take the host from the request.
    def get_object(self, request, *args, **kwargs):
        return request.path

    def feed_url(self, path):
        return absolute_url(path)

    def link(self):
        return absolute_url(listing_urls()["scenes"] or "/")

    def items(self):
        return list(
            visible_scenes()
            .select_related("node")
            .prefetch_related(Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name")))
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.lead_department

    def item_categories(self, item):
        return [item.node.display_name, *(domain.display_name for domain in item.domains.all())]


class NewScenesAtomFeed(NewScenesFeed):
    feed_type = Atom1Feed
    subtitle = NewScenesFeed.description
