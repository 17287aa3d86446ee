"""Finalist confirmation (晋级确认) and the waitlist behind it.

When a round advances with confirmation required, every advanced entry gets a ``FinalistConfirmation``
with a deadline. The team confirms or declines in the portal; one that declines or lets the deadline
pass may be replaced, by an organiser's confirmed action, with the next-ranked entry of the same track
from the frozen ranking of the ``AdvancementDecision`` (``replaces`` links the two). The decision row
itself stays immutable: the confirmations are the record of what happened after it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FinalistStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认参赛")
    DECLINED = "declined", _("放弃晋级")
    LAPSED = "lapsed", _("逾期未确认")


class FinalistConfirmation(models.Model):
    decision = models.ForeignKey(
        "contests.AdvancementDecision", on_delete=models.PROTECT, related_name="finalists", verbose_name=_("晋级决定")
    )
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="finalist_confirmations", verbose_name=_("作品")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=FinalistStatus.choices, default=FinalistStatus.PENDING, db_index=True
    )
    deadline = models.DateTimeField(_("确认截止"))
    # Set when this entry came in from the waitlist in place of one that declined or lapsed.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("递补对象")
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decline_reason = models.TextField(_("放弃原因"), max_length=2000, blank=True)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("催办时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "晋级确认")
        verbose_name_plural = pgettext_lazy("models", "晋级确认")
        ordering = ["decision", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "entry"], name="finalist_once_per_decision_and_entry")
        ]

    def __str__(self):
        return f"{self.decision_id} · {self.entry_id}"
