from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    """An append-only record of something that changed contest data: who, when, before and after.

    Written only through ``contests.services.audit.record``; never updated or deleted.
    """

    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="audit_events", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=64)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    # A log line is not a "use" of the contest or the user it names (Wagtail's own log entries are
    # not indexed either); without this every audited save also wrote Wagtail's reference index
    # (a savepoint, a read and an insert: 4 more queries on each draft save, submit and score save).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = pgettext_lazy("model", "审计记录")
        verbose_name_plural = pgettext_lazy("models", "审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")
