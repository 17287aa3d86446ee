"""数据开放申请: anyone signed in asks the owner of a resource that is not open yet to open it.
The owner's unit answers publicly (opened / planned / refused with the legal reason) within the same
working-day clock as the data desk (cms.workdays)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scenes.choices import OpenRequestStatus


class OpenDataRequest(models.Model):
    resource = models.ForeignKey(
        "scenes.DataResource", on_delete=models.PROTECT, related_name="open_requests", verbose_name=_("数据资源")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open_data_requests", verbose_name=_("申请人")
    )
    purpose = models.TextField(_("用途说明"), max_length=1000)
    status = models.CharField(
        _("状态"), max_length=12, choices=OpenRequestStatus.choices, default=OpenRequestStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("答复期限"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("答复"), max_length=2000, blank=True)
    legal_basis = models.CharField(
        _("不予开放的法律依据"), max_length=300, blank=True, help_text=_("不予开放时必填，例如所依据的法规条款")
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = pgettext_lazy("model", "数据开放申请")
        verbose_name_plural = pgettext_lazy("models", "数据开放申请")
        indexes = [models.Index(fields=["resource", "status"], name="scenes_openreq_resource_status")]
        constraints = [
            # One open question per person and resource: ask again once it is answered.
            models.UniqueConstraint(
                fields=["resource", "requester"],
                condition=models.Q(status="pending"),
                name="scenes_openreq_one_pending_per_person",
            )
        ]

    def __str__(self):
        return f"{self.resource.name} · {self.get_status_display()}"
