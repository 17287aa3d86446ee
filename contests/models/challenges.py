"""赛题 (challenges) and the data they offer.

A contest's tracks (赛道) group its challenges (赛题): a track keeps judging, quotas and awards
manageable while a contest carries 50+ challenges, each set by one unit (出题单位) from a published
need, with its contact and the data resources it offers at an access level (open / by agreement /
sandbox). An entry answers one challenge of its track (``Entry.challenge``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.validators import validate_phone
from contests.choices import AccessLevel
from contests.models.entries import private_storage


class Challenge(models.Model):
    track = models.ForeignKey(
        "contests.Track", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("赛道")
    )
    unit = models.ForeignKey(
        "scenes.Unit", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("出题单位")
    )
    need = models.ForeignKey(
        "scenes.NeedPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("来源需求"),
    )
    title = models.CharField(_("赛题名称"), max_length=120)
    slug = models.SlugField(_("网址标识"), max_length=60)
    description = models.TextField(_("赛题说明"), max_length=5000)
    expected_outcome = models.TextField(_("成果要求"), max_length=2000, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    # The organiser decides whether the unit's members review the entries of their own challenge.
    unit_may_review = models.BooleanField(_("出题单位参与评审"), default=False)
    results_accepted_at = models.DateTimeField(_("出题单位确认结果时间"), null=True, blank=True)
    results_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "赛题")
        verbose_name_plural = pgettext_lazy("models", "赛题")
        ordering = ["track", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["track", "slug"], name="challenge_unique_slug_per_track")]

    def __str__(self):
        return self.title

    @property
    def contest_id(self):
        return self.track.contest_id


class OfferedResource(models.Model):
    """One data resource a challenge offers, and how teams get it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="offers", verbose_name=_("赛题"))
    resource = models.ForeignKey(
        "scenes.DataResource", on_delete=models.PROTECT, related_name="offers", verbose_name=_("数据资源")
    )
    access_level = models.CharField(_("获取方式"), max_length=12, choices=AccessLevel.choices)
    download_url = models.URLField(_("下载链接"), blank=True, help_text=_("开放下载时填写"))
    sandbox_instructions = models.TextField(
        _("沙箱使用说明"), max_length=3000, blank=True, help_text=_("沙箱使用时填写：如何申请账号、进入受控环境")
    )
    note = models.CharField(_("数据说明"), max_length=300, blank=True, help_text=_("字段、时间范围、更新频率等"))

    class Meta:
        verbose_name = pgettext_lazy("model", "赛题数据")
        verbose_name_plural = pgettext_lazy("models", "赛题数据")
        ordering = ["challenge", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "resource"], name="offer_unique_resource_per_challenge")
        ]

    def __str__(self):
        return f"{self.challenge} · {self.resource.name}"

    def clean(self):
        if self.access_level == AccessLevel.OPEN and not self.download_url:
            raise ValidationError({"download_url": _("开放下载的数据须填写下载链接。")})
        if self.access_level == AccessLevel.SANDBOX and not self.sandbox_instructions.strip():
            raise ValidationError({"sandbox_instructions": _("沙箱使用的数据须填写使用说明。")})


class DataAgreement(models.Model):
    """One version of an offer's data-use agreement. Versions are never edited: a change is a new
    version, and every team member must accept it again before downloading."""

    offer = models.ForeignKey(OfferedResource, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveIntegerField(_("版本"))
    text = models.TextField(_("数据使用协议"), max_length=20000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = pgettext_lazy("model", "数据使用协议")
        verbose_name_plural = pgettext_lazy("models", "数据使用协议")
        ordering = ["offer", "-version"]
        constraints = [models.UniqueConstraint(fields=["offer", "version"], name="agreement_unique_version")]

    def __str__(self):
        return f"{self.offer} · v{self.version}"


class AgreementAcceptance(models.Model):
    """A person accepted one version of an agreement: when, and from which address."""

    agreement = models.ForeignKey(DataAgreement, on_delete=models.PROTECT, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "协议签署记录")
        verbose_name_plural = pgettext_lazy("models", "协议签署记录")
        constraints = [models.UniqueConstraint(fields=["agreement", "user"], name="acceptance_once_per_version")]

    def __str__(self):
        return f"{self.user} · {self.agreement}"


def offered_file_path(instance, filename):
    return f"data-desk/{instance.offer_id}/{uuid.uuid4().hex}"


class OfferedFile(models.Model):
    """A file of a by-agreement offer, served only to approved teams (private storage)."""

    offer = models.ForeignKey(OfferedResource, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=offered_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "数据文件")
        verbose_name_plural = pgettext_lazy("models", "数据文件")
        ordering = ["offer", "original_name", "id"]

    def __str__(self):
        return self.original_name
