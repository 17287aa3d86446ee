"""Accounts (/accounts/) and the team portal (/portal/). Included at the site root by cms/urls.py."""

from django.urls import path

from contests.views import accounts, portal, teams

app_name = "contests"

urlpatterns = [
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/done/", accounts.signup_done, name="signup_done"),
    path("accounts/verify/<uidb64>/<token>/", accounts.verify, name="verify_email"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/done/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/profile/", accounts.profile, name="profile"),
    # Team portal
    path("portal/", portal.dashboard, name="dashboard"),
    path("portal/contests/<slug:contest_slug>/teams/new/", teams.team_create, name="team_create"),
    path("portal/teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("portal/teams/<int:pk>/invite/", teams.team_invite, name="team_invite"),
    path(
        "portal/teams/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        teams.invitation_revoke,
        name="invitation_revoke",
    ),
    path("portal/teams/<int:pk>/transfer/", teams.team_transfer, name="team_transfer"),
    path("portal/teams/<int:pk>/leave/", teams.team_leave, name="team_leave"),
    path("portal/teams/<int:pk>/members/<int:user_pk>/remove/", teams.team_remove_member, name="team_remove_member"),
    path("portal/invitations/<str:token>/", teams.invitation, name="invitation"),
]


# Judging: the judge portal under /judging/ (contests/urls_judging.py, names contests:judging:*)
from django.urls import include  # noqa: E402

urlpatterns += [path("judging/", include("contests.urls_judging"))]
