"""A division's confirmed cut of a divisional round (分赛区晋级决定).

In a divisional first round each division advances its own entries into the provincial round,
within its quota (``Division.quota`` or its ``DivisionTrackQuota`` rows). Like
``AdvancementDecision`` for a whole round, the row freezes the ranking as the manager saw it and
is never changed or deleted; at most one per division and round.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.outcomes import ImmutableMixin


class DivisionAdvancement(ImmutableMixin, models.Model):
    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="division_advancements", verbose_name=_("评审轮次")
    )
    division = models.ForeignKey(
        "contests.Division", on_delete=models.PROTECT, related_name="advancements", verbose_name=_("分赛区")
    )
    next_round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="+", verbose_name=_("晋级到")
    )
    quota = models.PositiveIntegerField(_("晋级名额"))
    per_track = models.BooleanField(_("按赛道分配名额"), default=False)
    ranking = models.JSONField(_("排名快照"))
    advanced_entry_ids = models.JSONField(_("晋级作品"))
    note = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("决定人")
    )
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "分赛区晋级决定")
        verbose_name_plural = pgettext_lazy("models", "分赛区晋级决定")
        ordering = ["round", "division"]
        constraints = [
            models.UniqueConstraint(fields=["round", "division"], name="division_advancement_once_per_round")
        ]

    def __str__(self):
        return f"{self.division} · {self.round} → {self.next_round}"
