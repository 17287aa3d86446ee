"""The judge's tablet page: the team on stage only, blind (its code and title, never the team), the
rubric with large touch targets, and the submission. The page's script (live_judge.js) keeps a
pending score on the device with its key until the server answers 200; without the script the
form posts the same way and the page comes back with a message."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contests.models import LiveSlot, Score, SlotState
from contests.services.judging.blind import scrub_identity
from contests.services.judging.judges import blind_code
from contests.services.judging.scoring import ScoreRefused, criteria_of, score_values
from contests.services.live.access import judge_of, room_for_judge
from contests.services.live.scoring import submit_live_score
from contests.services.self_identification import team_needles

ON_STAGE = (SlotState.PITCHING, SlotState.QUESTIONS, SlotState.SCORING)


@require_GET
@login_required
def judge_page(request, session_slug, room_slug):
    room = room_for_judge(request.user, session_slug, room_slug)
    judge = judge_of(request.user, room)
    slot = LiveSlot.objects.select_related("entry__team").filter(pk=room.current_slot_id, state__in=ON_STAGE).first()
    criteria = criteria_of(room.session.round)
    submitted, absent = None, False
    if slot is not None:
        score = Score.objects.filter(
            assignment__round=room.session.round, assignment__entry=slot.entry_id, assignment__judge=judge
        ).first()
        if score is not None and score.is_submitted:
            given = score_values(score)
            submitted = [(c, given.get(c.pk)) for c in criteria]
        absent = slot.absent_judges.filter(pk=judge.pk).exists()
    return render(
        request,
        "contests/live/judge.html",
        {
            "room": room,
            "session": room.session,
            "judge": judge,
            "slot": slot,
            "code": blind_code(slot.entry) if slot else "",
            # The title as the blind judging shows it: a team's name or people in it are hidden.
            "title": scrub_identity(slot.entry.title, team_needles(slot.entry.team)) if slot else "",
            "criteria": criteria,
            "submitted": submitted,
            "absent": absent,
            "key": uuid.uuid4().hex,
        },
    )


def _payload(request):
    """(slot_id, key, values, comment) from a JSON body (the script) or a form post (no script)."""
    if request.content_type == "application/json":
        data = json.loads(request.body or b"{}")
        raw = data.get("values") or {}
        values = {int(k): v for k, v in raw.items() if str(k).isdigit()}
        return int(data.get("slot")), str(data.get("key", "")), values, str(data.get("comment", ""))
    values = {
        int(name.removeprefix("criterion_")): value
        for name, value in request.POST.items()
        if name.startswith("criterion_") and name.removeprefix("criterion_").isdigit()
    }
    return int(request.POST.get("slot", "")), request.POST.get("key", ""), values, request.POST.get("comment", "")


@require_POST
@login_required
def judge_submit(request, session_slug, room_slug):
    room = room_for_judge(request.user, session_slug, room_slug)
    judge = judge_of(request.user, room)
    as_json = request.content_type == "application/json"
    try:
        slot_id, key, values, comment = _payload(request)
    except (ValueError, TypeError, AttributeError):
        if as_json:
            return JsonResponse({"ok": False, "error": _("提交内容不完整，请刷新页面后重试。")}, status=400)
        messages.error(request, _("提交内容不完整，请刷新页面后重试。"))
        return redirect("contests:live:judge", session_slug=session_slug, room_slug=room_slug)
    try:
        receipt, replayed = submit_live_score(room, judge, slot_id=slot_id, key=key, values=values, comment=comment)
    except ScoreRefused as refused:
        if as_json:
            errors = {str(k): str(v) for k, v in refused.errors.items()}
            return JsonResponse(
                {"ok": False, "error": str(refused), "code": refused.code, "errors": errors}, status=409
            )
        messages.error(request, str(refused))
        for problem in refused.errors.values():
            messages.error(request, problem)
        return redirect("contests:live:judge", session_slug=session_slug, room_slug=room_slug)
    if as_json:
        return JsonResponse({"ok": True, "replayed": replayed, "key": receipt.key, "slot": receipt.slot_id})
    messages.success(request, _("已提交"))
    return redirect("contests:live:judge", session_slug=session_slug, room_slug=room_slug)
