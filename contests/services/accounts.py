"""Sign-up and e-mail verification. Neither answer reveals whether an address has an account."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from cms.tasks import enqueue_on_commit
from contests.services.tokens import email_verification_token


def normalise_email(email):
    return get_user_model().objects.normalize_email(email.strip()).lower()


@transaction.atomic
def register_user(*, email, password, real_name="", next_url=""):
    """Create an inactive account and e-mail its verification link.

    For an address that already has an account nothing changes: an active owner is told by
    e-mail that someone tried to sign up; an unverified one gets a fresh verification link.
    The caller shows the same "check your mailbox" page in every case.
    """

    User = get_user_model()
    email = normalise_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, real_name=real_name, is_active=False)
        except IntegrityError:  # a concurrent sign-up with the same address
            return None
        enqueue_on_commit("contests.send_verification_email", user_id=user.pk, next_url=next_url)
        return user
    if is_unverified(existing):
        enqueue_on_commit("contests.send_verification_email", user_id=existing.pk, next_url=next_url)
    else:
        enqueue_on_commit("contests.send_existing_account_notice", user_id=existing.pk)
    return None


def is_unverified(user):
    """Inactive and never signed in: an account waiting for its e-mail link.

    An account an administrator deactivated has signed in before, so a verification link can
    never re-activate it.
    """
    return not user.is_active and user.last_login is None


def verify_email(user, token):
    """Activate the account if the token is valid; True on success (a spent link returns False)."""
    if user is None or not is_unverified(user) or not email_verification_token.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


def axes_username(request, credentials=None):
    """The username django-axes counts failures against (``AXES_USERNAME_CALLABLE``).

    E-mail addresses are case-insensitive here, so ``Member@X`` and ``member@x`` share one
    per-account failure count instead of offering five more guesses each.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") or ""
    return value.strip().lower() or None
