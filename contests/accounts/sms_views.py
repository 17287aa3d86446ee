"""Sign-in with a mobile number and an SMS code, and verifying a number on the profile.

/accounts/login/sms/ (``contests:login_sms``): number → 获取验证码 → code → signed in. The page says
the same whether or not the number has an account. /accounts/phone/ (``contests:phone``): the
signed-in person proves they hold a number (password, then a code to that number), changes it the
same way, or removes the verification after a confirmation page.
"""

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from cms.throttle import allow, client_address
from contests.accounts.forms import PhoneNumberForm, SmsCodeForm, SmsNumberForm
from contests.accounts.views import safe_next, too_many_requests
from contests.models import SmsPurpose
from contests.services.accounts import home_for
from contests.services.phones import PhoneError, confirm_verification, remove_verification, start_verification
from contests.services.sessions import keep_session
from contests.services.sms import sms_enabled
from contests.services.sms_codes import CODE_LIFETIME, SmsCodeError, mask_phone, request_code, session_requester

SIGN_IN_PHONE = "sms_sign_in_phone"
VERIFY_PHONE = "sms_verify_phone"
BACKEND = "contests.accounts.backends.SmsCodeBackend"
MINUTES = int(CODE_LIFETIME.total_seconds() // 60)


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_sms(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request, home_for(request.user)))
    next_url = safe_next(request)
    here = _with_next(reverse("contests:login_sms"), next_url)
    if request.GET.get("restart"):
        request.session.pop(SIGN_IN_PHONE, None)
        return redirect(here)
    enabled = sms_enabled()
    phone = request.session.get(SIGN_IN_PHONE, "")
    number_form = SmsNumberForm()
    code_form = SmsCodeForm() if phone else None
    action = request.POST.get("action")
    if request.method == "POST" and enabled and action == "send":
        number_form = SmsNumberForm(request.POST)
        if number_form.is_valid():
            try:
                phone = request_code(
                    number_form.cleaned_data["phone"],
                    SmsPurpose.SIGN_IN,
                    client_address(request),
                    requester=session_requester(request.session),
                )
            except SmsCodeError as error:
                number_form.add_error("phone", error.message)
            else:
                request.session[SIGN_IN_PHONE] = phone
                # The same words whether or not the number has an account.
                messages.info(
                    request,
                    _("如果 %(phone)s 是本站账号已验证的手机号，验证码已发送，%(minutes)s 分钟内有效。")
                    % {"phone": mask_phone(phone), "minutes": MINUTES},
                )
                return redirect(here)
    elif request.method == "POST" and enabled and action == "sign_in" and phone:
        code_form = SmsCodeForm(request.POST)
        if code_form.is_valid():
            user = authenticate(request, phone=phone, sms_code=code_form.cleaned_data["code"])
            if user is not None:
                login(request, user, backend=BACKEND)
                request.session.pop(SIGN_IN_PHONE, None)
                keep_session(request.session, remember=False)
                return redirect(next_url or home_for(user))
            # A locked-out client gets axes' lockout page instead (AxesMiddleware).
            code_form.add_error("code", _("验证码不正确、已过期或已使用，请重新获取。"))
    context = {
        "enabled": enabled,
        "number_form": number_form,
        "code_form": code_form,
        "phone": mask_phone(phone) if phone else "",
        "next": next_url,
    }
    return render(request, "accounts/login_sms.html", context)


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def phone(request):
    user = request.user
    here = reverse("contests:phone")
    if request.GET.get("restart"):
        request.session.pop(VERIFY_PHONE, None)
        return redirect(here)
    if request.method == "GET" and request.GET.get("remove") and user.phone_verified_at:
        return render(request, "accounts/phone_remove.html", {"phone": mask_phone(user.phone)})
    enabled = sms_enabled()
    pending = request.session.get(VERIFY_PHONE, "")
    number_form = PhoneNumberForm(user)
    code_form = SmsCodeForm() if pending else None
    action = request.POST.get("action")
    if request.method == "POST" and action == "remove":
        if user.phone_verified_at:
            remove_verification(user)
            messages.success(request, _("已取消手机号验证，该号码不能再用于短信登录。"))
        return redirect(here)
    if request.method == "POST" and enabled and action == "send":
        number_form = PhoneNumberForm(user, request.POST)
        if not allow("phone_password", user.pk):
            return too_many_requests(request)
        if number_form.is_valid():
            try:
                pending = start_verification(user, number_form.cleaned_data["phone"], client_address(request))
            except (PhoneError, SmsCodeError, ValidationError) as error:
                number_form.add_error("phone", getattr(error, "message", None) or error.messages[0])
            else:
                request.session[VERIFY_PHONE] = pending
                messages.info(
                    request,
                    _("验证码已发送至 %(phone)s，%(minutes)s 分钟内有效。")
                    % {"phone": mask_phone(pending), "minutes": MINUTES},
                )
                return redirect(here)
    elif request.method == "POST" and action == "confirm" and pending:
        code_form = SmsCodeForm(request.POST)
        if code_form.is_valid():
            try:
                confirm_verification(user, pending, code_form.cleaned_data["code"])
            except PhoneError as error:
                code_form.add_error("code", error.message)
            else:
                request.session.pop(VERIFY_PHONE, None)
                messages.success(request, _("手机号已验证，可以用短信验证码登录。"))
                return redirect(here)
    context = {
        "enabled": enabled,
        "number_form": number_form,
        "code_form": code_form,
        "pending": mask_phone(pending) if pending else "",
        "verified": mask_phone(user.phone) if user.phone_verified_at else "",
        "verified_at": user.phone_verified_at,
    }
    return render(request, "accounts/phone.html", context)
