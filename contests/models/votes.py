"""The public vote (人气奖) of a round: its configuration, the votes, and how often each entry was seen.

One ``PublicVote`` per round. Its weight and rules are published before it opens and frozen from then
on (``contests.services.votes.setup``). A ``Vote`` is one verified person's vote in one category (a
track, or the whole round); the unique constraint is what makes a double count impossible, even for
two requests racing each other. Votes are never deleted: voiding keeps the row with its reason. The
network, device and user-agent fields hold salted hashes, never an address, for the anomaly report.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WHOLE_ROUND = "all"  # Vote.category when the round is one category


class VoteCategories(models.TextChoices):
    TRACK = "track", _("按赛道分别投票")
    ROUND = "round", _("全轮次一个类别")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("规则已公布")
    ANNOUNCED = "announced", _("结果已公布")


class PublicVote(models.Model):
    round = models.OneToOneField(
        "contests.Round", on_delete=models.PROTECT, related_name="public_vote", verbose_name=_("轮次")
    )
    categories = models.CharField(
        _("投票类别"), max_length=10, choices=VoteCategories.choices, default=VoteCategories.TRACK
    )
    opens_at = models.DateTimeField(_("投票开始"))
    closes_at = models.DateTimeField(_("投票截止"))
    daily_cap = models.PositiveSmallIntegerField(
        _("每人每日最多票数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # Percent of the final score; 0 means a separate 人气奖 that does not touch the ranking.
    weight = models.PositiveSmallIntegerField(
        _("计入总分的权重（%）"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("0 表示单独评出人气奖，不计入总分；大于 0 时系统公布票数，并入排名的方法须写进规则、由组委会执行"),
    )
    rules = models.TextField(_("投票规则"), max_length=5000)
    accept_verified_email = models.BooleanField(
        _("接受仅验证邮箱的账号"), default=False, help_text=_("不勾选时只有验证过手机号的账号可以投票")
    )
    status = models.CharField(_("状态"), max_length=12, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    published_at = models.DateTimeField(_("规则公布时间"), null=True, blank=True)
    announced_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "公众投票")
        verbose_name_plural = pgettext_lazy("models", "公众投票")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="vote_window_order")
        ]

    def __str__(self):
        return f"{self.round} · {_('人气奖投票')}"

    @property
    def contest(self):
        return self.round.contest

    def is_open(self, now):
        return self.status != VoteStatus.DRAFT and self.opens_at <= now < self.closes_at

    def has_closed(self, now):
        return now >= self.closes_at

    def category_of(self, entry):
        return str(entry.track_id) if self.categories == VoteCategories.TRACK else WHOLE_ROUND


class Vote(models.Model):
    public_vote = models.ForeignKey(PublicVote, on_delete=models.PROTECT, related_name="votes")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="public_votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="public_votes")
    category = models.CharField(_("类别"), max_length=20)  # a track's id, or WHOLE_ROUND
    cast_at = models.DateTimeField(_("投票时间"), db_index=True)
    network_hash = models.CharField(_("网段"), max_length=16, db_index=True)  # /24 (IPv4) or /48 (IPv6)
    device_hash = models.CharField(_("设备指纹"), max_length=16, db_index=True)
    agent_hash = models.CharField(_("浏览器标识"), max_length=16)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "投票")
        verbose_name_plural = pgettext_lazy("models", "投票")
        ordering = ["public_vote", "cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["public_vote", "voter", "category"], name="vote_once_per_voter_and_category"
            )
        ]
        indexes = [models.Index(fields=["public_vote", "entry"]), models.Index(fields=["public_vote", "voter"])]

    def __str__(self):
        return f"{self.public_vote_id} · {self.entry_id} · {self.voter_id}"


class VoteView(models.Model):
    """How often an entry was shown on the voting page on one day (Asia/Shanghai), for the
    vote-to-view ratio: one bulk UPDATE per page view, rows created on the first view of the day."""

    public_vote = models.ForeignKey(PublicVote, on_delete=models.PROTECT, related_name="views")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["public_vote", "entry", "day"], name="vote_view_once_per_entry_day")
        ]

    def __str__(self):
        return f"{self.entry_id} · {self.day} · {self.count}"
