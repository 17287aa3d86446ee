"""E-mails of accounts and teams. Called by the Celery tasks in ``contests.tasks.mail``, never directly
from a request, so that a slow mail server never slows a page down."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from cms.links import absolute_url
from contests.services.tokens import email_verification_token, invitation_token


def _send(template_prefix, context, to):
    subject = "".join(render_to_string(f"{template_prefix}_subject.txt", context).splitlines())
    body = render_to_string(f"{template_prefix}_body.txt", context)
    send_mail(subject, body, None, [to])


def _uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def verification_url(user, next_url=""):
    path = reverse(
        "contests:verify_email", kwargs={"uidb64": _uid(user), "token": email_verification_token.make_token(user)}
    )
    if next_url:
        path += "?" + urlencode({"next": next_url})
    return absolute_url(path)


def send_verification_email(user, next_url=""):
    _send("accounts/email/verify", {"user": user, "url": verification_url(user, next_url)}, user.email)


def send_existing_account_notice(user):
    """Someone signed up with an address that already has an account: tell its owner, not them."""
    context = {
        "user": user,
        "login_url": absolute_url(reverse("contests:login")),
        "reset_url": absolute_url(reverse("contests:password_reset")),
    }
    _send("accounts/email/existing_account", context, user.email)


def send_password_reset_email(user):
    path = reverse(
        "contests:password_reset_confirm",
        kwargs={"uidb64": _uid(user), "token": default_token_generator.make_token(user)},
    )
    _send("accounts/email/password_reset", {"user": user, "url": absolute_url(path)}, user.email)


def send_invitation_email(invitation):
    context = {
        "invitation": invitation,
        "team": invitation.team,
        "contest": invitation.team.contest,
        "url": absolute_url(reverse("contests:invitation", kwargs={"token": invitation_token(invitation)})),
    }
    _send("contests/email/invitation", context, invitation.email)


def send_phone_changed_notice(user, old_phone, new_phone):
    """The account's verified mobile number changed (``new_phone``) or was removed (empty)."""
    context = {
        "user": user,
        "old_phone": old_phone,
        "new_phone": new_phone,
        "phone_url": absolute_url(reverse("contests:phone")),
        "reset_url": absolute_url(reverse("contests:password_reset")),
    }
    _send("accounts/email/phone_changed", context, user.email)
