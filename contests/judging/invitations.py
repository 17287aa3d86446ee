"""Accepting a judge invitation from the e-mailed link (/judging/invitations/<token>/)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.judging.forms import JudgeSignupForm
from contests.services import ContestError
from contests.services.accounts import create_verified_account, is_unverified
from contests.services.judging.judges import accept_invitation, decline_invitation, read_invitation


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation_ = read_invitation(token)
    if invitation_ is None:
        return render(request, "contests/judging/invitation_invalid.html", status=404)
    judge = invitation_.judge
    context = {"invitation": invitation_, "judge": judge, "contest": judge.contest}
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "decline":
        try:
            decline_invitation(invitation_, actor=user if user.is_authenticated else None)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("已谢绝邀请，感谢您的回复。"))
        return redirect("/")

    if user.is_authenticated:
        if request.method == "POST":
            try:
                accept_invitation(invitation_, user)
            except ContestError as error:
                messages.error(request, error.message)
                return redirect(request.path)
            messages.success(request, _("您已接受评委邀请。评审开始后，分配给您的作品会显示在这里。"))
            return redirect("contests:judging:dashboard")
        context["wrong_account"] = user.email.strip().lower() != invitation_.email
        return render(request, "contests/judging/invitation.html", context)

    User = get_user_model()
    # A sign-up still waiting for verification is no account yet: the invited judge sets the password.
    existing = User.objects.filter(email__iexact=invitation_.email).first()
    if existing is not None and not is_unverified(existing):
        query = urlencode({"next": request.path, "email": invitation_.email})
        context["login_url"] = reverse("contests:login") + "?" + query
        return render(request, "contests/judging/invitation.html", context)

    form = JudgeSignupForm(request.POST or None, email=invitation_.email, initial={"real_name": judge.name})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_user = create_verified_account(
                    email=invitation_.email, password=form.cleaned_data["password1"],
                    real_name=form.cleaned_data["real_name"], organisation=judge.organisation,
                )  # fmt: skip
                accept_invitation(invitation_, new_user)
        except (ContestError, IntegrityError) as error:
            messages.error(request, getattr(error, "message", _("账号创建失败，请重试。")))
            return redirect(request.path)
        # The link proved the address: the account is usable at once.
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("账号已创建，您已接受评委邀请。"))
        return redirect("contests:judging:dashboard")
    context["form"] = form
    return render(request, "contests/judging/invitation.html", context)
