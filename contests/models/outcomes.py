"""What a round's ranking turns into: advancement, awards, published results, appeals, promotion.

Decisions here are records of what organisers decided and when. Advancement snapshots are
immutable; awards are revoked (with a reason) rather than deleted; appeals keep their review.
Written only through the services in ``contests/services/outcomes/`` (which also audit them).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.entries import private_storage


class ImmutableMixin:
    """Rows that record a decision: written once, never changed or deleted."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(f"{type(self).__name__} rows are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} rows are immutable.")


class AdvancementMethod(models.TextChoices):
    TOP_N = "top_n", _("每赛道前 N 名")
    SCORE_BAND = "score_band", _("分数线（不低于）")
    PERCENTILE = "percentile", _("每赛道前百分之 N")


class AdvancementDecision(ImmutableMixin, models.Model):
    """The confirmed cut of one round: the frozen ranking, who advanced, who decided and how.

    ``ranking`` holds, per track, every ranked entry as the organiser saw it in the preview
    (entry id, blind code, title, rank, score, tie flags, advanced or not).
    """

    round = models.OneToOneField(
        "contests.Round", on_delete=models.PROTECT, related_name="advancement", verbose_name=_("评审轮次")
    )
    next_round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="+", verbose_name=_("晋级到")
    )
    method = models.CharField(_("晋级方式"), max_length=20, choices=AdvancementMethod.choices)
    parameter = models.DecimalField(_("参数"), max_digits=8, decimal_places=2)
    include_ties_at_cut = models.BooleanField(
        _("分数线上并列者一同晋级"),
        default=True,
        help_text=_("按并列处理顺序仍无法区分时，与最后一名晋级者并列的作品一同晋级"),
    )
    ranking = models.JSONField(_("排名快照"))
    advanced_entry_ids = models.JSONField(_("晋级作品"))
    note = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("决定人")
    )
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "晋级决定")
        verbose_name_plural = pgettext_lazy("models", "晋级决定")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.round} → {self.next_round}"


class AwardLevel(models.TextChoices):
    FIRST = "first", _("一等奖")
    SECOND = "second", _("二等奖")
    THIRD = "third", _("三等奖")
    EXCELLENT = "excellent", _("优秀奖")
    SPECIAL = "special", _("单项奖")


class AwardCategory(models.Model):
    """An award the contest gives, with its quota (per track or contest-wide)."""

    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="award_categories", verbose_name=_("大赛")
    )
    name = models.CharField(_("奖项名称"), max_length=60)
    level = models.CharField(_("奖项等级"), max_length=20, choices=AwardLevel.choices)
    quota = models.PositiveSmallIntegerField(_("名额"), default=1)
    per_track = models.BooleanField(_("名额按赛道计算"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "奖项设置")
        verbose_name_plural = pgettext_lazy("models", "奖项设置")
        ordering = ["contest", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="award_category_unique_name")]

    def __str__(self):
        return self.name


def new_certificate_number():
    return uuid.uuid4().hex[:12].upper()


class Award(models.Model):
    """An award given to an entry. Changed only by revoking (with a reason) and giving anew."""

    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="awards", verbose_name=_("奖项"))
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="awards", verbose_name=_("作品"))
    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="awards", verbose_name=_("依据轮次")
    )
    track = models.ForeignKey("contests.Track", on_delete=models.PROTECT, related_name="+", verbose_name=_("赛道"))
    rank = models.PositiveIntegerField(_("评审排名"), null=True, blank=True)
    proposed = models.BooleanField(_("按排名建议"), default=False)
    reason = models.TextField(_("调整理由"), blank=True)
    certificate_number = models.CharField(
        _("证书编号"), max_length=20, unique=True, default=new_certificate_number, editable=False
    )
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(_("授予时间"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "获奖记录")
        verbose_name_plural = pgettext_lazy("models", "获奖记录")
        ordering = ["category__sort_order", "track", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "entry"], condition=Q(revoked_at__isnull=True), name="award_once_per_entry"
            )
        ]

    def __str__(self):
        return f"{self.category} · {self.entry_id}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("Awards are revoked, never deleted.")


class ResultPublication(models.Model):
    """A round's results made public: provisional during the notice (公示) window, then final."""

    round = models.OneToOneField(
        "contests.Round", on_delete=models.PROTECT, related_name="publication", verbose_name=_("评审轮次")
    )
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公示开始"))
    notice_ends_at = models.DateTimeField(_("公示截止"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("结果确定时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "结果公示")
        verbose_name_plural = pgettext_lazy("models", "结果公示")
        ordering = ["-published_at"]

    def __str__(self):
        return str(self.round)

    @property
    def is_final(self):
        return self.finalised_at is not None

    def notice_is_open(self, now=None):
        now = now or timezone.now()
        return not self.is_final and self.published_at <= now < self.notice_ends_at


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")


class Appeal(models.Model):
    """A team's appeal (申诉) against a round's provisional result, and its review (复核)."""

    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("评审轮次")
    )
    team = models.ForeignKey("contests.Team", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("团队"))
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("作品")
    )
    reasons = models.TextField(_("申诉理由"), max_length=5000)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(_("状态"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    review = models.TextField(_("复核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "申诉")
        verbose_name_plural = pgettext_lazy("models", "申诉")
        ordering = ["-filed_at"]
        constraints = [models.UniqueConstraint(fields=["team", "round"], name="appeal_once_per_team_and_round")]

    def __str__(self):
        return f"{self.team} · {self.round}"


def appeal_file_path(instance, filename):
    return f"appeals/{instance.appeal_id}/{uuid.uuid4().hex}"


class AppealAttachment(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=appeal_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "申诉附件")
        verbose_name_plural = pgettext_lazy("models", "申诉附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Promotion(models.Model):
    """A winning entry carried into the showcase (以赛促用) as a draft ``SolutionPage``."""

    entry = models.OneToOneField(
        "contests.Entry", on_delete=models.PROTECT, related_name="promotion", verbose_name=_("作品")
    )
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所获奖项")
    )
    # The page belongs to the showcase and may be deleted there; the record of the promotion stays.
    solution_page = models.ForeignKey(
        "scenes.SolutionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_promotions",
        verbose_name=_("解决方案页面"),
    )
    provider = models.ForeignKey(
        "scenes.Provider", on_delete=models.PROTECT, related_name="+", verbose_name=_("提供单位")
    )
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    promoted_at = models.DateTimeField(_("推荐时间"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("model", "推荐入库")
        verbose_name_plural = pgettext_lazy("models", "推荐入库")
        ordering = ["-promoted_at"]

    def __str__(self):
        return f"{self.entry_id} → {self.solution_page_id}"


class JudgeReminder(models.Model):
    """A reminder e-mailed to a judge with unfinished assignments: at most one per judge per day."""

    judge = models.ForeignKey(
        "contests.JudgeProfile", on_delete=models.PROTECT, related_name="reminders", verbose_name=_("评委")
    )
    sent_on = models.DateField(_("发送日期"))
    unfinished = models.PositiveIntegerField(_("未完成评审数"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "评委催办记录")
        verbose_name_plural = pgettext_lazy("models", "评委催办记录")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["judge", "sent_on"], name="judge_reminder_once_per_day")]

    def __str__(self):
        return f"{self.judge_id} · {self.sent_on}"
