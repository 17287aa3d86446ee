"""One-time codes sent by SMS for signing in (or verifying a number) with a mobile phone.

Only a hash of the code is stored. A code expires (``expires_at``), allows a few wrong attempts,
and is used once. Rate limits per number and per client are decided by
``contests.services.sms`` from these rows, so they hold across processes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SmsPurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("短信登录")
    VERIFY = "verify", _("验证手机号")


class SmsCode(models.Model):
    phone = models.CharField(_("手机号"), max_length=20, db_index=True)
    purpose = models.CharField(_("用途"), max_length=20, choices=SmsPurpose.choices)
    code_hash = models.CharField(max_length=128)
    client = models.CharField(_("客户端"), max_length=64, blank=True, db_index=True)
    # A keyed hash of who asked (the browser session signing in, the account verifying a number): only
    # they can use the code, so nobody else can guess it or use up its attempts.
    requester = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "短信验证码")
        verbose_name_plural = pgettext_lazy("models", "短信验证码")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.phone[:3]}****{self.phone[-4:]} · {self.get_purpose_display()}"
