"""Sending text messages (短信) through a pluggable backend, like Django's e-mail backends.

``send_sms(phone, message, params)`` hands one message to the backend named by ``settings.SMS_BACKEND``
(a dotted path to a class, or one of the short names in ``ALIASES``). ``message`` is the full text, for
the console and test backends; the Chinese providers only send pre-approved templates, so they use
``params`` (the template's variables, e.g. ``{"code": "123456"}``) instead. docs/sms.md tells how to
configure each backend.

A backend raises ``SmsSendError`` when the message could not be sent.
"""

import logging
import threading

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("contests.sms")

ALIASES = {
    "console": "contests.services.sms.backends.console.SmsBackend",
    "locmem": "contests.services.sms.backends.locmem.SmsBackend",
    "disabled": "contests.services.sms.backends.disabled.SmsBackend",
    "aliyun": "contests.services.sms.backends.aliyun.SmsBackend",
    "tencent": "contests.services.sms.backends.tencent.SmsBackend",
}

# The locmem backend's messages (tests read it like ``django.core.mail.outbox``).
outbox = []


class SmsSendError(Exception):
    """The backend could not send the message (provider refused it, network error, not configured)."""


def backend_path(name=None):
    name = name or settings.SMS_BACKEND
    return ALIASES.get(name, name)


def get_backend(name=None):
    """An instance of the configured backend (or of ``name``: an alias or a dotted path)."""
    return import_string(backend_path(name))()


def sms_enabled():
    """Whether text messages can be sent at all (sign-in by SMS is offered only then)."""
    return getattr(get_backend(), "enabled", True)


def send_sms(phone, message, params=None):
    """Send ``message`` to the mainland mobile number ``phone`` (11 digits). Raises ``SmsSendError``."""
    get_backend().send(phone, message, dict(params or {}))


def _send_logged(backend, phone, message, params, label):
    try:
        backend.send(phone, message, params)
    except Exception:
        logger.exception("SMS to %s not sent", label)


def send_sms_unseen(phone, message, params=None, *, label="****"):
    """Send ``message`` without the caller waiting for the provider; failures are logged (as ``label``,
    a masked number), never raised. Returns the sending thread, or None when sent inline.

    For sign-in codes: the provider's round trip (a tenth of a second or more) would otherwise show,
    by how long the page takes, that a number has an account. A message still on its way when the
    process stops is lost; the person asks for another code.
    """
    backend = get_backend()
    if backend.instant:
        _send_logged(backend, phone, message, dict(params or {}), label)
        return None
    thread = threading.Thread(
        target=_send_logged, args=(backend, phone, message, dict(params or {}), label), daemon=True, name="sms-send"
    )
    thread.start()
    return thread
