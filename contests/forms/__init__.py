from .accounts import EmailAuthenticationForm, PasswordResetRequestForm, ProfileForm, SignUpForm, VerifyEmailForm
from .teams import InviteForm, TeamForm, TransferLeadershipForm

__all__ = [
    "EmailAuthenticationForm",
    "InviteForm",
    "PasswordResetRequestForm",
    "ProfileForm",
    "SignUpForm",
    "TeamForm",
    "TransferLeadershipForm",
    "VerifyEmailForm",
]
