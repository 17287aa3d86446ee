"""The official calendar that working-day clocks count on (the data desk's 5-working-day answer).

Chinese public holidays move every year and come with 调休: weekend days that are working days.
Organisers keep both in the admin; ``cms.workdays`` reads them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel


class CalendarDay(models.Model):
    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=40, help_text=_("例如 国庆节、国庆节调休上班"))
    is_working_day = models.BooleanField(
        _("上班日"), default=False, help_text=_("勾选表示该日为调休上班日（即使是周末）；不勾选表示法定节假日")
    )

    panels = [FieldPanel("date"), FieldPanel("name"), FieldPanel("is_working_day")]

    class Meta:
        ordering = ["date"]
        verbose_name = pgettext_lazy("model", "节假日安排")
        verbose_name_plural = pgettext_lazy("models", "节假日安排")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
