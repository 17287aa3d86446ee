"""Signing in with a verified mobile number and a code sent to it by SMS (/accounts/login/sms/).

``authenticate(request, phone=..., sms_code=...)``: django-axes' backend, first in
``AUTHENTICATION_BACKENDS``, has already refused a locked-out account or client by then, and a wrong
code is a failed login it counts (``contests.services.accounts.axes_username``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError

from contests.models import SmsPurpose
from contests.services.sms_codes import check_code, normalise_mobile, session_requester, user_with_verified_phone


class SmsCodeBackend(BaseBackend):
    """Authentication only: permissions stay with ModelBackend and the rules backend."""

    def authenticate(self, request, phone=None, sms_code=None, **kwargs):
        if phone is None or sms_code is None:
            return None
        try:
            phone = normalise_mobile(phone)
        except ValidationError:
            return None
        # Only the browser that asked for the code can use it.
        requester = session_requester(request.session) if request is not None else ""
        if not check_code(phone, SmsPurpose.SIGN_IN, sms_code, requester=requester):
            return None
        user = user_with_verified_phone(phone)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user

    def user_can_authenticate(self, user):
        return getattr(user, "is_active", True)

    def get_user(self, user_id):
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
