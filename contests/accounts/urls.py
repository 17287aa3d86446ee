"""/accounts/: sign-up with e-mail verification, login, logout, password reset and change, profile.
Names live in the ``contests`` namespace (``contests:login``)."""

from django.urls import path

from contests.accounts import sms_views, views

urlpatterns = [
    path("", views.account_home, name="account_home"),
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("verify/<uidb64>/<token>/", views.verify, name="verify_email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/sms/", sms_views.login_sms, name="login_sms"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("phone/", sms_views.phone, name="phone"),
]
