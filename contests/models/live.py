"""The live final (路演): a session of a round, its rooms, and each team's slot on stage.

Scores are not stored here: a room's panel scores through ordinary ``Assignment``/``Score`` rows of
the session's round, so the round's aggregation, tie-breaks, results and publication work unchanged.
A slot keeps what the stage needs besides: its place in the drawn order, the host's steps and their
times, the snapshot of the figures shown when scoring closed, the sign-off and the on-site appeal.
Everything is written by ``contests.services.live`` (which audits it); ``LiveRoom.version`` grows
with every change the big screen should show, and is the ETag of the room's state.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LiveSessionStatus(models.TextChoices):
    SETUP = "setup", _("筹备中")
    DRAWN = "drawn", _("已抽签")
    FINISHED = "finished", _("已结束")


class MissingScoreRule(models.TextChoices):
    # The only rule we offer: a judge who is absent for a team does not score it, and the team's
    # figures are computed over the judges present (the round's aggregation never sees a gap).
    EXCLUDE = "exclude", _("缺席评委不计分，按到场评委的分数计算")


class SlotState(models.TextChoices):
    WAITING = "waiting", _("等待上场")
    PITCHING = "pitching", _("项目陈述")
    QUESTIONS = "questions", _("评委提问")
    SCORING = "scoring", _("评委打分")
    CLOSED = "closed", _("评分已截止")
    SIGNED_OFF = "signed_off", _("团队已确认")


class SignOffMethod(models.TextChoices):
    HOST_DEVICE = "host_device", _("在主持人设备上确认")
    TEAM_CODE = "team_code", _("团队手机输入确认码")


class LiveAppealStatus(models.TextChoices):
    PENDING = "pending", _("待裁决")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")


def new_seed():
    return secrets.token_hex(8)


def new_signoff_code():
    # Six digits, read aloud from the host's screen and typed on a phone.
    return f"{secrets.randbelow(10**6):06d}"


class LiveSession(models.Model):
    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="live_sessions", verbose_name=_("评审轮次")
    )
    name = models.CharField(_("名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    pitch_minutes = models.PositiveSmallIntegerField(_("陈述时长（分钟）"), default=8)
    questions_minutes = models.PositiveSmallIntegerField(_("提问时长（分钟）"), default=7)
    appeal_minutes = models.PositiveSmallIntegerField(_("现场申诉时限（分钟）"), default=20)
    missing_score_rule = models.CharField(
        _("缺席评委规则"), max_length=20, choices=MissingScoreRule.choices, default=MissingScoreRule.EXCLUDE
    )
    is_public = models.BooleanField(_("公开大屏与抽签结果"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=LiveSessionStatus.choices, default=LiveSessionStatus.SETUP
    )
    draw_seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽签时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "路演场次")
        verbose_name_plural = pgettext_lazy("models", "路演场次")
        ordering = ["round", "starts_at", "id"]

    def __str__(self):
        return self.name

    @property
    def contest(self):
        return self.round.contest


class LiveRoom(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("场次"))
    name = models.CharField(_("名称"), max_length=60)
    slug = models.SlugField(_("网址标识"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="live_rooms_hosted")
    panel = models.ManyToManyField("contests.JudgeProfile", blank=True, related_name="live_rooms")
    chair = models.ForeignKey(
        "contests.JudgeProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_rooms_chaired",
        verbose_name=_("评委组组长"),
    )
    current_slot = models.ForeignKey(
        "contests.LiveSlot", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Grows with every change the big screen shows; the ETag of /live/<session>/<room>/state.json.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "路演会场")
        verbose_name_plural = pgettext_lazy("models", "路演会场")
        ordering = ["session", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "slug"], name="live_room_unique_slug")]

    def __str__(self):
        return f"{self.session} · {self.name}"


class LiveSlot(models.Model):
    room = models.ForeignKey(LiveRoom, on_delete=models.PROTECT, related_name="slots", verbose_name=_("会场"))
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="live_slots", verbose_name=_("作品")
    )
    order = models.PositiveSmallIntegerField(_("出场顺序"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=SlotState.choices, default=SlotState.WAITING)
    started_at = models.DateTimeField(_("陈述开始"), null=True, blank=True)
    questions_at = models.DateTimeField(_("提问开始"), null=True, blank=True)
    scoring_at = models.DateTimeField(_("打分开始"), null=True, blank=True)
    deadline = models.DateTimeField(_("计时截止"), null=True, blank=True)
    closed_at = models.DateTimeField(_("评分截止时间"), null=True, blank=True)
    absent_judges = models.ManyToManyField("contests.JudgeProfile", blank=True, related_name="+")
    missing_score_rule = models.CharField(_("缺席评委规则"), max_length=20, blank=True)
    # The figures shown when scoring closed: [{"number", "total", "dropped"}], "final", "trimmed".
    figures = models.JSONField(_("评分记录"), default=dict, blank=True)
    final_score = models.DecimalField(_("最终得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    signoff_code = models.CharField(max_length=6, default=new_signoff_code, editable=False)
    appeal_deadline = models.DateTimeField(_("申诉截止"), null=True, blank=True)
    video_url = models.URLField(_("现场视频链接"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "路演出场")
        verbose_name_plural = pgettext_lazy("models", "路演出场")
        ordering = ["room", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "entry"], name="live_slot_unique_entry"),
            models.UniqueConstraint(
                fields=["room", "order"], condition=Q(order__isnull=False), name="live_slot_unique_order"
            ),
        ]

    def __str__(self):
        return f"{self.room} · {self.order or '-'} · {self.entry_id}"


class LiveScoreReceipt(models.Model):
    """The idempotency record of a judge's live score: the key the tablet generated and a digest of
    what it sent. A retry with the same key and values is answered from here and writes nothing."""

    assignment = models.OneToOneField(
        "contests.Assignment", on_delete=models.PROTECT, related_name="live_receipt", verbose_name=_("评审分配")
    )
    slot = models.ForeignKey(LiveSlot, on_delete=models.PROTECT, related_name="receipts")
    key = models.CharField(max_length=64, unique=True)
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = pgettext_lazy("model", "现场评分回执")
        verbose_name_plural = pgettext_lazy("models", "现场评分回执")

    def __str__(self):
        return self.key


class LiveSignOff(models.Model):
    slot = models.OneToOneField(LiveSlot, on_delete=models.PROTECT, related_name="signoff")
    method = models.CharField(_("确认方式"), max_length=20, choices=SignOffMethod.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    representative = models.CharField(_("团队代表"), max_length=50, blank=True)
    confirmed_at = models.DateTimeField(_("团队确认时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "团队确认")
        verbose_name_plural = pgettext_lazy("models", "团队确认")

    def __str__(self):
        return f"{self.slot_id} · {self.get_method_display()}"


class LiveAppeal(models.Model):
    slot = models.OneToOneField(LiveSlot, on_delete=models.PROTECT, related_name="appeal")
    reason = models.TextField(_("申诉理由"), max_length=2000)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("提出时间"))
    deadline = models.DateTimeField(_("申诉截止"))
    status = models.CharField(
        _("状态"), max_length=20, choices=LiveAppealStatus.choices, default=LiveAppealStatus.PENDING
    )
    decision = models.TextField(_("裁决意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("裁决时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "现场申诉")
        verbose_name_plural = pgettext_lazy("models", "现场申诉")

    def __str__(self):
        return f"{self.slot_id} · {self.get_status_display()}"
