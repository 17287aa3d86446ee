"""Units (单位): the departments, city nodes and enterprises that own data, propose needs and set
contest challenges (出题单位). A unit's members act for it in the unit workspace (/unit/)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from scenes.choices import UnitKind
from scenes.models.taxonomy import SLUG_HELP


class Unit(models.Model):
    name = models.CharField(_("单位名称"), max_length=120, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=80, unique=True, allow_unicode=True, help_text=SLUG_HELP)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    node = models.ForeignKey(
        "scenes.Node",
        verbose_name=_("所属节点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("node"),
        FieldPanel("contact_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "单位")
        verbose_name_plural = pgettext_lazy("models", "单位")

    def __str__(self):
        return self.name


class UnitMember(models.Model):
    """A person who acts for a unit: answers data requests, sets challenges, responds to findings."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="members", verbose_name=_("单位"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_memberships", verbose_name=_("用户")
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "单位成员")
        verbose_name_plural = pgettext_lazy("models", "单位成员")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="scenes_unitmember_unique")]

    def __str__(self):
        return f"{self.unit} · {self.user}"
