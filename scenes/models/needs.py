"""Needs (应用需求): real problems of departments and cities, published in the showcase through the
same moderation workflow as scenes, which the contest turns into challenges (赛题).

NeedIndexPage (/needs/) lists them like the scene catalogue; NeedPage is one need. Signed-in
people follow (upvote, one each) and comment on a need; both are plain models, not page content.
A need's status moves with the loop: 征集中 → 已出题 (a 赛题 names it) → 已揭榜 (entries answered
it) → 已落地 (adopted). Contests set it through ``set_need_status`` (a queryset update, so editors'
revisions never carry the status back: it is not a panel field and ``save`` keeps the stored one).
"""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from cms.links import SiteUrlPageMixin
from cms.models.english import EnglishTitleMixin
from cms.models.readable_slug import ReadableSlugMixin
from cms.site_cache import CachedViewRestrictionsMixin, public
from scenes.api import NEED_API_FIELDS, need_api_data
from scenes.choices import NeedStatus
from scenes.models.pages import PrefetchedIndexMixin, _views
from scenes.widgets import data_resource_picker, domain_checkboxes


class NeedIndexPage(
    SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, EnglishTitleMixin, RoutablePageMixin, Page
):
    """/needs/: the needs, filterable like the scene catalogue."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), *EnglishTitleMixin.english_panels]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    # The listing sorts by follower counts, which change without a publish: a short stay in the page cache.
    anonymous_cache_seconds = 60

    template = "pages/need_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["scenes.NeedPage"]
    max_count = 1

    class Meta:
        verbose_name = pgettext_lazy("model", "应用需求库")
        verbose_name_plural = pgettext_lazy("models", "应用需求库")

    @path("")
    def catalogue(self, request):
        return _views().need_listing(request, self)


class NeedPage(PrefetchedIndexMixin, SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, Page):
    """One need: who has the problem, who is affected, what data might solve it."""

    serve_select_related = ("node", "proposing_unit")

    summary = models.TextField(_("需求概述"), max_length=500, help_text=_("一两句话说明要解决的问题"))
    node = models.ForeignKey("scenes.Node", verbose_name=_("所属节点"), on_delete=models.PROTECT, related_name="needs")
    proposing_unit = models.ForeignKey(
        "scenes.Unit",
        verbose_name=_("提出单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    department = models.CharField(_("提出部门"), max_length=100, help_text=_("有此问题的部门或城市节点"))
    affected = models.TextField(_("受影响人群"), max_length=500, help_text=_("谁受这个问题影响，规模多大"))
    data_wanted = models.TextField(
        _("可能需要的数据"), max_length=1000, blank=True, help_text=_("解决问题可能用到的数据，以及目前的获取难点")
    )
    domains = ParentalManyToManyField("scenes.Domain", verbose_name=_("应用领域"), related_name="needs")
    data_resources = ParentalManyToManyField(
        "scenes.DataResource", verbose_name=_("相关数据资源"), related_name="needs", blank=True
    )
    similar_scenes = ParentalManyToManyField(
        "scenes.ScenePage",
        verbose_name=_("相似场景"),
        related_name="similar_needs",
        blank=True,
        help_text=_("已有的、解决过类似问题的应用场景"),
    )
    # Moved by the loop (contests), never by an editor's form: see the module docstring.
    status = models.CharField(
        _("状态"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.COLLECTING, db_index=True
    )
    vote_count = models.PositiveIntegerField(_("关注人数"), default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("node"), FieldPanel("proposing_unit"), FieldPanel("department")], heading=_("提出方")
        ),
        FieldPanel("affected"),
        FieldPanel("data_wanted"),
        MultiFieldPanel(
            [
                FieldPanel("domains", widget=domain_checkboxes()),
                FieldPanel("data_resources", widget=data_resource_picker()),
                FieldPanel("similar_scenes"),
            ],
            heading=_("分类与关联"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("affected"),
        index.SearchField("data_wanted"),
        index.SearchField("department"),
        index.RelatedFields("node", [index.SearchField("name")]),
        index.RelatedFields("domains", [index.SearchField("name")]),
        index.RelatedFields("data_resources", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("node"),
    ]

    api_fields = NEED_API_FIELDS
    with_api_data = staticmethod(need_api_data)  # used by cms.api for listings of needs
    # Follows and comments change without a publish: a short stay in the page cache.
    anonymous_cache_seconds = 60

    template = "pages/need_page.html"
    parent_page_types = ["scenes.NeedIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = pgettext_lazy("model", "应用需求")
        verbose_name_plural = pgettext_lazy("models", "应用需求")

    def save(self, *args, **kwargs):
        # A revision being published carries the status it had when it was written; the loop may
        # have moved it since. The stored status wins.
        if self.pk:
            stored = NeedPage.objects.filter(pk=self.pk).values_list("status", "vote_count").first()
            if stored:
                self.status, self.vote_count = stored
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_views().need_page_context(request, self))
        return context

    @cached_property
    def similar_scenes_live(self):
        if hasattr(self, "prefetched_similar_scenes_live"):  # an API listing (scenes.api)
            return self.prefetched_similar_scenes_live
        return list(public(self.similar_scenes.live()).order_by("title"))


def set_need_status(need_id, status):
    """Move a need along the loop (called by contests: a 赛题 names it, entries answer it)."""
    NeedPage.objects.filter(pk=need_id).update(status=status)


class NeedVote(models.Model):
    """One person follows (upvotes) a need, once."""

    need = models.ForeignKey(NeedPage, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "需求关注")
        verbose_name_plural = pgettext_lazy("models", "需求关注")
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="scenes_needvote_one_per_person")]

    def __str__(self):
        return f"{self.user} · {self.need}"


class NeedComment(models.Model):
    """A signed-in person's comment on a need; moderators may hide it (kept, with who and why)."""

    need = models.ForeignKey(NeedPage, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_comments")
    body = models.TextField(_("评论"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("隐藏原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("model", "需求评论")
        verbose_name_plural = pgettext_lazy("models", "需求评论")

    def __str__(self):
        return self.body[:40]
