"""Accounts under /accounts/: sign-up with e-mail verification, login, logout, password reset, profile.

No page tells a visitor whether an address has an account: sign-up and password reset always
answer "check your mailbox" and the e-mail goes to the address's owner.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from cms.throttle import allow, client_address
from contests.accounts.forms import (
    EmailAuthenticationForm,
    PasswordResetRequestForm,
    ProfileForm,
    ResendVerificationForm,
    SignUpForm,
    VerifyEmailForm,
)
from contests.services.accounts import (
    home_for,
    register_user,
    resend_verification_email,
    verification_link_is_valid,
    verify_email,
)
from contests.services.judging.flags import IDENTITY_FIELDS, profile_changed
from contests.services.login_lockout import clear_lockouts
from contests.services.sessions import keep_session


def safe_next(request, default=""):
    """The ``next`` parameter if it points at this site, else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request, home_for(request.user)))
    next_url = safe_next(request)
    # An invitation link passes the invited address along (?email=).
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        if not allow("signup_client", client_address(request)):
            return too_many_requests(request)
        register_user(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            real_name=form.cleaned_data["real_name"],
            next_url=next_url,
        )
        # The same page whether or not the address already had an account.
        return redirect("contests:signup_done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def account_home(request):
    """/accounts/: the login page for visitors; for a signed-in person their workspace, or the
    chooser between several (``home_for``)."""
    if not request.user.is_authenticated:
        return redirect("contests:login")
    home = home_for(request.user)
    if home != request.path:
        return redirect(home)
    return render(request, "accounts/workspaces.html")


def too_many_requests(request):
    """The answer to a client past its hourly limit of mail-sending requests (cms/throttle.py)."""
    return render(request, "accounts/throttled.html", status=429)


def signup_done(request):
    return render(request, "accounts/signup_done.html")


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, uidb64, token):
    """The e-mailed link asks for the sign-up's password; only both together activate the account.

    Opening the link changes nothing (mail scanners open links too).
    """
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if not verification_link_is_valid(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    next_url = safe_next(request)
    form = VerifyEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow("verify_password", user.pk):
            return too_many_requests(request)
        if verify_email(user, token, form.cleaned_data["password"]):
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("邮箱已验证，欢迎加入！请完善个人资料后创建或加入团队。"))
            return redirect(next_url or reverse("contests:profile"))
        # Also what the owner sees after following a later sign-up's link that was not theirs.
        form.add_error("password", _("密码与这次注册时设置的不一致。注册过多次的，请使用最后一封验证邮件或重新注册。"))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url, "email": user.email})


class LoginView(auth_views.LoginView):
    # Django's LoginView passes the request to authenticate() (axes needs it) and checks
    # ``next`` with url_has_allowed_host_and_scheme.
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_initial(self):
        return {"username": self.request.GET.get("email", "")}

    def form_valid(self, form):
        response = super().form_valid(form)
        keep_session(self.request.session, remember=form.cleaned_data.get("remember", False))
        return response

    def get_default_redirect_url(self):
        # No ``next``: where the person's work is (portal, judging, admin, or a chooser).
        return home_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unverified_email"] = context["form"].unverified_email
        return context


@never_cache
@require_http_methods(["GET", "POST"])
def resend_verification(request):
    """A fresh verification link, offered to whoever logs in before verifying. Same answer for any address."""
    next_url = safe_next(request)
    form = ResendVerificationForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        if not allow("signup_client", client_address(request)):
            return too_many_requests(request)
        resend_verification_email(email=form.cleaned_data["email"], next_url=next_url)
        return redirect("contests:signup_done")
    return render(request, "accounts/resend_verification.html", {"form": form, "next": next_url})


class LogoutView(auth_views.LogoutView):
    # POST only (Django's default): a link or an image cannot sign anyone out.
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("contests:password_reset_done")

    def form_valid(self, form):
        if not allow("reset_client", client_address(self.request)):
            return too_many_requests(self.request)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("contests:password_reset_complete")
    # The mailbox and the new password are proof enough: the owner is in, whatever lockouts
    # other addresses' failures caused, and those are forgotten.
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_lockouts(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("contests:profile")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    # Read before validation, which writes the new values into the instance.
    before = {name: form.initial.get(name) for name in IDENTITY_FIELDS}
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            # A team member's new organisation may conflict with a judge: flagged, never a silent 404.
            profile_changed(user, before=before, actor=request.user)
        messages.success(request, _("个人资料已保存。"))
        return redirect(safe_next(request, reverse("contests:profile")))
    return render(request, "accounts/profile.html", {"form": form, "next": safe_next(request)})
