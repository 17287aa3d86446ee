"""One-time codes sent by SMS: asked for (``request_code``) and checked (``check_code``).

A code is six digits from ``secrets``; only a keyed hash of it is stored (``SmsCode.code_hash``). It
expires after ``CODE_LIFETIME``, allows ``MAX_ATTEMPTS`` tries and is used once; a newer code for the
same number, purpose and requester replaces the older ones. A code belongs to whoever asked for it
(``requester``: the browser session signing in, the account verifying a number): anyone else typing
codes for that number finds no code to try, so a stranger can neither guess the owner's code nor use
up its attempts.

Rate limits (``settings.SMS_NUMBER_LIMITS`` per number, ``settings.SMS_CLIENT_LIMITS`` per client
address, an IPv6 client counted by its /64) are counted from the ``SmsCode`` rows, so they hold
across processes and restarts; a cache slot (``cms.throttle``) keeps two simultaneous requests for
one number from both passing.

Sign-in codes are sent only to a number that a user has verified, yet the answer is the same for any
number, and a row is written either way: the rate limits, and therefore the waits they announce,
cannot tell whether a number has an account. Nor can the time the page takes: a sign-in code goes to
the provider from a background thread (``send_sms_unseen``).
"""

import ipaddress
import logging
import math
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.throttle import allow
from contests.models import SmsCode, SmsPurpose
from contests.services.sms import SmsSendError, send_sms, send_sms_unseen

logger = logging.getLogger("contests.sms")

CODE_LIFETIME = timedelta(minutes=5)
MAX_ATTEMPTS = 5
CODE_DIGITS = 6
KEEP_ROWS = timedelta(days=2)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()（）]")


@dataclass
class SmsCodeError(Exception):
    """A code was not sent: ``message`` says why (translated), ``wait`` how many seconds to wait."""

    message: str
    wait: int = 0

    def __str__(self):
        return str(self.message)


def normalise_mobile(value):
    """The 11 digits of a mainland mobile number (spaces, dashes and a +86/0086 prefix removed).

    Raises ``ValidationError`` for anything else.
    """
    number = _SEPARATORS.sub("", str(value or ""))[:32]
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    if not _MOBILE.match(number):
        raise ValidationError(gettext_lazy("请输入 11 位中国大陆手机号。"), code="mobile")
    return number


