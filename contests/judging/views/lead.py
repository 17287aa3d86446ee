"""The lead judge's workspace (/judging/lead/): their panels' progress, blind (entry codes, not teams),
reminders to late judges, disagreement flags and the consensus score. Only through the lead's own
active appointment; any other appointment, round or entry is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.consensus_step import consensus_form, save_consensus
from contests.judging.lead_forms import FlagForm, RemindForm
from contests.models import ConsensusScore, Entry
from contests.services import ContestError
from contests.services.judging.judges import blind_code
from contests.services.judging.leads import (
    active_leads,
    entry_in_panel,
    flag_disagreement,
    lead_for,
    lead_round,
    panel_of,
    remind_late_judges,
    scope_label,
)


def _panel_or_404(request, lead_id, round_id):
    lead = lead_for(request.user, lead_id)
    if lead is None:
        raise Http404
    round_ = lead_round(lead, round_id)
    if round_ is None:
        raise Http404
    return lead, round_


def _entry_or_404(lead, round_, entry_id):
    if not entry_in_panel(lead, round_, entry_id):
        raise Http404
    return get_object_or_404(Entry, pk=entry_id)


@login_required
def lead_home(request):
    leads = list(active_leads(request.user).prefetch_related("contest__rounds"))
    if not leads:
        return render(request, "contests/judging/lead/not_a_lead.html", status=403)
    rows = [
        {"lead": lead, "scope": scope_label(lead), "rounds": sorted(lead.contest.rounds.all(), key=lambda r: r.number)}
        for lead in leads
    ]
    return render(request, "contests/judging/lead/home.html", {"rows": rows})


@login_required
def lead_panel(request, lead_id, round_id):
    lead, round_ = _panel_or_404(request, lead_id, round_id)
    panel = panel_of(lead, round_)
    return render(
        request,
        "contests/judging/lead/panel.html",
        {"lead": lead, "round": round_, "scope": scope_label(lead), "panel": panel},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_remind(request, lead_id, round_id):
    lead, round_ = _panel_or_404(request, lead_id, round_id)
    form = RemindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = remind_late_judges(lead, round_, actor=request.user)
        messages.success(
            request, _("已发送 %(count)d 封催办邮件（今天已提醒过的评委不再重复发送）。") % {"count": sent}
        )
        return redirect("contests:judging:lead_panel", lead_id=lead.pk, round_id=round_.pk)
    panel = panel_of(lead, round_)
    return render(
        request,
        "contests/judging/lead/remind.html",
        {"lead": lead, "round": round_, "scope": scope_label(lead), "late": panel.late, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_flag(request, lead_id, round_id, entry_id):
    lead, round_ = _panel_or_404(request, lead_id, round_id)
    entry = _entry_or_404(lead, round_, entry_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag_disagreement(lead, round_, entry, actor=request.user, note=form.cleaned_data["note"])
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已向组织者标记该作品的评分分歧。"))
            return redirect("contests:judging:lead_panel", lead_id=lead.pk, round_id=round_.pk)
    return render(
        request,
        "contests/judging/lead/form.html",
        {"lead": lead, "round": round_, "code": blind_code(entry), "form": form,
         "title": _("标记评分分歧"), "submit_label": _("提交给组织者")},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def lead_consensus(request, lead_id, round_id, entry_id):
    lead, round_ = _panel_or_404(request, lead_id, round_id)
    entry = _entry_or_404(lead, round_, entry_id)
    if not round_.consensus_required:
        raise Http404
    existing = ConsensusScore.objects.filter(round=round_, entry=entry).first()
    form = consensus_form(request, existing)
    if request.method == "POST" and form.is_valid() and save_consensus(request, round_, entry, form):
        return redirect("contests:judging:lead_panel", lead_id=lead.pk, round_id=round_.pk)
    return render(
        request,
        "contests/judging/lead/form.html",
        {"lead": lead, "round": round_, "code": blind_code(entry), "form": form, "existing": existing,
         "title": _("记录合议得分"), "submit_label": _("保存合议得分")},
    )  # fmt: skip
