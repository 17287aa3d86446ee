"""The room host's console: the team on stage, its timer, the judges' status and the next step.
Closing scoring, marking a judge absent and recording a sign-off ask for confirmation first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contests.live.forms import ConfirmForm, HostSignOffForm, VideoForm
from contests.models import LiveAppeal, LiveSlot, SignOffMethod, SlotState
from contests.rules import can_decide_live_appeal, is_organiser
from contests.services import ContestError
from contests.services.live import stage
from contests.services.live.access import room_for_host, rooms_hosted_by, slot_for_host
from contests.services.live.figures import panel_of, slot_figures
from contests.services.live.signoff import sign_off

STEPS = {"pitch": stage.start_pitch, "questions": stage.start_questions, "scoring": stage.open_scoring}


def _console(room):
    return redirect("contests:live:console", session_slug=room.session.slug, room_slug=room.slug)


@require_GET
@login_required
def home(request):
    context = {"rooms": rooms_hosted_by(request.user), "is_organiser": is_organiser(request.user)}
    return render(request, "contests/live/home.html", context)


@require_GET
@login_required
def console(request, session_slug, room_slug):
    room = room_for_host(request.user, session_slug, room_slug)
    panel = panel_of(room)
    slots = list(
        LiveSlot.objects.filter(room=room).select_related("entry__team", "signoff", "appeal").order_by("order", "id")
    )
    current = next((slot for slot in slots if slot.pk == room.current_slot_id), None)
    figures = missing = None
    if current is not None:
        current.room = room
        absent = set(current.absent_judges.values_list("pk", flat=True))
        figures = slot_figures(current, panel, absent)
        for row, judge in zip(figures["judges"], panel, strict=True):
            row["name"] = judge.name
            row["judge_id"] = judge.pk
        missing = stage.missing_judges(current, panel) if current.state == SlotState.SCORING else []
    return render(
        request,
        "contests/live/console.html",
        {
            "room": room,
            "session": room.session,
            "slots": slots,
            "current": current,
            "figures": figures,
            "missing": missing,
            "next_slot": stage.next_slot(room),
            "can_decide": can_decide_live_appeal(request.user, room),
            "video_form": VideoForm(initial={"video_url": current.video_url}) if current else None,
        },
    )


@require_POST
@login_required
def step(request, session_slug, room_slug, action):
    """The reversible steps (start the pitch, the questions, open scoring): one click each."""
    room = room_for_host(request.user, session_slug, room_slug)
    if action not in STEPS:
        raise Http404
    try:
        STEPS[action](room, actor=request.user)
    except ContestError as error:
        messages.error(request, str(error))
    return _console(room)


@require_http_methods(["GET", "POST"])
@login_required
def close(request, session_slug, room_slug):
    room = room_for_host(request.user, session_slug, room_slug)
    current = LiveSlot.objects.select_related("entry").filter(pk=room.current_slot_id).first()
    if current is None:
        raise Http404
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stage.close_scoring(room, actor=request.user)
        except ContestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已截止评分，最终得分已显示在大屏上。"))
        return _console(room)
    missing = stage.missing_judges(current) if current.state == SlotState.SCORING else []
    return render(
        request,
        "contests/live/confirm_close.html",
        {"room": room, "session": room.session, "slot": current, "form": form, "missing": missing},
    )


@require_http_methods(["GET", "POST"])
@login_required
def absent(request, session_slug, room_slug, judge_id):
    room = room_for_host(request.user, session_slug, room_slug)
    judge = room.panel.filter(pk=judge_id).first()
    if judge is None:
        raise Http404
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stage.mark_absent(room, judge, actor=request.user)
        except ContestError as error:
            messages.error(request, str(error))
        return _console(room)
    return render(
        request,
        "contests/live/confirm_absent.html",
        {"room": room, "session": room.session, "judge": judge, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def host_signoff(request, session_slug, room_slug, slot_id):
    """The team's representative confirms the score on the host's device."""
    room = room_for_host(request.user, session_slug, room_slug)
    slot = slot_for_host(request.user, room, slot_id)
    form = HostSignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_off(
                slot, actor=request.user, method=SignOffMethod.HOST_DEVICE,
                representative=form.cleaned_data["representative"],
            )  # fmt: skip
        except ContestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已记录团队确认。"))
        return _console(room)
    appeal = LiveAppeal.objects.filter(slot=slot).first()
    return render(
        request,
        "contests/live/host_signoff.html",
        {"room": room, "session": room.session, "slot": slot, "form": form, "appeal": appeal},
    )


@require_POST
@login_required
def video(request, session_slug, room_slug, slot_id):
    room = room_for_host(request.user, session_slug, room_slug)
    slot = slot_for_host(request.user, room, slot_id)
    form = VideoForm(request.POST)
    if form.is_valid():
        stage.set_video(slot, form.cleaned_data["video_url"], actor=request.user)
        messages.success(request, _("已保存现场视频链接。"))
    else:
        messages.error(request, _("请输入有效的网址。"))
    return _console(room)