def mask_phone(phone):
    """138****0001: enough for its owner to recognise, not enough to dial."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone or "") >= 7 else "****"


SESSION_REQUESTER = "sms_requester"


def session_requester(session):
    """The requester of codes asked for in this browser session (a random token kept in it)."""
    token = session.get(SESSION_REQUESTER)
    if not token:
        token = session[SESSION_REQUESTER] = secrets.token_urlsafe(24)
    return f"session:{token}"


def requester_key(requester):
    return salted_hmac("contests.sms_requester", requester, algorithm="sha256").hexdigest() if requester else ""


def code_hash(phone, purpose, code):
    return salted_hmac("contests.sms_code", f"{phone}:{purpose}:{code}", algorithm="sha256").hexdigest()


def user_with_verified_phone(phone):
    return get_user_model().objects.filter(phone=phone, phone_verified_at__isnull=False).first()


def _wait(times, limits, now):
    """Seconds until every (count, seconds) window of ``limits`` has room, given the send ``times``."""
    wait = 0
    for count, seconds in limits:
        recent = sorted(t for t in times if t > now - timedelta(seconds=seconds))
        if len(recent) >= count:
            frees_at = recent[len(recent) - count] + timedelta(seconds=seconds)
            wait = max(wait, math.ceil((frees_at - now).total_seconds()))
    return wait


def _longest(limits):
    return timedelta(seconds=max((seconds for _count, seconds in limits), default=0))


def client_key(address):
    """What the per-client limits count: the address, or for IPv6 its /64 — one subscriber's line
    holds billions of addresses, and stepping through them must not reset the limit."""
    try:
        ip = ipaddress.ip_address(str(address or "").strip())
    except ValueError:
        return str(address or "")[:64]
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def wait_before_next(phone, client, now=None):
    """Seconds to wait before another code may be sent to ``phone`` from ``client`` (0: now)."""
    now = now or timezone.now()
    client = client_key(client)
    number_limits, client_limits = settings.SMS_NUMBER_LIMITS, settings.SMS_CLIENT_LIMITS
    by_number = SmsCode.objects.filter(phone=phone, created_at__gt=now - _longest(number_limits))
    wait = _wait(list(by_number.values_list("created_at", flat=True)), number_limits, now)
    if client:
        by_client = SmsCode.objects.filter(client=client, created_at__gt=now - _longest(client_limits))
        wait = max(wait, _wait(list(by_client.values_list("created_at", flat=True)), client_limits, now))
    return wait


def _too_soon(wait):
    if wait < 120:
        message = _("获取验证码过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": wait}
    else:
        message = _("获取验证码过于频繁，请 %(minutes)s 分钟后再试。") % {"minutes": math.ceil(wait / 60)}
    return SmsCodeError(message, wait=wait)


def request_code(phone, purpose, client="", requester=""):
    """Send a new code for ``purpose`` to ``phone`` (raw input) and return the normalised number.

    Raises ``ValidationError`` for a number that is not a mainland mobile and ``SmsCodeError`` when a
    rate limit is reached (with the seconds to wait) or a verification code could not be sent. For
    ``SIGN_IN`` the code is sent only if a user has verified that number; the outcome is the same
    either way.
    """
    phone = normalise_mobile(phone)
    client = client_key(client)
    wait = wait_before_next(phone, client)
    if wait:
        raise _too_soon(wait)
    if not allow("sms_number", phone):
        # Another request for this number is being served right now.
        raise _too_soon(60)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    with transaction.atomic():
        # Rows older than the longest limit serve no purpose: the table stays small.
        keep = max(KEEP_ROWS, _longest(settings.SMS_NUMBER_LIMITS), _longest(settings.SMS_CLIENT_LIMITS))
        SmsCode.objects.filter(created_at__lt=now - keep).delete()
        # The requester's older codes for the same purpose stop working: only the latest one counts.
        key = requester_key(requester)
        SmsCode.objects.filter(phone=phone, purpose=purpose, requester=key, used_at__isnull=True).update(used_at=now)
        SmsCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=code_hash(phone, purpose, code),
            client=client,
            requester=key,
            expires_at=now + CODE_LIFETIME,
        )
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    message = _("【数用】验证码 %(code)s，%(minutes)s 分钟内有效。如非本人操作，请忽略本短信。") % {
        "code": code,
        "minutes": minutes,
    }
    params = {"code": code, "minutes": str(minutes)}
    if purpose == SmsPurpose.SIGN_IN:
        # Sent only to a verified number, and without waiting for the provider: the page takes as long
        # for a number with an account as for one without.
        if user_with_verified_phone(phone) is not None:
            send_sms_unseen(phone, message, params, label=mask_phone(phone))
        return phone
    try:
        send_sms(phone, message, params)
    except SmsSendError:
        logger.exception("SMS code to %s not sent", mask_phone(phone))
        raise SmsCodeError(_("短信发送失败，请稍后再试。")) from None
    return phone


def check_code(phone, purpose, code, requester=""):
    """Whether ``code`` is the latest unused, unexpired code ``requester`` asked for ``phone`` and
    ``purpose``.

    Each check counts as an attempt; after ``MAX_ATTEMPTS`` the code is refused even when right.
    A right code is used up.
    """
    try:
        phone = normalise_mobile(phone)
    except ValidationError:
        return False
    code = str(code or "").strip()
    if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
        return False
    now = timezone.now()
    with transaction.atomic():
        latest = (
            SmsCode.objects.select_for_update()
            .filter(
                phone=phone,
                purpose=purpose,
                requester=requester_key(requester),
                used_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if latest is None or latest.attempts >= MAX_ATTEMPTS:
            return False
        latest.attempts += 1
        right = constant_time_compare(latest.code_hash, code_hash(phone, purpose, code))
        if right:
            latest.used_at = now
        latest.save(update_fields=["attempts", "used_at"])
        return right
