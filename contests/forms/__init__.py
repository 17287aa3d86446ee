from .accounts import (
    EmailAuthenticationForm,
    PasswordResetRequestForm,
    ProfileForm,
    ResendVerificationForm,
    SignUpForm,
    VerifyEmailForm,
)
from .teams import InviteForm, TeamForm, TransferLeadershipForm

__all__ = [
    "EmailAuthenticationForm",
    "InviteForm",
    "PasswordResetRequestForm",
    "ProfileForm",
    "ResendVerificationForm",
    "SignUpForm",
    "TeamForm",
    "TransferLeadershipForm",
    "VerifyEmailForm",
]
