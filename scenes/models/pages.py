"""Showcase pages: the scene library (SceneIndexPage → ScenePage) and the solution library
(SolutionIndexPage → SolutionPage). Listing logic lives in scenes/services, not here.

Imports go down only (api fields, admin forms and rules import no page model), except one seam:
the pages serve themselves through scenes/views.py, imported lazily by ``_views()``.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.links import SiteUrlPageMixin
from cms.models.english import EnglishTitleMixin
from cms.models.readable_slug import ReadableSlugMixin
from cms.site_cache import CachedViewRestrictionsMixin, public
from cms.validators import validate_phone
from scenes.api import SCENE_API_FIELDS, SOLUTION_API_FIELDS, scene_api_data, solution_api_data
from scenes.blocks import CapabilityBlock, SceneBodyBlock
from scenes.choices import RecognitionLevel
from scenes.forms import ScenePageForm, SolutionPageForm
from scenes.ordering import nulls_last
from scenes.rules import SceneIndexPermissionTester, ScenePagePermissionTester
from scenes.widgets import data_resource_picker, domain_checkboxes


class PrefetchedIndexMixin:
    """Indexing reads every related search field of every page. modelsearch prefetches them, except
    ParentalManyToManyFields (one query per page and relation: 40,000 queries for 20,000 scenes);
    modelcluster's managers do honour a prefetch, so those are prefetched here."""

    @classmethod
    def get_indexed_objects(cls):
        parental = [
            field.field_name
            for field in cls.get_search_fields()
            if isinstance(field, index.RelatedFields)
            and isinstance(cls._meta.get_field(field.field_name), ParentalManyToManyField)
        ]
        return super().get_indexed_objects().prefetch_related(*parental)


def _views():
    """THE SEAM (page as controller), the one import circle in scenes: an index page serves its own
    listing, and a scene or solution page its own context, through scenes/views.py, which reads these
    models back (through the catalogue services). Imported when a page is served, never at load."""
    from scenes import views

    return views


class SceneTag(TaggedItemBase):
    content_object = ParentalKey("scenes.ScenePage", on_delete=models.CASCADE, related_name="tagged_items")


class SolutionTag(TaggedItemBase):
    content_object = ParentalKey("scenes.SolutionPage", on_delete=models.CASCADE, related_name="tagged_items")


