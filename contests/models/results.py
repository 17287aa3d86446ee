"""Computed round results. Rows are written only by ``contests.services.judging.results`` and are
recomputed from the scores at any time; nobody edits them by hand."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TieBreak(models.TextChoices):
    """Keys of a round's tie-break chain (``Round.tie_break_chain``), higher is better for each."""

    TRIMMED_MEAN = "trimmed_mean", _("去掉最高分和最低分后的平均分")
    MEAN = "mean", _("平均分")
    MEDIAN = "median", _("中位数")
    ZSCORE = "zscore", _("评委标准化分数")
    TOTAL = "total", _("全部评委总分之和")
    CRITERIA = "criteria", _("按评分项顺序比较各项平均分")


DEFAULT_TIE_BREAK_CHAIN = "trimmed_mean,total,criteria"


def parse_tie_break_chain(value):
    return [key.strip() for key in (value or "").split(",") if key.strip()]


def validate_tie_break_chain(value):
    keys = parse_tie_break_chain(value)
    unknown = [key for key in keys if key not in TieBreak.values]
    if unknown:
        raise ValidationError(
            _("未知的并列处理方法：%(keys)s。可用：%(allowed)s")
            % {"keys": "、".join(unknown), "allowed": ", ".join(TieBreak.values)}
        )
    if len(set(keys)) != len(keys):
        raise ValidationError(_("并列处理方法不能重复。"))


class RoundResult(models.Model):
    """One entry's result in one round: every aggregation side by side, the value of the round's
    chosen method, and the rank within its track after the tie-break chain."""

    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="results", verbose_name=_("评审轮次")
    )
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="round_results", verbose_name=_("作品")
    )
    track = models.ForeignKey("contests.Track", on_delete=models.PROTECT, related_name="+", verbose_name=_("赛道"))
    # Set in divisional rounds: ranks are then within (division, track).
    division = models.ForeignKey(
        "contests.Division", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("分赛区")
    )
    judges_assigned = models.PositiveSmallIntegerField(_("分配评委数"), default=0)
    judges_scored = models.PositiveSmallIntegerField(_("已提交评委数"), default=0)
    mean = models.FloatField(_("平均分"), null=True, blank=True)
    median = models.FloatField(_("中位数"), null=True, blank=True)
    trimmed_mean = models.FloatField(_("去极值平均分"), null=True, blank=True)
    trimmed = models.BooleanField(_("已去掉最高分和最低分"), default=False)
    zscore = models.FloatField(_("标准化分数"), null=True, blank=True)
    total = models.FloatField(_("评委总分之和"), null=True, blank=True)
    std_dev = models.FloatField(_("标准差"), null=True, blank=True)
    score_range = models.FloatField(_("极差"), null=True, blank=True)
    criteria_means = models.JSONField(_("各评分项平均分"), default=list, blank=True)
    score = models.FloatField(_("排名得分"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("赛道排名"), null=True, blank=True)
    tied = models.BooleanField(_("并列未能区分"), default=False)
    disagreement = models.BooleanField(_("评分分歧"), default=False)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "轮次成绩")
        verbose_name_plural = pgettext_lazy("models", "轮次成绩")
        ordering = ["round", "track", "rank", "entry_id"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="result_unique_entry_per_round")]
        indexes = [models.Index(fields=["round", "track", "rank"])]

    def __str__(self):
        return f"{self.entry_id} · #{self.rank}"
