"""Production without an SMS provider: nothing can be sent, and sign-in by SMS is not offered."""

from django.utils.translation import gettext as _

from contests.services.sms import SmsSendError
from contests.services.sms.backends import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    instant = True
    enabled = False

    def send(self, phone, message, params):
        raise SmsSendError(_("本站尚未开通短信服务。"))
