"""The reminders of a tracking survey sent to a winning entry's team: once when the survey opens and
once a week before it closes. The unique constraint makes each go out once per entry, however often
(or concurrently) the periodic task runs. ``SurveyResponse.reminded_at`` cannot carry this: a
response row exists only once the team has answered."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyReminderKind(models.TextChoices):
    OPENED = "opened", _("问卷开放通知")
    CLOSING = "closing", _("问卷截止提醒")


class SurveyReminder(models.Model):
    survey = models.ForeignKey("contests.TrackingSurvey", on_delete=models.PROTECT, related_name="reminders")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("提醒类型"), max_length=10, choices=SurveyReminderKind.choices)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "问卷提醒记录")
        verbose_name_plural = pgettext_lazy("models", "问卷提醒记录")
        constraints = [
            models.UniqueConstraint(fields=["survey", "entry", "kind"], name="survey_reminder_once_per_entry_and_kind")
        ]

    def __str__(self):
        return f"{self.survey_id} · {self.entry_id} · {self.kind}"
