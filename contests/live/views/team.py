"""The team on stage, from its leader's phone: confirm the score with the host's code, or appeal
within the window. The room's chair decides the appeal (confirmation page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.live.forms import AppealForm, CodeSignOffForm, DecisionForm
from contests.models import LiveAppeal, SignOffMethod
from contests.services import ContestError
from contests.services.live.access import appeal_for_chair, room_by_slugs, slot_for_team
from contests.services.live.signoff import appeal_open, decide_live_appeal, file_live_appeal, sign_off


def _signoff_page(slot):
    room = slot.room
    return redirect("contests:live:team_signoff", session_slug=room.session.slug, room_slug=room.slug, slot_id=slot.pk)


@require_http_methods(["GET", "POST"])
@login_required
def team_signoff(request, session_slug, room_slug, slot_id):
    room = room_by_slugs(session_slug, room_slug)
    slot = slot_for_team(request.user, room, slot_id)
    form = CodeSignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_off(slot, actor=request.user, method=SignOffMethod.TEAM_CODE, code=form.cleaned_data["code"])
        except ContestError as error:
            form.add_error("code" if error.code == "bad_code" else None, str(error))
        else:
            messages.success(request, _("已确认本队得分。"))
            return _signoff_page(slot)
    return render(
        request,
        "contests/live/team_signoff.html",
        {
            "room": room,
            "session": room.session,
            "slot": slot,
            "form": form,
            "appeal": LiveAppeal.objects.filter(slot=slot).first(),
            "appeal_open": appeal_open(slot),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def appeal(request, session_slug, room_slug, slot_id):
    room = room_by_slugs(session_slug, room_slug)
    slot = slot_for_team(request.user, room, slot_id)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            file_live_appeal(slot, actor=request.user, reason=form.cleaned_data["reason"])
        except ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("申诉已提交，评委组组长将在结果公布前裁决。"))
            return _signoff_page(slot)
    return render(
        request,
        "contests/live/appeal.html",
        {"room": room, "session": room.session, "slot": slot, "form": form, "appeal_open": appeal_open(slot)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def decide(request, session_slug, room_slug, appeal_id):
    room = room_by_slugs(session_slug, room_slug)
    appeal = appeal_for_chair(request.user, room, appeal_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_live_appeal(
                appeal, actor=request.user, upheld=form.cleaned_data["outcome"] == "upheld",
                decision=form.cleaned_data["decision"],
            )  # fmt: skip
        except ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已记录裁决。"))
            return redirect("contests:live:session", session_slug=session_slug)
    return render(
        request, "contests/live/decide.html", {"room": room, "session": room.session, "appeal": appeal, "form": form}
    )
