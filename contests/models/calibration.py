"""Calibrated judging: calibration before a round opens, a consensus step after scoring, and lead
judges (panel chairs).

Calibration scores live apart from ``Score`` so that they can never count in a ranking. Consensus
scores never replace the judges' originals: the originals stay locked and the result shows both.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalibrationAnchor(models.Model):
    """An anchor entry every judge of the round scores before the round opens."""

    round = models.ForeignKey("contests.Round", on_delete=models.PROTECT, related_name="calibration_anchors")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="+", verbose_name=_("锚定作品"))
    # Judges see "校准作品 1", never the title's team, and reach it through this opaque code.
    code = models.CharField(max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "校准作品")
        verbose_name_plural = pgettext_lazy("models", "校准作品")
        ordering = ["round", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="calibration_anchor_unique_entry")]

    def __str__(self):
        return f"{self.round_id} · {self.entry_id}"


class CalibrationScore(models.Model):
    """One judge's score of one anchor. Never counts; kept for the deviation table."""

    anchor = models.ForeignKey(CalibrationAnchor, on_delete=models.PROTECT, related_name="scores")
    judge = models.ForeignKey("contests.JudgeProfile", on_delete=models.PROTECT, related_name="calibration_scores")
    comment = models.TextField(_("评语"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "校准评分")
        verbose_name_plural = pgettext_lazy("models", "校准评分")
        ordering = ["anchor", "judge"]
        constraints = [models.UniqueConstraint(fields=["anchor", "judge"], name="calibration_score_unique_judge")]

    def __str__(self):
        return f"{self.anchor_id} · {self.judge_id}"


class CalibrationItem(models.Model):
    score = models.ForeignKey(CalibrationScore, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey("contests.Criterion", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="calibration_item_unique")]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class ConsensusScore(models.Model):
    """The panel's consensus score for one entry in one round, with the reason. Originals stay."""

    round = models.ForeignKey("contests.Round", on_delete=models.PROTECT, related_name="consensus_scores")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="consensus_scores")
    value = models.DecimalField(_("合议得分"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    reason = models.TextField(_("合议理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "合议得分")
        verbose_name_plural = pgettext_lazy("models", "合议得分")
        ordering = ["round", "entry"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="consensus_one_per_round_entry")]

    def __str__(self):
        return f"{self.entry_id}: {self.value}"


class LeadJudge(models.Model):
    """A panel chair (主审/组长) for one track or one 赛题 of a contest: sees the panel's progress,
    sends reminders, flags disagreements, records consensus scores."""

    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="lead_judges")
    track = models.ForeignKey(
        "contests.Track", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("赛道")
    )
    challenge = models.ForeignKey(
        "contests.Challenge", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("赛题")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lead_judge_roles", verbose_name=_("主审")
    )
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "主审评委")
        verbose_name_plural = pgettext_lazy("models", "主审评委")
        ordering = ["contest", "track", "challenge", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(track__isnull=False) & Q(challenge__isnull=True))
                | (Q(track__isnull=True) & Q(challenge__isnull=False)),
                name="lead_judge_track_xor_challenge",
            ),
            models.UniqueConstraint(
                fields=["contest", "track", "user"],
                condition=Q(ended_at__isnull=True, track__isnull=False),
                name="lead_judge_unique_active_track",
            ),
            models.UniqueConstraint(
                fields=["contest", "challenge", "user"],
                condition=Q(ended_at__isnull=True, challenge__isnull=False),
                name="lead_judge_unique_active_challenge",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.track or self.challenge}"