class SceneIndexPage(
    SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, EnglishTitleMixin, RoutablePageMixin, Page
):
    """/scenes/: the faceted scene catalogue, plus landing pages per city and per domain."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), *EnglishTitleMixin.english_panels]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    template = "pages/scene_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["scenes.ScenePage"]
    max_count = 1

    class Meta:
        verbose_name = pgettext_lazy("model", "应用场景库")
        verbose_name_plural = pgettext_lazy("models", "应用场景库")

    def permissions_for_user(self, user):
        # City editors add scenes here but do not edit the index page itself; see scenes/rules.py.
        return SceneIndexPermissionTester(user, self)

    @path("")
    def catalogue(self, request):
        return _views().scene_listing(request, self)

    @path("city/<str:slug>/", name="city")
    def city(self, request, slug):
        return _views().scene_listing(request, self, landing=("node", slug))

    @path("domain/<str:slug>/", name="domain")
    def domain(self, request, slug):
        return _views().scene_listing(request, self, landing=("domain", slug))


class ScenePage(PrefetchedIndexMixin, SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, Page):
    """An application scene: how shared data solved one problem for citizens, businesses or governance."""

    # Read by every scene page; fetched with the page when it is served (cms/page_serving.py).
    serve_select_related = ("node", "cover_image")

    summary = models.TextField(_("摘要"), max_length=300, help_text=_("一两句话说明场景解决了什么问题"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("封面图须在图片库中填写“描述”，用作替代文本"),
    )
    node = models.ForeignKey("scenes.Node", verbose_name=_("所属节点"), on_delete=models.PROTECT, related_name="scenes")
    domains = ParentalManyToManyField("scenes.Domain", verbose_name=_("应用领域"), related_name="scenes")
    tags = ClusterTaggableManager(through=SceneTag, verbose_name=_("标签"), blank=True)
    data_resources = ParentalManyToManyField(
        "scenes.DataResource", verbose_name=_("使用的数据资源"), related_name="scenes", blank=True
    )
    lead_department = models.CharField(_("牵头部门"), max_length=100)
    launch_date = models.DateField(_("上线日期"), null=True, blank=True)
    # The integer sorts and sums; unit and words are what readers see ("200 万户", "惠及 200 多万家庭").
    beneficiaries_count = models.PositiveBigIntegerField(
        _("受益数量"), null=True, blank=True, help_text=_("用于排序和统计的整数，例如 2000000")
    )
    beneficiaries_unit = models.CharField(
        _("受益单位"), max_length=20, blank=True, help_text=_("例如 户、人次、家企业")
    )
    beneficiaries_text = models.CharField(
        _("受益说明"), max_length=120, blank=True, help_text=_("例如 惠及全省 200 多万家庭")
    )
    level = models.CharField(
        _("认定级别"),
        max_length=12,
        choices=RecognitionLevel.choices,
        default=RecognitionLevel.LISTED,
        db_index=True,
        help_text=_("“典型场景”和“国家推广”只能由省级审核员设定"),
    )
    body = StreamField(SceneBodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("node"), FieldPanel("lead_department"), FieldPanel("launch_date"), FieldPanel("level")],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("beneficiaries_count"), FieldPanel("beneficiaries_unit")]),
                FieldPanel("beneficiaries_text"),
            ],
            heading=_("受益规模"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("domains", widget=domain_checkboxes()),
                FieldPanel("data_resources", widget=data_resource_picker()),
                FieldPanel("tags"),
            ],
            heading=_("分类"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("lead_department"),
        index.SearchField("beneficiaries_text"),
        index.RelatedFields("node", [index.SearchField("name")]),
        index.RelatedFields("domains", [index.SearchField("name")]),
        index.RelatedFields("data_resources", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("level"),
        index.FilterField("node"),
        index.FilterField("launch_date"),
    ]
    # Public fields of the Wagtail API (/api/v2/pages/); defined in scenes/api.py.
    api_fields = SCENE_API_FIELDS
    with_api_data = staticmethod(scene_api_data)  # used by cms.api for listings of scenes

    base_form_class = ScenePageForm
    template = "pages/scene_page.html"
    parent_page_types = ["scenes.SceneIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = pgettext_lazy("model", "应用场景")
        verbose_name_plural = pgettext_lazy("models", "应用场景")
        indexes = [models.Index(fields=["launch_date"], name="scenes_scene_launch_idx")]

    def permissions_for_user(self, user):
        # City editors may touch only the scenes of their own node; see scenes/rules.py.
        return ScenePagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_views().scene_page_context(request, self))
        return context

    @cached_property
    def reference_solutions_live(self):
        """The live solutions that name this scene as a reference: the relation is kept on SolutionPage."""
        return list(
            public(self.reference_solutions.live()).select_related("provider").order_by("-is_excellent", "title")
        )

    @property
    def sections(self):
        """(anchor, label) of the body sections present, for the in-page table of contents."""
        return [(block.block_type, block.value.get("heading") or block.block.label) for block in self.body]


class SolutionIndexPage(
    SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, EnglishTitleMixin, RoutablePageMixin, Page
):
    """/solutions/: the faceted solution library."""

    introduction = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), *EnglishTitleMixin.english_panels]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    template = "pages/solution_index_page.html"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["scenes.SolutionPage"]
    max_count = 1

    class Meta:
        verbose_name = pgettext_lazy("model", "解决方案库")
        verbose_name_plural = pgettext_lazy("models", "解决方案库")

    @path("")
    def catalogue(self, request):
        return _views().solution_listing(request, self)

    @path("provider/<str:slug>/", name="provider")
    def provider(self, request, slug):
        return _views().solution_listing(request, self, landing=("provider", slug))


class SolutionPage(PrefetchedIndexMixin, SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, Page):
    """A reusable solution offered by a provider, with the scenes where it is already in use."""

    # Read by every solution page; fetched with the page when it is served (cms/page_serving.py).
    serve_select_related = ("provider", "cover_image")

    provider = models.ForeignKey(
        "scenes.Provider", verbose_name=_("提供单位"), on_delete=models.PROTECT, related_name="solutions"
    )
    summary = models.TextField(_("摘要"), max_length=300)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("封面图须在图片库中填写“描述”，用作替代文本"),
    )
    capabilities = StreamField([("capability", CapabilityBlock())], verbose_name=_("核心能力"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("方案介绍"), blank=True)
    domains = ParentalManyToManyField("scenes.Domain", verbose_name=_("应用领域"), related_name="solutions")
    data_resources = ParentalManyToManyField(
        "scenes.DataResource", verbose_name=_("使用的数据资源"), related_name="solutions", blank=True
    )
    tags = ClusterTaggableManager(through=SolutionTag, verbose_name=_("标签"), blank=True)
    reference_scenes = ParentalManyToManyField(
        "scenes.ScenePage",
        verbose_name=_("参考场景"),
        related_name="reference_solutions",
        blank=True,
        help_text=_("已采用本方案的应用场景，会同时显示在场景页面上"),
    )
    is_excellent = models.BooleanField(_("优秀解决方案"), default=False, db_index=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("联系邮箱"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("provider"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("is_excellent"),
        FieldPanel("capabilities"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("domains", widget=domain_checkboxes()),
                FieldPanel("data_resources", widget=data_resource_picker()),
                FieldPanel("tags"),
                FieldPanel("reference_scenes"),
            ],
            heading=_("分类与关联"),
        ),
        InlinePanel("documents", label=_("资料下载")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("联系方式"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("capabilities"),
        index.RelatedFields("provider", [index.SearchField("name")]),
        index.RelatedFields("data_resources", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("is_excellent"),
        index.FilterField("provider"),
    ]
    # Public fields of the Wagtail API (/api/v2/pages/); defined in scenes/api.py.
    api_fields = SOLUTION_API_FIELDS
    with_api_data = staticmethod(solution_api_data)

    base_form_class = SolutionPageForm
    template = "pages/solution_page.html"
    parent_page_types = ["scenes.SolutionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = pgettext_lazy("model", "解决方案")
        verbose_name_plural = pgettext_lazy("models", "解决方案")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_views().solution_page_context(request, self))
        return context

    @cached_property
    def reference_scenes_live(self):
        if hasattr(self, "prefetched_reference_scenes_live"):  # an API listing (scenes.api)
            return self.prefetched_reference_scenes_live
        scenes = public(self.reference_scenes.live()).select_related("node")
        return list(scenes.order_by(*nulls_last("-launch_date", "title")))


class SolutionDocument(Orderable):
    """A downloadable document of a solution (white paper, product brochure, case report)."""

    page = ParentalKey(SolutionPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文档"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("显示名称"), max_length=120, blank=True, help_text=_("留空时使用文档标题"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("model", "资料")
        verbose_name_plural = pgettext_lazy("models", "资料")

    @property
    def display_title(self):
        return self.title or self.document.title
