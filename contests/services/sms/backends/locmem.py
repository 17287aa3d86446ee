"""Tests: messages are kept in ``contests.services.sms.outbox`` (like Django's locmem e-mail backend)."""

from dataclasses import dataclass, field

from contests.services.sms.backends import BaseSmsBackend


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    message: str
    params: dict = field(default_factory=dict)


class SmsBackend(BaseSmsBackend):
    instant = True

    def send(self, phone, message, params):
        from contests.services import sms

        sms.outbox.append(SmsMessage(phone=phone, message=message, params=params))
