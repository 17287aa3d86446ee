from .accounts import EmailAuthenticationForm, PasswordResetRequestForm, ProfileForm, SignUpForm
from .teams import InviteForm, TeamForm, TransferLeadershipForm

__all__ = [
    "EmailAuthenticationForm",
    "InviteForm",
    "PasswordResetRequestForm",
    "ProfileForm",
    "SignUpForm",
    "TeamForm",
    "TransferLeadershipForm",
]
