"""The data desk (数据申请): a team asks for a by-agreement resource of its challenge, the unit
decides within a working-day clock, approved members download through logged, expiring links;
entries declare what data they used and what they found wrong with it (findings for the owner)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.choices import DataRequestStatus, FindingCategory, FindingStatus

LIVE_REQUEST_STATUSES = (DataRequestStatus.PENDING, DataRequestStatus.APPROVED)


class DataRequest(models.Model):
    team = models.ForeignKey("contests.Team", on_delete=models.PROTECT, related_name="data_requests")
    offer = models.ForeignKey("contests.OfferedResource", on_delete=models.PROTECT, related_name="requests")
    purpose = models.TextField(_("用途说明"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=12, choices=DataRequestStatus.choices, default=DataRequestStatus.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    due_at = models.DateTimeField(_("审批期限"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("审批意见"), max_length=2000, blank=True)
    access_ends_at = models.DateTimeField(_("使用截止"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(_("撤销原因"), max_length=2000, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "数据申请")
        verbose_name_plural = pgettext_lazy("models", "数据申请")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="datarequest_status_due")]
        constraints = [
            # A team holds at most one pending or approved request per offered resource.
            models.UniqueConstraint(
                fields=["team", "offer"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="datarequest_one_live_per_team_offer",
            )
        ]

    def __str__(self):
        return f"{self.team} · {self.offer}"


class DataDownload(models.Model):
    """One delivery of a data file: who, what, when, how much."""

    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, related_name="downloads")
    file = models.ForeignKey("contests.OfferedFile", on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(db_index=True)
    size = models.PositiveBigIntegerField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "数据下载记录")
        verbose_name_plural = pgettext_lazy("models", "数据下载记录")
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.file} · {self.downloaded_at:%Y-%m-%d %H:%M}"


class EntryDataUse(models.Model):
    """An entry used a data resource, and how (one line)."""

    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="data_uses")
    resource = models.ForeignKey("scenes.DataResource", on_delete=models.PROTECT, related_name="entry_uses")
    how = models.CharField(_("使用方式"), max_length=200)

    class Meta:
        verbose_name = pgettext_lazy("model", "作品数据使用")
        verbose_name_plural = pgettext_lazy("models", "作品数据使用")
        ordering = ["entry", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "resource"], name="entrydatause_unique")]

    def __str__(self):
        return f"{self.entry} · {self.resource.name}"


class DataFinding(models.Model):
    """A data-quality finding an entry reports to the resource's owner, and the owner's response."""

    entry = models.ForeignKey("contests.Entry", on_delete=models.PROTECT, related_name="data_findings")
    resource = models.ForeignKey("scenes.DataResource", on_delete=models.PROTECT, related_name="findings")
    category = models.CharField(_("问题类型"), max_length=12, choices=FindingCategory.choices)
    description = models.TextField(_("问题描述"), max_length=2000)
    status = models.CharField(
        _("处理状态"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.RECEIVED, db_index=True
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()
    response = models.TextField(_("处理答复"), max_length=2000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "数据质量问题")
        verbose_name_plural = pgettext_lazy("models", "数据质量问题")
        ordering = ["-reported_at", "-pk"]

    def __str__(self):
        return f"{self.resource.name} · {self.get_category_display()}"
