from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.choices import Aggregation, OthersScoresVisibility, Phase, RoundKind
from contests.models.identity import RealNameRule
from contests.models.results import DEFAULT_TIE_BREAK_CHAIN, TieBreak, parse_tie_break_chain, validate_tie_break_chain


class Contest(models.Model):
    """One year's contest: its timeline and the limits every team must respect."""

    name = models.CharField(_("大赛名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    summary = models.TextField(_("简介"), blank=True)

    registration_opens = models.DateTimeField(_("报名开始"))
    registration_closes = models.DateTimeField(_("报名截止"))
    submission_deadline = models.DateTimeField(_("作品提交截止"))
    judging_starts = models.DateTimeField(_("评审开始"))
    judging_ends = models.DateTimeField(_("评审结束"))
    results_date = models.DateTimeField(_("结果公布"))

    min_team_size = models.PositiveSmallIntegerField(_("团队最少人数"), default=1, validators=[MinValueValidator(1)])
    max_team_size = models.PositiveSmallIntegerField(_("团队最多人数"), default=5, validators=[MinValueValidator(1)])
    allow_advisers = models.BooleanField(_("允许指导老师"), default=True)
    max_advisers = models.PositiveSmallIntegerField(_("指导老师最多人数"), default=2)
    max_entries_per_team = models.PositiveSmallIntegerField(
        _("每队最多作品数"), default=1, validators=[MinValueValidator(1)]
    )
    feedback_to_teams = models.BooleanField(_("向团队反馈评分"), default=True)
    notice_days = models.PositiveSmallIntegerField(
        _("结果公示天数"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("公布初步结果后，团队可在此期间提出申诉"),
    )

    # Participants who are who they say (contests/models/identity.py).
    real_name_rule = models.CharField(
        _("实名认证要求"), max_length=20, choices=RealNameRule.choices, default=RealNameRule.NONE
    )
    identity_retention_days = models.PositiveSmallIntegerField(
        _("实名材料保存天数"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("结果公布后保存的天数，期满自动删除并留有记录"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "大赛")
        verbose_name_plural = pgettext_lazy("models", "大赛")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name

    TIMELINE_FIELDS = (
        "registration_opens",
        "registration_closes",
        "submission_deadline",
        "judging_starts",
        "judging_ends",
        "results_date",
    )

    def clean(self):
        errors = {}
        values = [(name, getattr(self, name)) for name in self.TIMELINE_FIELDS]
        for (earlier_name, earlier), (later_name, later) in pairwise(values):
            if earlier and later and later < earlier:
                errors[later_name] = _("“%(later)s”不能早于“%(earlier)s”。") % {
                    "later": self._meta.get_field(later_name).verbose_name,
                    "earlier": self._meta.get_field(earlier_name).verbose_name,
                }
        if self.registration_opens and self.submission_deadline and self.submission_deadline <= self.registration_opens:
            errors["submission_deadline"] = _("作品提交截止时间必须晚于报名开始时间。")
        if self.min_team_size and self.max_team_size and self.min_team_size > self.max_team_size:
            errors["max_team_size"] = _("团队最多人数不能小于最少人数。")
        if errors:
            raise ValidationError(errors)

    def phase(self, now=None):
        """The phase the contest is in at ``now`` (the server's clock, timezone-aware).

        Dates decide, except at the end: once the last round's results are final the contest is
        over (CLOSED, "已结束"), where the dates alone would leave it in RESULTS for ever.
        """
        now = now or timezone.now()
        if now < self.registration_opens:
            return Phase.UPCOMING
        if now < self.registration_closes:
            return Phase.REGISTRATION
        if now < self.submission_deadline:
            return Phase.SUBMISSION
        final_at = self.results_final_at()
        if final_at is not None and final_at <= now:
            return Phase.CLOSED
        if now < self.results_date:
            return Phase.JUDGING
        return Phase.RESULTS

    def results_final_at(self):
        """When the results of the contest's last round became final, or None while they are not.

        Lists annotate ``last_round_final_at`` (see ``with_results_final_at``) to spare a query per row.
        """
        if hasattr(self, "last_round_final_at"):
            return self.last_round_final_at
        if self.pk is None:
            return None
        last = self.rounds.order_by("-number").values_list("publication__finalised_at", flat=True)[:1]
        return next(iter(last), None)

    @staticmethod
    def with_results_final_at(queryset):
        """``queryset`` of contests annotated for ``results_final_at`` (one subquery, not one per row)."""
        last = Round.objects.filter(contest=models.OuterRef("pk")).order_by("-number")
        return queryset.annotate(last_round_final_at=models.Subquery(last.values("publication__finalised_at")[:1]))

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes

    def submission_is_open(self, now=None):
        """Drafts may be edited and submitted from registration until the deadline (exclusive)."""
        now = now or timezone.now()
        return self.registration_opens <= now < self.submission_deadline


class Track(models.Model):
    """A theme (赛道) proposed by a unit, offering shared data resources to the teams."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="tracks", verbose_name=_("大赛"))
    name = models.CharField(_("赛道名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60)
    proposing_unit = models.CharField(_("出题单位"), max_length=120, blank=True)
    description = models.TextField(_("赛题说明"), blank=True)
    data_resources = models.ManyToManyField(
        "scenes.DataResource", blank=True, related_name="contest_tracks", verbose_name=_("开放数据资源")
    )
    entry_limit = models.PositiveIntegerField(_("作品数量上限"), null=True, blank=True, help_text=_("留空表示不限"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "赛道")
        verbose_name_plural = pgettext_lazy("models", "赛道")
        ordering = ["contest", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "slug"], name="track_unique_slug_per_contest")]

    def __str__(self):
        return self.name

    def data_resources_text(self):
        """The offered data resources as one line (admin list and export); uses a prefetch if present."""
        return "、".join(resource.name for resource in self.data_resources.all())

    data_resources_text.short_description = _("开放数据资源")


class Round(models.Model):
    """A judging round (初赛/复赛/决赛) with its window and the rules the judging services apply."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("大赛"))
    number = models.PositiveSmallIntegerField(_("轮次"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("类型"), max_length=20, choices=RoundKind.choices, default=RoundKind.PRELIMINARY)
    opens_at = models.DateTimeField(_("评审开始"))
    closes_at = models.DateTimeField(_("评审截止"))
    judges_per_entry = models.PositiveSmallIntegerField(
        _("每件作品评委数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    aggregation = models.CharField(
        _("排名方法"), max_length=20, choices=Aggregation.choices, default=Aggregation.TRIMMED_MEAN
    )
    advancement_quota = models.PositiveIntegerField(_("每赛道晋级名额"), null=True, blank=True)
    disagreement_threshold = models.DecimalField(_("分歧阈值（标准差）"), max_digits=6, decimal_places=2, default=15)
    comment_min_length = models.PositiveSmallIntegerField(_("评语最少字数"), default=20)
    others_scores_visibility = models.CharField(
        _("其他评委评分可见性"),
        max_length=20,
        choices=OthersScoresVisibility.choices,
        default=OthersScoresVisibility.NEVER,
    )
    # How the round's results are ranked (contests.services.judging.results reads these).
    tie_break_chain = models.CharField(
        _("并列处理顺序"),
        max_length=120,
        default=DEFAULT_TIE_BREAK_CHAIN,
        validators=[validate_tie_break_chain],
        help_text=_("排名得分相同时依次比较，英文逗号分隔：trimmed_mean, mean, median, zscore, total, criteria"),
    )
    extra_judge_on_disagreement = models.BooleanField(
        _("分歧时自动追加评委"), default=False, help_text=_("计算结果时，为评分分歧超过阈值的作品追加一名评委")
    )
    # Provincial scale (contests/models/divisions.py, calibration.py).
    divisional = models.BooleanField(
        _("分赛区评审"),
        default=False,
        help_text=_("由各分赛区分别分配评委、计算结果并按分赛区名额晋级"),
    )
    same_city_recusal = models.BooleanField(
        _("同城回避"), default=False, help_text=_("评委不评审其工作单位所在城市的作品")
    )
    calibration_required = models.BooleanField(
        _("评审前校准"), default=False, help_text=_("开评前全体评委先评校准作品，组织者确认后方可正式评审")
    )
    calibration_note = models.TextField(_("校准讨论纪要"), blank=True)
    calibration_closed_at = models.DateTimeField(_("校准结束时间"), null=True, blank=True)
    calibration_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consensus_required = models.BooleanField(
        _("合议环节"), default=False, help_text=_("评分结束后由主审记录合议得分（保留原始评分）")
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "评审轮次")
        verbose_name_plural = pgettext_lazy("models", "评审轮次")
        ordering = ["contest", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="round_unique_number_per_contest")]

    def __str__(self):
        return f"{self.contest} · {self.get_kind_display()}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("评审截止时间必须晚于评审开始时间。")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def scoring_window(self, division=None):
        """(opens, closes) of scoring for an entry of ``division``: a divisional round is judged in
        each division's own first-round window when the division set one (validated to lie within
        the contest's); any other round, or a division without dates, uses the round's."""
        opens, closes = self.opens_at, self.closes_at
        if self.divisional and division is not None:
            opens = division.first_round_opens or opens
            closes = division.first_round_closes or closes
        return opens, closes

    def is_open_for(self, entry, now=None):
        """Whether ``entry`` may be scored now (reads its team's division in a divisional round)."""
        opens, closes = self.scoring_window(entry.team.division if self.divisional else None)
        now = now or timezone.now()
        return opens <= now < closes

    @property
    def tie_break_display(self):
        """The tie-break chain in words, e.g. "去掉最高分和最低分后的平均分 → 全部评委总分之和 → …"."""
        labels = [
            str(TieBreak(key).label) for key in parse_tie_break_chain(self.tie_break_chain) if key in TieBreak.values
        ]
        return " → ".join(labels) or str(_("无"))
