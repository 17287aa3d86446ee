"""Accounts (/accounts/) and the team portal (/portal/). Included at the site root by cms/urls.py."""

from django.urls import path

from contests.views import accounts, portal, teams

app_name = "contests"

urlpatterns = [
    # Accounts
    path("accounts/", accounts.account_home, name="account_home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/done/", accounts.signup_done, name="signup_done"),
    path("accounts/verify/resend/", accounts.resend_verification, name="resend_verification"),
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

# Entries: drafts, files, submission and receipts (contests/views/entries.py, contests/views/files.py)
from contests.views import entries, files  # noqa: E402

urlpatterns += [
    path("portal/teams/<int:team_pk>/entries/new/", entries.entry_create, name="entry_create"),
    path("portal/entries/<uuid:uuid>/", entries.entry_detail, name="entry_detail"),
    path("portal/entries/<uuid:uuid>/edit/", entries.entry_edit, name="entry_edit"),
    path("portal/entries/<uuid:uuid>/submit/", entries.entry_submit, name="entry_submit"),
    path("portal/entries/<uuid:uuid>/withdraw/", entries.entry_withdraw, name="entry_withdraw"),
    path("portal/entries/<uuid:uuid>/receipts/<str:code>/", entries.entry_receipt, name="entry_receipt"),
    path("portal/entries/<uuid:uuid>/files/upload/<str:kind>/", files.file_upload, name="entry_file_upload"),
    path("portal/entries/<uuid:uuid>/files/<int:file_id>/", files.file_download, name="entry_file_download"),
    path("portal/entries/<uuid:uuid>/files/<int:file_id>/remove/", files.file_remove, name="entry_file_remove"),
]

# Judging: the judge portal under /judging/ (contests/urls_judging.py, names contests:judging:*)
from django.urls import include  # noqa: E402

urlpatterns += [path("judging/", include("contests.urls_judging"))]

# Exports: download of a finished export (contests/views/exports.py); the admin pages are in
# contests/admin_exports.py under /admin/contest_exports/.
from contests.views import exports  # noqa: E402

urlpatterns += [path("exports/<int:pk>/download/", exports.download_export, name="export_download")]

# Award certificates (contests/views/certificates.py); the award pages are in contests/admin_awards.py.
from contests.views import certificates  # noqa: E402

urlpatterns += [path("portal/certificates/<str:number>.pdf", certificates.download, name="award_certificate")]

# Feedback to teams: a team's own score breakdown of a published round (contests/views/feedback.py).
from contests.views import feedback  # noqa: E402

urlpatterns += [
    path("portal/entries/<uuid:uuid>/rounds/<int:round_id>/feedback/", feedback.entry_feedback, name="entry_feedback")
]

# Published results and appeals (contests/views/appeals.py); the admin pages are in contests/admin_appeals.py.
from contests.views import appeals  # noqa: E402

urlpatterns += [
    path("portal/entries/<uuid:uuid>/rounds/<int:round_id>/appeal/", appeals.entry_appeal, name="entry_appeal"),
    path("portal/appeals/<int:appeal_id>/files/<int:file_id>/", appeals.appeal_attachment, name="appeal_attachment"),
]
