"""Judging: criteria, judges, their invitations, assignments and scores.

A ``Score`` belongs to one ``Assignment`` (one judge, one entry, one round), so scores of different
rounds can never mix. Its criterion values live in ``ScoreItem`` rows rather than a JSON blob: the
results of a whole round (5,000 entries × 7 judges × 6 criteria) are then one aggregate SQL query.
Nothing here cascades: judges, assignments and scores are contest history.
"""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.validators import validate_credit_code


class JudgeStatus(models.TextChoices):
    NEW = "new", _("未邀请")
    INVITED = "invited", _("已邀请")
    ACTIVE = "active", _("已接受")
    DECLINED = "declined", _("已谢绝")
    INACTIVE = "inactive", _("已停用")


class AssignmentState(models.TextChoices):
    ACTIVE = "active", _("有效")
    RECUSED = "recused", _("已回避")
    REMOVED = "removed", _("已撤销")


class AssignmentSource(models.TextChoices):
    AUTO = "auto", _("自动分配")
    MANUAL = "manual", _("手动指派")
    EXTRA = "extra", _("分歧追加")
    UNIT = "unit", _("出题单位评审")


class ScoreStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


WEIGHT_TOTAL = 100
_LEVEL_LINE = re.compile(
    r"^\s*(?P<label>\S+?)\s*(?P<low>\d+(?:\.\d+)?)\s*[-–~～至]\s*(?P<high>\d+(?:\.\d+)?)\s*[:：]\s*(?P<text>.*)$"
)


