"""A person's verified mobile number (``User.phone`` + ``User.phone_verified_at``): proving they hold
a number with an SMS code, changing it, and removing the verification.

A verified number signs its account in (``contests.accounts.backends.SmsCodeBackend``), so a number
verified by one account is refused to every other one — never a takeover — and the account's e-mail
address hears of every change of its verified number. The refusal comes only after the code: asking
for one answers the same whether or not another account holds the number, so this page cannot tell
anyone which numbers have accounts (no more than the SMS sign-in page can); only whoever holds the
number, having typed the code sent to it, learns that it is taken.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests.models import SmsPurpose
from contests.services import audit
from contests.services.sms_codes import check_code, mask_phone, normalise_mobile, request_code


class PhoneError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def taken_by_other(user, phone):
    return get_user_model().objects.filter(phone=phone, phone_verified_at__isnull=False).exclude(pk=user.pk).exists()


def _taken():
    return PhoneError(_("该手机号已被其他账号验证。"))


def start_verification(user, raw_phone, client=""):
    """Send a verification code to ``raw_phone`` for ``user``; returns the normalised number.

    Raises ``ValidationError`` (not a mobile number), ``PhoneError`` (already this account's verified
    number) or ``SmsCodeError`` (rate limit, not sent). A number verified by another account gets its
    code all the same (``confirm_verification`` refuses it): refusing here would tell anyone with an
    account whether a number is registered.
    """
    phone = normalise_mobile(raw_phone)
    if user.phone_verified_at and user.phone == phone:
        raise PhoneError(_("这个手机号已经是你的验证手机号。"))
    request_code(phone, SmsPurpose.VERIFY, client, requester=_requester(user))
    return phone


def _requester(user):
    """A verification code belongs to the account that asked for it."""
    return f"user:{user.pk}"


def _state(user):
    return {"phone": mask_phone(user.phone) if user.phone else "", "verified": bool(user.phone_verified_at)}


def _notify(user, old_phone, new_phone):
    enqueue(
        "contests.send_phone_changed_notice",
        user_id=user.pk,
        old_phone=mask_phone(old_phone) if old_phone else "",
        new_phone=mask_phone(new_phone) if new_phone else "",
    )


def confirm_verification(user, phone, code):
    """Make ``phone`` the verified number of ``user`` if ``code`` is the code sent to it."""
    phone = normalise_mobile(phone)
    if not check_code(phone, SmsPurpose.VERIFY, code, requester=_requester(user)):
        raise PhoneError(_("验证码不正确、已过期或已使用，请重新获取。"))
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if taken_by_other(locked, phone):
            raise _taken()
        before = _state(locked)
        old_verified = locked.phone if locked.phone_verified_at else ""
        locked.phone, locked.phone_verified_at = phone, timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["phone", "phone_verified_at"])
        except IntegrityError:
            # Verified by another account at this very moment (the unique constraint decided).
            raise _taken() from None
        audit.record("phone_verified", locked, actor=user, before=before, after=_state(locked))
        if old_verified and old_verified != phone:
            _notify(locked, old_verified, phone)
    user.phone, user.phone_verified_at = locked.phone, locked.phone_verified_at
    return locked


def remove_verification(user):
    """The number stays as a contact number; it no longer signs in. The account's address is told."""
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.phone_verified_at is None:
            return locked
        before = _state(locked)
        locked.phone_verified_at = None
        locked.save(update_fields=["phone_verified_at"])
        audit.record("phone_unverified", locked, actor=user, before=before, after=_state(locked))
        _notify(locked, locked.phone, "")
    user.phone_verified_at = None
    return locked
