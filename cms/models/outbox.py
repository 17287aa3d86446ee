from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PendingTask(models.Model):
    """A task that could not be handed to the broker after its transaction committed (the outbox).

    ``cms.outbox.flush_pending_tasks`` sends these again, oldest first, every half minute (Celery
    beat) or on demand (``manage.py flush_pending_tasks``), and deletes each one the broker took.
    """

    task_name = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("位置参数"), default=list)
    kwargs = models.JSONField(_("关键字参数"), default=dict)
    options = models.JSONField(_("投递选项"), default=dict)  # JSON-safe apply_async options (countdown)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("重试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "待投递任务")
        verbose_name_plural = pgettext_lazy("models", "待投递任务")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.task_name} #{self.pk}"
