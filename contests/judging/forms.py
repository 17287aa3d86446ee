"""Forms of the judge portal. They only parse input; the rules live in contests.services.judging.scoring."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from contests.services.judging.scoring import format_score


def field_name(criterion):
    return f"criterion_{criterion.pk}"


def initial_of(score, values, criteria):
    """The unbound form's data from the saved score; scores read "22", not "22.0"."""
    initial = {"version": score.version if score else 0, "comment": score.comment if score else ""}
    initial.update({field_name(c): format_score(values.get(c.pk)) for c in criteria})
    return initial


class ScoreForm(forms.Form):
    """One number per criterion, the comment and the version the form was built from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("评语"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "comment-help"}),
    )

    def __init__(self, *args, criteria, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = field_name(criterion)
            out_of_range = _("分数应在 0 到 %(max)d 之间。") % {"max": criterion.max_score}
            self.fields[name] = forms.DecimalField(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                max_digits=6,
                decimal_places=1,
                # The service's own wording: never Django's generic "ensure this value is ≤ 25".
                error_messages={
                    "invalid": _("请输入数字。"),
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                    "max_digits": out_of_range,
                    "max_whole_digits": out_of_range,
                    "max_decimal_places": _("分数最多保留一位小数。"),
                },
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.1",
                        "min": "0",
                        "max": str(criterion.max_score),
                        "inputmode": "decimal",
                        "data-weight": str(criterion.weight if criterion.counted else 0),
                        "data-max": str(criterion.max_score),
                        "aria-describedby": f"{name}-help",
                        "class": "score-input",
                    }
                ),
            )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def _describe_errors(self):
        # The inputs name their own help text, so Django does not add its "<id>_error" reference:
        # point each input with an error at the message the template renders ("<name>-error").
        for name, field in self.fields.items():
            described = field.widget.attrs.get("aria-describedby", "")
            if self._errors and self._errors.get(name) and f"{name}-error" not in described:
                field.widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()

    def criterion_fields(self):
        return [(criterion, self[field_name(criterion)]) for criterion in self.criteria]

    def values(self):
        return {c.pk: self.cleaned_data.get(field_name(c)) for c in self.criteria}

    def add_service_errors(self, errors):
        by_id = {c.pk: field_name(c) for c in self.criteria}
        for key, message in errors.items():
            self.add_error(by_id.get(key, "comment" if key == "comment" else None), message)
        self._describe_errors()


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("本人确认与该作品的参赛团队及其成员不存在任职、合作、亲属、师生等利益关系，能够公正评审。"),
        required=True,
    )


class RecusalForm(forms.Form):
    reason = forms.CharField(
        label=_("回避原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：与参赛团队成员同一单位、存在合作关系等。原因仅大赛组织者可见。"),
    )


class JudgeSignupForm(forms.Form):
    """Creates the account of an invited judge who has none yet (the e-mail is the invited one)."""

    real_name = forms.CharField(label=_("真实姓名"), max_length=50)
    password1 = forms.CharField(label=_("设置密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif first:
            from django.contrib.auth import get_user_model

            user = get_user_model()(email=self.email, real_name=cleaned.get("real_name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
