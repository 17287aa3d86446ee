"""The organiser's two session-wide actions, each behind a confirmation page: the draw by lot and
publishing the results announced on screen (the round's ordinary publication)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.live.forms import ConfirmForm, DrawForm
from contests.models import LiveSlot
from contests.services import ContestError
from contests.services.live.access import session_for_organiser
from contests.services.live.announce import announce_problems, publish_announced
from contests.services.live.draw import draw_order


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
