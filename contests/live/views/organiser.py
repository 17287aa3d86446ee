"""The organiser's pages: setting up a session and its rooms, showing it to the public, and the two
session-wide actions behind a confirmation page — the draw by lot and publishing the results
announced on screen (the round's ordinary publication)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contests.live.forms import ConfirmForm, DrawForm, RoomForm, SessionForm
from contests.models import LiveSession, LiveSlot, Round
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.live.access import session_for_organiser
from contests.services.live.announce import announce_problems, publish_announced
from contests.services.live.draw import draw_order
from contests.services.live.setup import add_entries, add_room, create_session, room_candidates, set_public


@require_http_methods(["GET", "POST"])
@login_required
def draw(request, session_slug):
    session = session_for_organiser(request.user, session_slug)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw_order(session, actor=request.user, seed=form.cleaned_data["seed"] or None)
        except ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("抽签完成，出场顺序与种子已公开。"))
            return redirect("contests:live:session", session_slug=session.slug)
    slots = LiveSlot.objects.filter(room__session=session).select_related("room", "entry").order_by("room", "entry")
    return render(request, "contests/live/draw.html", {"session": session, "form": form, "slots": slots})


@require_http_methods(["GET", "POST"])
@login_required
def publish(request, session_slug):
    session = session_for_organiser(request.user, session_slug)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publish_announced(session, actor=request.user)
        except ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已公布本轮结果，公示期开始。"))
            return redirect("contests:live:session", session_slug=session.slug)
    return render(
        request,
        "contests/live/publish.html",
        {"session": session, "form": form, "problems": announce_problems(session)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def setup(request):
    if not is_organiser(request.user):
        raise Http404
    rounds = Round.objects.select_related("contest").order_by("-contest__year", "-number")
    taken = set(LiveSession.objects.values_list("slug", flat=True))
    form = SessionForm(request.POST or None, rounds=rounds, taken=taken)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        session = create_session(data.pop("round"), actor=request.user, **data)
        messages.success(request, _("已创建路演场次，请添加会场。"))
        return redirect("contests:live:room_new", session_slug=session.slug)
    return render(request, "contests/live/setup.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def room_new(request, session_slug):
    session = session_for_organiser(request.user, session_slug)
    judges, entries = room_candidates(session)
    taken = set(session.rooms.values_list("slug", flat=True))
    form = RoomForm(
        request.POST or None, judges=judges, entries=entries, taken=taken, users=get_user_model().objects.all()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            room = add_room(
                session, name=data["name"], slug=data["slug"], actor=request.user, panel=data["panel"],
                chair=data["chair"], hosts=data["hosts"], sort_order=len(taken),
            )  # fmt: skip
            add_entries(room, data["entries"], actor=request.user)
        except ContestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已添加会场。"))
            return redirect("contests:live:session", session_slug=session.slug)
    return render(request, "contests/live/room_new.html", {"session": session, "form": form})


@require_POST
@login_required
def publicity(request, session_slug):
    session = session_for_organiser(request.user, session_slug)
    set_public(session, public=request.POST.get("public") == "1", actor=request.user)
    return redirect("contests:live:session", session_slug=session.slug)
