"""Signed, expiring tokens carried by e-mailed links (verification and team invitations)."""

from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

INVITATION_MAX_AGE = timedelta(days=7)
_INVITATION_SALT = "contests.team-invitation"


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, but salted apart and spent once the account is active.

    The hash covers ``is_active`` and the e-mail address: after the first click (which activates
    the account) or a change of address, every earlier link stops working. Links expire after
    ``PASSWORD_RESET_TIMEOUT`` (three days by default).
    """

    key_salt = "contests.services.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def invitation_token(invitation):
    """A token naming the invitation row and the address it was sent to, signed with SECRET_KEY."""
    return signing.dumps({"i": invitation.pk, "e": invitation.email.lower()}, salt=_INVITATION_SALT, compress=True)


def read_invitation_token(token):
    """Return (invitation id, e-mail) or None for a forged, altered or expired token."""
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("e"), str):
        return None
    return data["i"], data["e"]
