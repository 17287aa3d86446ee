from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.links import SiteUrlPageMixin
from cms.models.readable_slug import ReadableSlugMixin


class HomePage(SiteUrlPageMixin, ReadableSlugMixin, Page):
    """The site root. Live figures and featured content come from the apps through cms.registry."""

    hero_title = models.CharField(_("主标题"), max_length=120, default="让公共数据用起来")
    hero_text = models.TextField(_("导语"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("hero_text")]

    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = pgettext_lazy("model", "首页")
        verbose_name_plural = pgettext_lazy("models", "首页")

    def get_context(self, request, *args, **kwargs):
        from cms.registry import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections.render_all(request)
        return context


class StandardPage(SiteUrlPageMixin, ReadableSlugMixin, Page):
    """A plain content page: about, rules, help."""

    introduction = models.TextField(_("导语"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = pgettext_lazy("model", "普通页面")
        verbose_name_plural = pgettext_lazy("models", "普通页面")
