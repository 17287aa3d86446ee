"""English wording of the site's structural pages (home, catalogues, contest index, plain pages).

Their content is written in Chinese; on the English site (/en/) these pages show their English
title and introduction when an editor gave one, and the Chinese otherwise. Scenes and solutions
themselves stay Chinese (their templates say so in English)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def in_english():
    return get_language() == "en"


def english_or(english, chinese):
    """``english`` on the English site when it is not blank, ``chinese`` otherwise."""
    return english if english and in_english() else chinese


def localized_title(page):
    """The page's title in the active language (any page: pages without an English title keep theirs)."""
    if page is None:
        return ""
    return english_or(getattr(page, "title_en", ""), page.title)


class EnglishTitleMixin(models.Model):
    title_en = models.CharField(
        _("英文标题"), max_length=255, blank=True, help_text=_("英文版网站（/en/）显示的标题；留空则显示中文标题")
    )
    introduction_en = models.TextField(
        _("英文导语"), blank=True, help_text=_("英文版网站显示的导语；留空则显示中文导语")
    )

    english_panels = [MultiFieldPanel([FieldPanel("title_en"), FieldPanel("introduction_en")], heading=_("英文版"))]

    class Meta:
        abstract = True

    @property
    def display_title(self):
        return localized_title(self)

    @property
    def display_introduction(self):
        return english_or(self.introduction_en, self.introduction)

    @property
    def shows_chinese_introduction(self):
        """True when the English site shows the Chinese introduction (marked lang="zh-Hans")."""
        return in_english() and not self.introduction_en and bool(self.introduction)
