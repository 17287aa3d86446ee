from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.links import SiteUrlPageMixin
from cms.models.english import EnglishTitleMixin, english_or, localized_title
from cms.models.readable_slug import ReadableSlugMixin
from cms.site_cache import CachedViewRestrictionsMixin


class HomePage(SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, Page):
    """The site root. Live figures and featured content come from the apps through cms.registry."""

    # Stored for anonymous visitors a minute at most: it shows live team and participant counts.
    anonymous_cache_seconds = 60

    hero_title = models.CharField(_("主标题"), max_length=120, default="让公共数据用起来")
    hero_text = models.TextField(_("导语"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)
    # The English site (/en/) shows these when they are filled in (cms/models/english.py).
    title_en = models.CharField(_("英文标题"), max_length=255, blank=True)
    hero_title_en = models.CharField(_("英文主标题"), max_length=120, blank=True)
    hero_text_en = models.TextField(_("英文导语"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("hero_title_en"), FieldPanel("hero_text_en")], heading=_("英文版")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text")]

    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = pgettext_lazy("model", "首页")
        verbose_name_plural = pgettext_lazy("models", "首页")

    @property
    def display_title(self):
        return localized_title(self)

    @property
    def display_hero_title(self):
        return english_or(self.hero_title_en, self.hero_title)

    @property
    def display_hero_text(self):
        return english_or(self.hero_text_en, self.hero_text)

    def get_context(self, request, *args, **kwargs):
        from cms.registry import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections.render_all(request)
        return context


class StandardPage(SiteUrlPageMixin, CachedViewRestrictionsMixin, ReadableSlugMixin, EnglishTitleMixin, Page):
    """A plain content page: about, rules, help."""

    introduction = models.TextField(_("导语"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        *EnglishTitleMixin.english_panels,
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = pgettext_lazy("model", "普通页面")
        verbose_name_plural = pgettext_lazy("models", "普通页面")
