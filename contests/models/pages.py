"""The public face of a contest: ``ContestIndexPage`` (/contests/) → ``ContestPage`` (/contests/<slug>/).

The contest data (timeline, tracks, limits) lives in ``Contest``; the page only adds the text
editors write (rules, FAQ, news) and renders the live data with it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.links import SiteUrlPageMixin
from cms.models.english import EnglishTitleMixin
from cms.models.readable_slug import ReadableSlugMixin
from cms.site_cache import CachedViewRestrictionsMixin
from contests.blocks import FAQBlock, NewsBlock


class ContestIndexPage(SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, EnglishTitleMixin, Page):
    introduction = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), *EnglishTitleMixin.english_panels]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    template = "pages/contest_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["contests.ContestPage"]
    max_count = 1

    class Meta:
        verbose_name = pgettext_lazy("model", "大赛首页")
        verbose_name_plural = pgettext_lazy("models", "大赛首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contest_pages"] = (
            ContestPage.objects.child_of(self).live().public().select_related("contest").order_by("-contest__year")
        )
        return context


class ContestPage(SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, RoutablePageMixin, Page):
    contest = models.ForeignKey(
        "contests.Contest", verbose_name=_("大赛"), on_delete=models.PROTECT, related_name="pages"
    )
    introduction = models.TextField(_("导语"), blank=True)
    rules = RichTextField(
        _("大赛规则"), blank=True, features=["h3", "bold", "italic", "link", "ol", "ul", "hr", "document-link"]
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("更多内容"), blank=True)
    faq = StreamField(FAQBlock(), verbose_name=_("常见问题"), blank=True)
    news = StreamField(NewsBlock(), verbose_name=_("大赛动态"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("contest"),
        FieldPanel("introduction"),
        FieldPanel("rules"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("faq"), FieldPanel("news")], heading=_("问答与动态")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("rules"),
        index.SearchField("faq"),
    ]

    template = "pages/contest_page.html"
    parent_page_types = ["contests.ContestIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = pgettext_lazy("model", "大赛页面")
        verbose_name_plural = pgettext_lazy("models", "大赛页面")

    # Stored for anonymous visitors a minute at most: it shows live team and participant counts
    # (contests/public_cache.py).
    anonymous_cache_seconds = 60

    # What the public sees of a contest is built by ``contests.public``, which ContestsConfig.ready()
    # plugs in here: a model imports no layer above it.
    public_views = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.public_views.contest_context(self, request))
        return context

    # A mixin without fields: routes need no migration. The winners' public summaries live here so
    # their URLs follow the page wherever editors put it.
    @path("winners/<uuid:uuid>/", name="winner")
    def winner(self, request, uuid):
        return self.public_views.winner_page(request, self, uuid)
