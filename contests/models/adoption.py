"""Adoption (落地) after the award: milestones a winning team logs, confirmed by the city node's
editors or the 赛题's unit, and the tracking surveys that follow winners for a year.

Only confirmed milestones count publicly (solution and scene pages, the need's status 已落地, the
contest's 落地率 and ``/impact/``). A milestone is edited by its team only while it is not confirmed;
``version`` guards the edit against a concurrent review.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.entries import private_storage


class MilestoneKind(models.TextChoices):
    PILOT_AGREEMENT = "pilot_agreement", _("签订试点协议")
    PILOT = "pilot", _("开展试点")
    GO_LIVE = "go_live", _("正式上线")
    USERS = "users", _("用户与服务规模")
    FUNDING = "funding", _("获得投资或资金")
    INCUBATION = "incubation", _("入驻孵化")


class MilestoneStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待确认")
    MORE_INFO = "more_info", _("需补充材料")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("不予确认")


class AdoptionMilestone(models.Model):
    entry = models.ForeignKey(
        "contests.Entry", on_delete=models.PROTECT, related_name="milestones", verbose_name=_("获奖作品")
    )
    kind = models.CharField(_("里程碑类型"), max_length=20, choices=MilestoneKind.choices)
    title = models.CharField(_("简述"), max_length=120)
    description = models.TextField(_("详细说明"), max_length=3000, blank=True)
    happened_on = models.DateField(_("发生日期"))
    node = models.ForeignKey(
        "scenes.Node", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("落地城市")
    )
    unit = models.ForeignKey(
        "scenes.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("落地单位")
    )
    unit_name = models.CharField(_("落地单位（未在列表中）"), max_length=120, blank=True)
    # The showcase scene this deployment became, when there is one.
    scene = models.ForeignKey(
        "scenes.ScenePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption_milestones",
        verbose_name=_("对应应用场景"),
    )
    beneficiaries = models.PositiveBigIntegerField(_("服务人次/用户数"), null=True, blank=True)
    investment_wan = models.DecimalField(
        _("投资或资金（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    programme = models.CharField(_("投资方或孵化项目"), max_length=120, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.SUBMITTED, db_index=True
    )
    review_note = models.TextField(_("确认意见"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "落地里程碑")
        verbose_name_plural = pgettext_lazy("models", "落地里程碑")
        ordering = ["entry", "happened_on", "pk"]
        indexes = [models.Index(fields=["status", "kind"], name="milestone_status_kind")]

    def __str__(self):
        return f"{self.entry_id} · {self.get_kind_display()}"


def milestone_file_path(instance, filename):
    return f"milestones/{instance.milestone_id}/{uuid.uuid4().hex}"


class MilestoneEvidence(models.Model):
    milestone = models.ForeignKey(AdoptionMilestone, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=milestone_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "落地证明材料")
        verbose_name_plural = pgettext_lazy("models", "落地证明材料")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class TrackingSurvey(models.Model):
    """A follow-up questionnaire sent to a contest's winners N months after the final results.

    ``questions`` is a list of ``{"key", "label", "kind": text|number|choice|yesno, "choices": [...],
    "required": bool, "help": str}``; answers are stored per entry as ``{key: value}``.
    """

    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="tracking_surveys", verbose_name=_("大赛")
    )
    title = models.CharField(_("问卷名称"), max_length=120)
    months_after_award = models.PositiveSmallIntegerField(_("获奖后第几个月"), default=6)
    open_days = models.PositiveSmallIntegerField(_("填写期限（天）"), default=30)
    questions = models.JSONField(_("问题"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "跟踪问卷")
        verbose_name_plural = pgettext_lazy("models", "跟踪问卷")
        ordering = ["contest", "months_after_award", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "months_after_award"], name="tracking_survey_once_per_month")
        ]

    def __str__(self):
        return self.title


class SurveyResponse(models.Model):
    survey = models.ForeignKey(TrackingSurvey, on_delete=models.PROTECT, related_name="responses")
    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="survey_responses")
    answers = models.JSONField(_("答卷"), default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    reminded_at = models.DateTimeField(_("催办时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "问卷答复")
        verbose_name_plural = pgettext_lazy("models", "问卷答复")
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "entry"], name="survey_response_once_per_entry")]

    def __str__(self):
        return f"{self.survey_id} · {self.entry_id}"
