"""Winner due diligence (尽职调查): before results are final, provisional winners hand in listed
documents by a deadline; reviewers pass or fail each case with reasons. A fail revokes the award
(through ``revoke_award``) and the award may be offered to the next-ranked eligible entry under the
quota rules (``successor_award``). Everything here is part of the public-notice record."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.entries import private_storage


class DueDiligenceDocumentKind(models.TextChoices):
    SOURCE_CODE = "source_code", _("源代码或可运行版本")
    LICENCES = "licences", _("第三方组件许可证明")
    DATA_COMPLIANCE = "data_compliance", _("数据使用合规证明")
    ORIGINALITY = "originality", _("原创性声明")
    OTHER = "other", _("其他材料")


class DueDiligenceStatus(models.TextChoices):
    REQUESTED = "requested", _("待提交材料")
    SUBMITTED = "submitted", _("待审核")
    PASSED = "passed", _("审核通过")
    FAILED = "failed", _("审核未通过")


class DueDiligenceRequest(models.Model):
    """What a round's provisional winners must hand in, and by when."""

    round = models.OneToOneField(
        "contests.Round", on_delete=models.PROTECT, related_name="due_diligence", verbose_name=_("评审轮次")
    )
    documents = models.JSONField(_("所需材料"), help_text=_("DueDiligenceDocumentKind 值的列表"))
    instructions = models.TextField(_("说明"), max_length=5000, blank=True)
    deadline = models.DateTimeField(_("提交截止"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "尽职调查要求")
        verbose_name_plural = pgettext_lazy("models", "尽职调查要求")

    def __str__(self):
        return str(self.round)


class DueDiligenceCase(models.Model):
    """One provisional winner's due diligence."""

    request = models.ForeignKey(DueDiligenceRequest, on_delete=models.PROTECT, related_name="cases")
    award = models.OneToOneField(
        "contests.Award", on_delete=models.PROTECT, related_name="due_diligence", verbose_name=_("奖项")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=DueDiligenceStatus.choices, default=DueDiligenceStatus.REQUESTED
    )
    # Set for a case opened after the request (a later or successor award): its own deadline.
    deadline = models.DateTimeField(_("提交截止"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_reason = models.TextField(_("审核意见"), max_length=5000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # The award given to the next-ranked eligible entry after this case failed.
    successor_award = models.OneToOneField(
        "contests.Award", on_delete=models.PROTECT, null=True, blank=True, related_name="succeeds_case"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "尽职调查")
        verbose_name_plural = pgettext_lazy("models", "尽职调查")
        ordering = ["request", "award__category__sort_order", "award__rank", "pk"]

    def __str__(self):
        return f"{self.request_id} · {self.award_id}"


def due_diligence_file_path(instance, filename):
    return f"due-diligence/{instance.case_id}/{uuid.uuid4().hex}"


class DueDiligenceDocument(models.Model):
    case = models.ForeignKey(DueDiligenceCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("材料类型"), max_length=20, choices=DueDiligenceDocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=due_diligence_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "尽职调查材料")
        verbose_name_plural = pgettext_lazy("models", "尽职调查材料")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
