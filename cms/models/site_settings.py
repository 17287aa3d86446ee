from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.models.english import english_or


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say; edited under 设置 in the admin."""

    site_name = models.CharField(_("站点名称"), max_length=60, default="数用")
    tagline = models.CharField(_("标语"), max_length=120, blank=True, default="让公共数据用起来")
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    organiser = models.CharField(_("主办单位"), max_length=120, blank=True)
    footer_text = models.TextField(_("页脚说明"), blank=True)
    # Chinese sites must show their ICP filing number in the footer, linked to the filing system.
    icp_number = models.CharField(_("ICP 备案号"), max_length=60, blank=True)
    public_security_number = models.CharField(_("公安备案号"), max_length=60, blank=True)
    # The English site (/en/) shows these instead when they are filled in.
    site_name_en = models.CharField(_("英文站点名称"), max_length=60, blank=True)
    tagline_en = models.CharField(_("英文标语"), max_length=120, blank=True)
    organiser_en = models.CharField(_("英文主办单位"), max_length=120, blank=True)
    footer_text_en = models.TextField(_("英文页脚说明"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("tagline")], heading=_("站点")),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("联系方式"),
        ),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("icp_number"), FieldPanel("public_security_number")],
            heading=_("页脚"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_name_en"),
                FieldPanel("tagline_en"),
                FieldPanel("organiser_en"),
                FieldPanel("footer_text_en"),
            ],
            heading=_("英文版"),
        ),
    ]

    class Meta:
        verbose_name = pgettext_lazy("model", "站点设置")
        verbose_name_plural = pgettext_lazy("models", "站点设置")

    @classmethod
    def for_site(cls, site):
        """Read by every page's header and footer: from the cache (cms/site_cache.py), which a save
        renews; created on first use as Wagtail does."""
        from cms import site_cache

        if site is None:
            return super().for_site(site)
        return site_cache.cached_site_settings(cls, site, lambda: super(SiteSettings, cls).for_site(site))

    @property
    def display_site_name(self):
        return english_or(self.site_name_en, self.site_name)

    @property
    def display_tagline(self):
        return english_or(self.tagline_en, self.tagline)

    @property
    def display_organiser(self):
        return english_or(self.organiser_en, self.organiser)

    @property
    def display_footer_text(self):
        return english_or(self.footer_text_en, self.footer_text)
