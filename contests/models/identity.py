"""Participants who are who they say: real-name verification (实名) and unit vetting.

Proof documents are private files under the same storage and permission rules as entries; they
are kept only as long as the contest's ``identity_retention_days`` says, then deleted by a beat
task that logs each deletion (``IdentityPurge``; the log names no document).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contests.models.entries import private_storage


class RealNameRule(models.TextChoices):
    NONE = "none", _("不要求实名")
    STUDENT = "student", _("身份证 + 学生证")
    COMPANY = "company", _("身份证 + 单位证明")
    EITHER = "either", _("身份证 + 学生证或单位证明")


class ProofKind(models.TextChoices):
    ID_CARD = "id_card", _("身份证")
    STUDENT_CARD = "student_card", _("学生证")
    COMPANY_PROOF = "company_proof", _("单位证明（在职证明或营业执照）")


class ProofStatus(models.TextChoices):
    DRAFT = "draft", _("未提交")
    PENDING = "pending", _("待审")
    APPROVED = "approved", pgettext_lazy("real-name proof", "通过")
    REJECTED = "rejected", _("驳回")


class IdentityProof(models.Model):
    """One person's real-name verification for one contest."""

    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="identity_proofs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="identity_proofs")
    legal_name = models.CharField(_("证件姓名"), max_length=50)
    status = models.CharField(_("状态"), max_length=20, choices=ProofStatus.choices, default=ProofStatus.DRAFT)
    reason = models.TextField(_("驳回原因"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "实名认证")
        verbose_name_plural = pgettext_lazy("models", "实名认证")
        ordering = ["contest", "-submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="identity_proof_one_per_person")]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self):
        return f"{self.user_id} · {self.get_status_display()}"


def identity_document_path(instance, filename):
    return f"identity/{instance.proof.contest_id}/{uuid.uuid4().hex}"


class IdentityDocument(models.Model):
    proof = models.ForeignKey(IdentityProof, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("证明类型"), max_length=20, choices=ProofKind.choices)
    file = models.FileField(storage=private_storage, upload_to=identity_document_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "实名证明材料")
        verbose_name_plural = pgettext_lazy("models", "实名证明材料")
        ordering = ["proof", "kind", "id"]

    def __str__(self):
        return self.original_name


class IdentityPurge(models.Model):
    """A logged deletion of a contest's proof documents after its retention period."""

    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="identity_purges")
    user_id_deleted = models.PositiveBigIntegerField(_("用户编号"))
    documents_deleted = models.PositiveIntegerField(_("删除文件数"))
    reason = models.CharField(_("原因"), max_length=200)
    purged_at = models.DateTimeField(_("删除时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "实名材料删除记录")
        verbose_name_plural = pgettext_lazy("models", "实名材料删除记录")
        ordering = ["-purged_at", "-id"]

    def __str__(self):
        return f"{self.contest_id} · {self.user_id_deleted}"


class OrganisationContact(models.Model):
    """A school's or company's contact person (学校/单位负责人) who vets their own organisation's teams.

    Matched to teams by credit code when both have one, else by the exact organisation name.
    Approved by an organiser before they can vet anything.
    """

    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="organisation_contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organisation_contacts")
    organisation = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "单位负责人")
        verbose_name_plural = pgettext_lazy("models", "单位负责人")
        ordering = ["contest", "organisation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user", "organisation"], name="organisation_contact_unique")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.user}"


class VettingStatus(models.TextChoices):
    UNVETTED = "unvetted", _("待确认")
    CONFIRMED = "confirmed", _("单位已确认")
    DISPUTED = "disputed", _("单位不认可")
