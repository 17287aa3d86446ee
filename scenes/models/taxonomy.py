"""Taxonomy snippets: the platform nodes, domains, shared data resources and solution providers."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from cms.validators import validate_credit_code
from scenes.choices import NodeKind, Openness

SLUG_HELP = _("用于网址，例如 jinan；保存后请勿随意修改，否则已分享的链接会失效")
NAME_EN_HELP = _("英文版网站显示的名称，例如 Jinan；留空则显示中文名称")


def localized_name(obj):
    """The name to show in the active language: the English name on the English site when there
    is one, the Chinese name otherwise. The one place that picks (models, templates, facets, charts)."""
    if obj is None:
        return ""
    english = getattr(obj, "name_en", "")
    return english if english and get_language() == "en" else obj.name


class EnglishNameMixin(models.Model):
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True, help_text=NAME_EN_HELP)

    class Meta:
        abstract = True

    @property
    def display_name(self):
        return localized_name(self)


class Node(EnglishNameMixin):
    """A node of the "1+16+N" platform: the provincial main platform, a city, or an industry."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True, allow_unicode=True, help_text=SLUG_HELP)
    kind = models.CharField(_("类型"), max_length=12, choices=NodeKind.choices, default=NodeKind.CITY)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    description = models.TextField(_("简介"), blank=True)
    # The editors of this node: they may write scenes of this node only (see scenes/rules.py).
    editor_group = models.OneToOneField(
        Group,
        verbose_name=_("编辑组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scene_node",
        help_text=_("该组成员只能创建和编辑本节点的场景"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("sort_order"),
        FieldPanel("editor_group"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = pgettext_lazy("model", "平台节点")
        verbose_name_plural = pgettext_lazy("models", "平台节点")

    def __str__(self):
        return self.name


class Domain(EnglishNameMixin):
    """An application domain. Top-level domains are the pillars (惠民便民, 利企发展, 社会治理)."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True, allow_unicode=True, help_text=SLUG_HELP)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("留空表示顶级领域（如惠民便民）"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    description = models.TextField(_("简介"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = pgettext_lazy("model", "应用领域")
        verbose_name_plural = pgettext_lazy("models", "应用领域")

    def __str__(self):
        return self.name

    @property
    def is_pillar(self):
        return self.parent_id is None


class DataResourceQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class DataResource(index.Indexed, models.Model):
    """A shared data set and the department that owns it, e.g. 户籍信息 / 省公安厅.

    Indexed for the catalogue's search (/data/?q=): the site's backend segments the Chinese words
    (cms/search), and ``load_demo --resources N`` fills the index in bulk."""

    name = models.CharField(_("数据资源名称"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=80, unique=True, allow_unicode=True, help_text=SLUG_HELP)
    department = models.CharField(_("责任部门"), max_length=100)
    node = models.ForeignKey(
        Node,
        verbose_name=_("汇聚节点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_resources",
    )
    description = models.TextField(_("说明"), blank=True)
    # The unit that answers for the data: findings and open-data requests go to its members.
    owner_unit = models.ForeignKey(
        "scenes.Unit",
        verbose_name=_("数据责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_resources",
    )
    domains = models.ManyToManyField(
        "scenes.Domain", verbose_name=_("应用领域"), related_name="data_resources", blank=True
    )
    openness = models.CharField(
        _("开放状态"), max_length=12, choices=Openness.choices, default=Openness.CLOSED, db_index=True
    )
    portal_url = models.URLField(_("开放平台链接"), blank=True, help_text=_("公共数据开放平台上该资源的页面"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DataResourceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("department"),
        FieldPanel("owner_unit"),
        FieldPanel("node"),
        FieldPanel("domains"),
        FieldPanel("openness"),
        FieldPanel("portal_url"),
        FieldPanel("description"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("department"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "数据资源")
        verbose_name_plural = pgettext_lazy("models", "数据资源")
        constraints = [
            models.UniqueConstraint(fields=["name", "department"], name="scenes_dataresource_unique_name_department")
        ]

    def __str__(self):
        return f"{self.name}（{self.department}）"

    def get_absolute_url(self):
        """The resource's public page (数源页), /data/<slug>/, in the active language."""
        from django.urls import reverse

        return reverse("data_resource", kwargs={"slug": self.slug})


class Provider(models.Model):
    """An organisation that offers solutions: a company, institute or public body."""

    name = models.CharField(_("单位名称"), max_length=120, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=80, unique=True, allow_unicode=True, help_text=SLUG_HELP)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    website = models.URLField(_("网站"), blank=True)
    node = models.ForeignKey(
        Node, verbose_name=_("所在地"), null=True, blank=True, on_delete=models.SET_NULL, related_name="providers"
    )
    description = models.TextField(_("简介"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("credit_code"),
        FieldPanel("website"),
        FieldPanel("node"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "方案提供单位")
        verbose_name_plural = pgettext_lazy("models", "方案提供单位")
        constraints = [
            # Blank is allowed (not every provider has registered one), duplicates are not.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="scenes_provider_unique_credit_code",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()
