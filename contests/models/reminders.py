from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReminderKind(models.TextChoices):
    DEADLINE_3_DAYS = "deadline_3d", _("截止前 3 天提醒")
    DEADLINE_1_DAY = "deadline_1d", _("截止前 1 天提醒")


class ReminderSent(models.Model):
    """A reminder e-mailed to a team. The unique constraint makes each kind go out once per team,
    however often (or concurrently) the periodic task runs."""

    team = models.ForeignKey("contests.Team", on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(_("提醒类型"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "截止提醒记录")
        verbose_name_plural = pgettext_lazy("models", "截止提醒记录")
        constraints = [models.UniqueConstraint(fields=["team", "kind"], name="reminder_once_per_team_and_kind")]

    def __str__(self):
        return f"{self.team_id} · {self.kind}"