class Criterion(models.Model):
    """One line of a round's rubric. The counted criteria's weights sum to 100, so a judge's weighted
    total is on a 0–100 scale whatever each criterion's own maximum is."""

    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="criteria", verbose_name=_("评审轮次")
    )
    name = models.CharField(_("评分项"), max_length=60)
    description = models.TextField(_("说明"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("权重（%）"), validators=[MinValueValidator(0), MaxValueValidator(WEIGHT_TOTAL)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("满分"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    levels = models.TextField(
        _("评分等级说明"),
        blank=True,
        help_text=_("每行一个等级，例如：优秀 18-20：思路新颖，国内领先"),
    )
    counted = models.BooleanField(_("计入总分"), default=True, help_text=_("不计入总分的评分项只展示、不参与排名"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "评分标准")
        verbose_name_plural = pgettext_lazy("models", "评分标准")
        ordering = ["round", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_unique_name_per_round"),
            models.CheckConstraint(condition=Q(weight__lte=WEIGHT_TOTAL), name="criterion_weight_at_most_100"),
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"

    def level_descriptors(self):
        """The level lines as dicts: label, low, high (None when the line gives no range) and text."""
        descriptors = []
        for line in self.levels.splitlines():
            if not line.strip():
                continue
            match = _LEVEL_LINE.match(line)
            if match:
                descriptors.append({**match.groupdict(), "line": line.strip()})
            else:
                descriptors.append({"label": "", "low": None, "high": None, "text": line.strip(), "line": line.strip()})
        return descriptors

    def clean(self):
        if self.round_id is None or self.weight is None:
            return
        if self.counted:
            others = (
                Criterion.objects.filter(round_id=self.round_id, counted=True)
                .exclude(pk=self.pk)
                .aggregate(total=Sum("weight"))["total"]
                or 0
            )
            if others + self.weight > WEIGHT_TOTAL:
                raise ValidationError(
                    {
                        "weight": _(
                            "本轮计分项权重合计将为 %(total)d%%，不能超过 100%%（其他计分项已占 %(others)d%%）。"
                        )
                        % {"total": others + self.weight, "others": others}
                    }
                )


class JudgeProfile(models.Model):
    """A judge of one contest: where they work (for conflict detection), what they judge, how much."""

    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="judges", verbose_name=_("大赛")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judge_profiles",
        verbose_name=_("账号"),
        help_text=_("接受邀请后自动关联"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    email = models.EmailField(_("电子邮箱"))
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    organisation = models.CharField(_("工作单位"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("单位统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    title = models.CharField(_("职称/职务"), max_length=60, blank=True)
    expertise = models.ManyToManyField(
        "contests.Track", blank=True, related_name="judges", verbose_name=_("评审赛道（专业方向）")
    )
    load_limit = models.PositiveSmallIntegerField(
        _("每轮评审上限"), null=True, blank=True, help_text=_("每轮最多评审的作品数，留空表示不限")
    )
    conflict_teams = models.ManyToManyField(
        "contests.Team", blank=True, related_name="declared_conflict_judges", verbose_name=_("申报回避的团队")
    )
    declared_conflicts = models.TextField(
        _("申报回避的单位"), blank=True, help_text=_("每行一个单位或团队名称，例如曾任职或有合作关系的单位")
    )
    status = models.CharField(_("状态"), max_length=20, choices=JudgeStatus.choices, default=JudgeStatus.NEW)
    # Provincial scale: the pool expert behind this contest judge, the division that recruited them
    # (division judges score only their division's entries) and the city of their organisation
    # (same-city recusal in provincial rounds).
    expert = models.ForeignKey(
        "contests.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judge_profiles",
        verbose_name=_("专家库专家"),
    )
    division = models.ForeignKey(
        "contests.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judges",
        verbose_name=_("分赛区"),
    )
    city = models.ForeignKey(
        "scenes.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("工作单位所在城市"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("接受邀请时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "评委")
        verbose_name_plural = pgettext_lazy("models", "评委")
        ordering = ["contest", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "email"], name="judge_unique_email_per_contest"),
            models.UniqueConstraint(
                fields=["contest", "user"], condition=Q(user__isnull=False), name="judge_unique_user_per_contest"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)

    @property
    def can_be_assigned(self):
        return self.status == JudgeStatus.ACTIVE and self.user_id is not None


class JudgeInvitation(models.Model):
    """An e-mailed invitation. The link carries this row's id signed with a timestamp
    (``contests.services.judging.judges.invitation_token``) and stops working when it expires, is revoked
    or has been used."""

    judge = models.ForeignKey(
        JudgeProfile, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("评委")
    )
    email = models.EmailField(_("发送至"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("谢绝时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "评委邀请")
        verbose_name_plural = pgettext_lazy("models", "评委邀请")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.judge} · {self.sent_at:%Y-%m-%d}"

    @property
    def is_open(self):
        return not (self.accepted_at or self.declined_at or self.revoked_at)


def new_assignment_code():
    # Opaque and unguessable: the judge's URLs carry this, never the entry's uuid or id.
    return secrets.token_hex(8)


class Assignment(models.Model):
    """A judge's duty to score one entry in one round.

    Never deleted: removal and recusal change ``state`` and keep the row (and any score) as history.
    ``order_key`` is random per row and orders the judge's list, so that no entry is always seen
    first or last by everyone (order bias), while each judge's own order stays stable.
    """

    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("评审轮次")
    )
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("作品")
    )
    judge = models.ForeignKey(
        JudgeProfile, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("评委")
    )
    state = models.CharField(_("状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.ACTIVE)
    source = models.CharField(_("来源"), max_length=20, choices=AssignmentSource.choices, default=AssignmentSource.AUTO)
    code = models.CharField(max_length=32, unique=True, default=new_assignment_code, editable=False)
    order_key = models.PositiveIntegerField(default=0, editable=False)
    declared_no_conflict_at = models.DateTimeField(_("声明无利益冲突时间"), null=True, blank=True)
    recusal_reason = models.TextField(_("回避/撤销原因"), blank=True)
    ended_at = models.DateTimeField(_("回避/撤销时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "评审分配")
        verbose_name_plural = pgettext_lazy("models", "评审分配")
        ordering = ["round", "judge", "order_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "judge"],
                condition=Q(state="active"),
                name="assignment_one_active_per_round_entry_judge",
            )
        ]
        indexes = [
            models.Index(fields=["round", "judge", "state"]),
            models.Index(fields=["round", "entry", "state"]),
        ]

    def __str__(self):
        return f"{self.judge} → {self.entry_id} · {self.get_state_display()}"

    @property
    def is_active(self):
        return self.state == AssignmentState.ACTIVE


class Score(models.Model):
    """One judge's score of one entry in one round. ``version`` is an optimistic lock: every write is
    a conditional update naming the version it started from, so two submits produce one result."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="score", verbose_name=_("评审分配")
    )
    status = models.CharField(_("状态"), max_length=20, choices=ScoreStatus.choices, default=ScoreStatus.DRAFT)
    comment = models.TextField(_("评语"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "评分")
        verbose_name_plural = pgettext_lazy("models", "评分")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.assignment_id} · {self.get_status_display()}"

    @property
    def is_submitted(self):
        return self.status == ScoreStatus.SUBMITTED


class ScoreItem(models.Model):
    """The value a judge gave for one criterion (0 … criterion.max_score, one decimal place)."""

    # No index of its own: the unique (score, criterion) and the covering index below start with it.
    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="items", db_index=False)
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="score_items")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = pgettext_lazy("model", "评分明细")
        verbose_name_plural = pgettext_lazy("models", "评分明细")
        ordering = ["score", "criterion__sort_order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="score_item_unique_criterion")]
        # Covering index: the results query reads (score, criterion, value) without the table.
        indexes = [models.Index(fields=["score", "criterion", "value"], name="score_item_covering")]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"
