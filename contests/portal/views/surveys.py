"""The team's tracking survey for a winning entry (/portal/entries/<uuid>/surveys/<id>/): the form
while the survey is open, the team's answers (read-only) once submitted, a clear message before it
opens or after it closes. Only the entry's team sees it, and only for a winning entry (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.portal.forms.surveys import SurveyForm
from contests.portal.views.entries import visible_entry
from contests.rules import is_entry_team_member
from contests.services import ContestError
from contests.services.adoption import surveys as service
from contests.services.submission import format_beijing_time


def _entry_and_survey(request, uuid, survey_id):
    entry = visible_entry(request, uuid)
    if not is_entry_team_member(request.user, entry):
        raise Http404
    survey = get_object_or_404(service.surveys_for_entry(entry).select_related("contest"), pk=survey_id)
    return entry, survey


def _render(request, entry, survey, form=None, status=200):
    from contests.models import SurveyResponse

    response = SurveyResponse.objects.filter(survey=survey, entry=entry).select_related("submitted_by").first()
    window = service.survey_window(survey)
    problem = "" if response else service.answer_problem(survey, entry, user=request.user)
    answers = (
        [(q, service.display_answer(q, response.answers.get(q["key"]))) for q in survey.questions] if response else []
    )
    context = {
        "entry": entry,
        "team": entry.team,
        "survey": survey,
        "response": response,
        "answers": answers,
        "submitted_at": response and format_beijing_time(response.submitted_at),
        "opens": window and format_beijing_time(window.opens_at),
        "closes": window and format_beijing_time(window.closes_at),
        "problem": problem,
        "form": None if response or problem else (form or SurveyForm(survey=survey)),
    }
    return render(request, "contests/portal/survey.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_survey(request, uuid, survey_id):
    entry, survey = _entry_and_survey(request, uuid, survey_id)
    if request.method != "POST":
        return _render(request, entry, survey)
    form = SurveyForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            service.submit_response(survey, entry, user=request.user, values=form.values(), now=timezone.now())
        except ContestError as error:
            if getattr(error, "errors", None):
                form.add_answer_errors(error.errors)
            else:
                messages.error(request, error.message)
                return redirect("contests:entry_survey", uuid=entry.uuid, survey_id=survey.pk)
        else:
            messages.success(request, _("问卷已提交，感谢你们的反馈。"))
            return redirect("contests:entry_survey", uuid=entry.uuid, survey_id=survey.pk)
    return _render(request, entry, survey, form, status=400)
