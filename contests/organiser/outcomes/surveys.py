"""跟踪问卷 in the Wagtail admin (/admin/outcomes/surveys/…): a contest's tracking surveys with their
response rates (responded / winning entries), the editor (title, timing and the questions as a
formset: add by filling a blank row, remove with 删除, reorder with 顺序) and each survey's answers.
The service (``contests.services.adoption.surveys``) validates and refuses changes to the questions'
keys and kinds once a survey has responses."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from contests.organiser.base import OrganiserMenuItem
from contests.organiser.outcomes.dashboard import ContestChoiceMixin, OutcomesAdminView
from contests.services import ContestError
from contests.services.adoption import surveys as service

BLANK_QUESTION_ROWS = 3


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("问卷名称"), max_length=120)
    months_after_award = forms.IntegerField(
        label=gettext_lazy("获奖后第几个月开放"),
        min_value=service.MONTHS_RANGE[0],
        max_value=service.MONTHS_RANGE[1],
        help_text=gettext_lazy("从大赛最终结果确定之日起算，例如 6 或 12。"),
    )
    open_days = forms.IntegerField(
        label=gettext_lazy("填写期限（天）"),
        min_value=service.OPEN_DAYS_RANGE[0],
        max_value=service.OPEN_DAYS_RANGE[1],
        initial=30,
        help_text=gettext_lazy("开放后可填写的天数；截止前 7 天会再提醒一次未填写的团队。"),
    )


class QuestionForm(forms.Form):
    # The key's rules are told once above the table (a help text per row would repeat them).
    key = forms.CharField(label=gettext_lazy("标识"), max_length=30)
    label = forms.CharField(label=gettext_lazy("题目"), max_length=service.MAX_LABEL)
    kind = forms.ChoiceField(label=gettext_lazy("题型"))
    choices = forms.CharField(
        label=gettext_lazy("选项（单选题，每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required = forms.BooleanField(label=gettext_lazy("必答"), required=False)
    help = forms.CharField(label=gettext_lazy("说明"), max_length=service.MAX_HELP, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank first choice: a blank row then posts nothing and is skipped, not refused.
        self.fields["kind"].choices = [("", "—"), *service.kind_labels().items()]

    def question(self):
        data = self.cleaned_data
        return {
            "key": data["key"],
            "label": data["label"],
            "kind": data["kind"],
            "choices": [line.strip() for line in data.get("choices", "").splitlines() if line.strip()],
            "required": data.get("required", False),
            "help": data.get("help", ""),
        }


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=BLANK_QUESTION_ROWS, can_order=True, can_delete=True, max_num=service.MAX_QUESTIONS
)


def _initial_questions(survey):
    return [
        {**q, "choices": "\n".join(q.get("choices", [])), "ORDER": number}
        for number, q in enumerate(survey.questions if survey else [], start=1)
    ]


def _contests():
    from contests.models import Contest

    return Contest.objects.order_by("-year", "name", "pk")


def _surveys():
    from contests.models import TrackingSurvey

    return TrackingSurvey.objects.select_related("contest")


class SurveyIndexView(ContestChoiceMixin, OutcomesAdminView):
    template_name = "contests/outcomes/surveys/index.html"
    page_title = gettext_lazy("跟踪问卷")

    def get_context_data(self, **kwargs):
        rates = service.response_rates(self.contest) if self.contest else []
        return super().get_context_data(contests=self.contests, contest=self.contest, rates=rates, **kwargs)


class SurveyEditView(OutcomesAdminView):
    """New survey (``contest_id``) or an existing one (``survey_id``)."""

    template_name = "contests/outcomes/surveys/form.html"
    index_url_name = "outcomes_surveys:index"
    index_label = gettext_lazy("跟踪问卷")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "survey_id" in kwargs:
            self.survey = get_object_or_404(_surveys(), pk=kwargs["survey_id"])
            self.contest = self.survey.contest
        else:
            self.survey = None
            self.contest = get_object_or_404(_contests(), pk=kwargs["contest_id"])

    def get_page_title(self):
        return _("编辑跟踪问卷") if self.survey else _("新建跟踪问卷")

    def get_page_subtitle(self):
        return str(self.contest)

    def get_context_data(self, form=None, formset=None, **kwargs):
        survey = self.survey
        initial = (
            {"title": survey.title, "months_after_award": survey.months_after_award, "open_days": survey.open_days}
            if survey
            else None
        )
        return super().get_context_data(
            form=form or SurveyForm(initial=initial),
            formset=formset or QuestionFormSet(prefix="q", initial=_initial_questions(survey)),
            survey=survey,
            contest=self.contest,
            locked=bool(survey and survey.responses.exists()),
            **kwargs,
        )

    def get(self, request, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, **kwargs):
        form = SurveyForm(request.POST)
        formset = QuestionFormSet(request.POST, prefix="q")
        if form.is_valid() and formset.is_valid():
            # Blank rows left blank and rows marked 删除 are not in ordered_forms.
            kept = formset.ordered_forms
            try:
                survey = service.save_survey(
                    self.contest,
                    actor=request.user,
                    survey=self.survey,
                    questions=[f.question() for f in kept],
                    **form.cleaned_data,
                )
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("问卷“%(title)s”已保存。") % {"title": survey.title})
                return redirect("outcomes_surveys:contest", self.contest.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=400)


class SurveyAnswersView(OutcomesAdminView):
    template_name = "contests/outcomes/surveys/answers.html"
    page_title = gettext_lazy("问卷答复")
    index_url_name = "outcomes_surveys:index"
    index_label = gettext_lazy("跟踪问卷")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.survey = get_object_or_404(_surveys(), pk=kwargs["survey_id"])

    def get_page_subtitle(self):
        return self.survey.title

    def get_context_data(self, **kwargs):
        rate = next(r for r in service.response_rates(self.survey.contest) if r.survey.pk == self.survey.pk)
        return super().get_context_data(
            survey=self.survey,
            rate=rate,
            kinds=service.kind_labels(),
            rows=service.answer_rows(self.survey),
            edit_url=reverse("outcomes_surveys:edit", args=[self.survey.pk]),
            **kwargs,
        )


class SurveyViewSet(ViewSet):
    name = "outcomes_surveys"
    url_prefix = "outcomes/surveys"
    icon = "form"
    menu_label = gettext_lazy("跟踪问卷")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", SurveyIndexView.as_view(), name="index"),
            path("<int:contest_id>/", SurveyIndexView.as_view(), name="contest"),
            path("<int:contest_id>/new/", SurveyEditView.as_view(), name="create"),
            path("survey/<int:survey_id>/", SurveyAnswersView.as_view(), name="answers"),
            path("survey/<int:survey_id>/edit/", SurveyEditView.as_view(), name="edit"),
        ]
