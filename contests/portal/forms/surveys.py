"""The tracking survey's form, built from the survey's questions (one field per question, named
``q_<key>``). It only collects input; ``contests.services.adoption.surveys`` validates the answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.services import ContestError
from contests.services.adoption.surveys import MAX_TEXT_ANSWER, clean_answer


def field_name(question):
    return f"q_{question['key']}"


def _field(question):
    common = {"label": question["label"], "required": question["required"], "help_text": question.get("help", "")}
    kind = question["kind"]
    if kind == "text":
        return forms.CharField(max_length=MAX_TEXT_ANSWER, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == "number":
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == "choice":
        choices = [(choice, choice) for choice in question["choices"]]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.ChoiceField(choices=[("yes", _("是")), ("no", _("否"))], widget=forms.RadioSelect, **common)


class SurveyForm(forms.Form):
    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = survey.questions
        for question in self.questions:
            self.fields[field_name(question)] = _field(question)
        self.fields["confirm"] = forms.BooleanField(
            label=_("我确认以上答复真实准确；问卷每个作品只能提交一次，提交后不能修改。"),
            error_messages={"required": _("请勾选确认后再提交问卷。")},
        )

    def clean(self):
        # The service's own checks, question by question, so every problem shows at once (the
        # service checks again when the answers are submitted).
        data = super().clean()
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            try:
                clean_answer(question, data.get(name) or "")
            except ContestError as error:
                self.add_error(name, error.message)
        return data

    def values(self):
        """``{key: raw value}`` for the service (empty answers as '')."""
        return {q["key"]: self.cleaned_data.get(field_name(q)) or "" for q in self.questions}

    def add_answer_errors(self, errors):
        for key, message in errors.items():
            self.add_error(f"q_{key}", message)
