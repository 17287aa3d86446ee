"""Account forms. Labels and messages are Chinese msgids; Django's own validators are translated."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from cms.tasks import enqueue
from cms.throttle import allow
from cms.validators import validate_credit_code
from contests.services.accounts import normalise_email, pending_signup_matches


class SignUpForm(NoColonLabelsMixin, SetPasswordMixin, forms.Form):
    # No uniqueness check here: "this address is taken" would tell anyone who has an account.
    email = forms.EmailField(label=_("电子邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    real_name = forms.CharField(
        label=_("真实姓名"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1, password2 = SetPasswordMixin.create_password_fields(label1=_("密码"), label2=_("确认密码"))

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        candidate = get_user_model()(email=cleaned.get("email") or "", real_name=cleaned.get("real_name") or "")
        self.validate_password_for_user(candidate)
        return cleaned


class VerifyEmailForm(NoColonLabelsMixin, forms.Form):
    """The second half of e-mail verification: the password chosen at sign-up."""

    password = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=_("请输入注册时设置的密码。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form (it passes the request to ``authenticate``, as axes requires) by e-mail."""

    username = forms.EmailField(
        label=_("电子邮箱"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        # The same words whether the address is unknown or the password wrong.
        "invalid_login": _("邮箱或密码不正确。刚注册的账号需先点击验证邮件中的链接。"),
        "inactive": _("该账号尚未启用。"),
        # Only to someone who gave the right password of a sign-up still waiting for verification.
        "unverified": _("该账号的邮箱尚未验证。请点击注册后收到的验证邮件中的链接；没有收到可以重新发送。"),
    }
    remember = forms.BooleanField(
        label=_("记住我"),
        required=False,
        help_text=_("在这台设备上保持登录，至少到本届作品提交截止之后。公用电脑上请不要勾选。"),
    )

    def __init__(self, request=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("密码")
        self.unverified_email = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            # A locked-out client learns nothing, not even whether the password was right.
            if error.code != "invalid_login" or getattr(self.request, "axes_locked_out", False):
                raise
            email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            if not pending_signup_matches(email, password):
                raise
            self.unverified_email = normalise_email(email)
            raise forms.ValidationError(self.error_messages["unverified"], code="unverified") from None


class ResendVerificationForm(NoColonLabelsMixin, forms.Form):
    email = forms.EmailField(
        label=_("电子邮箱"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class PasswordResetRequestForm(NoColonLabelsMixin, PasswordResetForm):
    """Django's reset form, but the e-mail goes out from a Celery task after commit."""

    email = forms.EmailField(
        label=_("电子邮箱"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            # Past the hourly limit for the address: no mail, and the same "check your mailbox" page.
            if allow("reset_mail", user.email):
                enqueue("contests.send_password_reset_email", user_id=user.pk)


class ProfileForm(NoColonLabelsMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["real_name", "phone", "organisation", "credit_code"]
        help_texts = {
            "credit_code": _("以单位名义参赛时填写，18 位，可在营业执照或事业单位法人证书上找到。"),
            "phone": _("仅用于大赛组织者联系你，不会公开。"),
        }
        widgets = {
            "real_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["real_name"].required = True
        if self.instance.phone_verified_at:
            # A verified number signs the account in: it changes only with a code (/accounts/phone/).
            self.fields["phone"].disabled = True
            self.fields["phone"].help_text = _("已验证，可用于短信验证码登录。更换或取消请到“手机号验证”。")

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        if code:
            validate_credit_code(code)
        return code


class SmsNumberForm(NoColonLabelsMixin, forms.Form):
    """Step one of signing in by SMS: the mobile number the code goes to."""

    phone = forms.CharField(
        label=_("手机号"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "autofocus": True}),
    )

    def clean_phone(self):
        from contests.services.sms_codes import normalise_mobile

        return normalise_mobile(self.cleaned_data["phone"])


class SmsCodeForm(NoColonLabelsMixin, forms.Form):
    """Step two: the six-digit code from the text message."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=6,
        min_length=6,
        help_text=_("短信中的 6 位数字，5 分钟内有效。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit() or not code.isascii():
            raise forms.ValidationError(_("验证码是 6 位数字。"), code="code")
        return code


class PhoneNumberForm(SmsNumberForm):
    """Verifying a number on the profile: the new number and the account's password."""

    password = forms.CharField(
        label=_("登录密码"),
        strip=False,
        help_text=_("为保护你的账号，请输入登录密码。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["phone"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不正确。"), code="password")
        return password
