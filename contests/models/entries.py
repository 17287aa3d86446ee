import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms import storage as cms_storage
from contests.choices import EntryStatus, FileKind, IneligibilityReason


def private_storage():
    # Contest uploads never live under MEDIA_ROOT: they are served only by permission-checked views.
    # A proxy for storages["private"] that follows STORAGES when it changes (cms/storage.py).
    return cms_storage.private_storage


def entry_file_path(instance, filename):
    # The stored name is random; the sanitised original name is kept in the row for display only.
    return f"entries/{instance.entry.uuid}/{uuid.uuid4().hex}"


class Entry(models.Model):
    """A team's work in one track. Edited as a draft with optimistic locking (``version``);
    every submission freezes an ``EntryRevision``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="entries")
    track = models.ForeignKey(
        "contests.Track", on_delete=models.PROTECT, related_name="entries", verbose_name=_("赛道")
    )
    team = models.ForeignKey("contests.Team", on_delete=models.PROTECT, related_name="entries", verbose_name=_("团队"))
    # The 赛题 the entry answers (揭榜), one of its track's; optional for tracks without challenges.
    challenge = models.ForeignKey(
        "contests.Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("赛题"),
    )

    title = models.CharField(_("作品名称"), max_length=120)
    abstract = models.TextField(_("作品摘要"), max_length=2000, blank=True)
    problem = models.TextField(_("拟解决的问题"), max_length=5000, blank=True)
    data_resources = models.ManyToManyField(
        "scenes.DataResource", blank=True, related_name="contest_entries", verbose_name=_("使用的数据资源")
    )
    approach = models.TextField(_("技术路线与实施方案"), max_length=10000, blank=True)
    expected_benefits = models.TextField(_("预期效益"), max_length=5000, blank=True)
    video_url = models.URLField(_("演示视频链接"), blank=True)
    # Answers to the contest's configured form fields (contests/models/entry_forms.py), key → value.
    extra = models.JSONField(_("补充信息"), default=dict, blank=True)

    status = models.CharField(_("状态"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    current_round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("当前轮次")
    )
    # Optimistic lock: every save of the draft must name the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)

    eligibility_reason = models.CharField(
        _("形式审查不通过原因"), max_length=20, choices=IneligibilityReason.choices, blank=True
    )
    eligibility_note = models.TextField(_("形式审查说明"), blank=True)
    eligibility_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    eligibility_reviewed_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "参赛作品")
        verbose_name_plural = pgettext_lazy("models", "参赛作品")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["contest", "status"]), models.Index(fields=["track", "status"])]

    def __str__(self):
        return self.title


class EntryFile(models.Model):
    """An uploaded file. Removing it from a draft only marks it removed, so that earlier
    revisions (which list file hashes) stay verifiable."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("类型"), max_length=20, choices=FileKind.choices)
    file = models.FileField(storage=private_storage, upload_to=entry_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Set when the file answers a configured form field of kind "file".
    field_key = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "作品文件")
        verbose_name_plural = pgettext_lazy("models", "作品文件")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class EntryRevision(models.Model):
    """An immutable snapshot taken at each submission: all fields, file hashes and the time."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    entry_version = models.PositiveIntegerField(help_text="Entry.version that was submitted")
    snapshot = models.JSONField(_("内容快照"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    receipt_code = models.CharField(_("回执编号"), max_length=40, unique=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "提交版本")
        verbose_name_plural = pgettext_lazy("models", "提交版本")
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="revision_unique_number_per_entry"),
            # A retried or doubled submit of the same draft version cannot create a second revision.
            models.UniqueConstraint(fields=["entry", "entry_version"], name="revision_unique_entry_version"),
        ]

    def __str__(self):
        return f"{self.entry} · v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Entry revisions are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Entry revisions are immutable.")


class EntryDraftVersion(models.Model):
    """The content of every saved draft version (fields and data resources, as JSON).

    A save that started from an older version is refused; this history lets the form show,
    field by field, what was changed since and by whom, and means no saved text is ever lost.
    """

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="draft_versions")
    version = models.PositiveIntegerField(_("版本"))
    data = models.JSONField(_("内容"))
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"))

    class Meta:
        verbose_name = pgettext_lazy("model", "草稿版本")
        verbose_name_plural = pgettext_lazy("models", "草稿版本")
        ordering = ["entry", "version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="draft_version_unique_per_entry")]

    def __str__(self):
        return f"{self.entry_id} · v{self.version}"
