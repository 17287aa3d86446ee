"""Export jobs: one row per workbook an organiser asked for.

The row is the source of truth, not the Celery message: a worker claims a job with a conditional
update (QUEUED → RUNNING), so a redelivered message never runs it twice; the file is attached only
once it is complete; a RUNNING job whose heartbeat stopped is found by a periodic check
(``contests.services.exports.jobs``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.entries import private_storage


class ExportKind(models.TextChoices):
    ENTRIES = "entries", _("作品")
    PARTICIPANTS = "participants", _("参赛人员")
    SCORES = "scores", _("评分矩阵")
    RESULTS = "results", _("轮次成绩")
    JUDGES = "judges", _("评委工作量")
    APPEALS = "appeals", _("申诉")
    ALL = "all", _("全部数据")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


def export_file_path(instance, filename):
    # A random stored name: the download view sends the readable (Chinese) name instead.
    return f"exports/{instance.uuid}.xlsx"


class ExportJob(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="export_jobs", verbose_name=_("大赛")
    )
    kind = models.CharField(_("导出内容"), max_length=20, choices=ExportKind.choices)
    # {"round": 1 or null, "filters": {"track": id, "status": "...", "city": id, "organisation_type": "..."}}
    parameters = models.JSONField(_("导出参数"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申请人"),
    )
    notify_by_email = models.BooleanField(_("完成后邮件通知"), default=False)

    status = models.CharField(
        _("状态"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(_("已写入行数"), default=0)
    progress_total = models.PositiveIntegerField(_("总行数"), default=0)
    row_counts = models.JSONField(_("各工作表行数"), default=dict, blank=True)
    file = models.FileField(storage=private_storage, upload_to=export_file_path, max_length=200, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    # Each claim increments ``attempts``; updates made by a worker name the attempt they belong to,
    # so a worker that was declared dead cannot write over a later attempt.
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "导出任务")
        verbose_name_plural = pgettext_lazy("models", "导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="exportjob_status_heartbeat"),
            models.Index(fields=["status", "expires_at"], name="exportjob_status_expires"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.contest_id} · {self.get_status_display()}"

    @property
    def is_finished(self):
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)

    @property
    def percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(self.progress_done * 100 / self.progress_total))

    @property
    def round_number(self):
        return (self.parameters or {}).get("round")

    @property
    def filters(self):
        return (self.parameters or {}).get("filters") or {}
