"""赛题: make one from a need, edit it, accept the results."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.services import ContestError
from contests.services.challenges import (
    CHALLENGE_FIELDS,
    OPEN_PHASES,
    accept_results,
    available_needs,
    create_challenge,
    open_tracks,
    update_challenge,
)
from contests.services.offers import MAX_FILE_BYTES
from contests.services.unit_workspace import units_of
from contests.services.upload_checks import MiB
from contests.units.base import challenge_for, unit_member_required
from contests.units.forms import ChallengeForm, NewChallengeForm


@unit_member_required
@require_http_methods(["GET", "POST"])
def challenge_new(request):
    kwargs = {"units": units_of(request.user), "needs": available_needs(request.unit_ids), "tracks": open_tracks()}
    if request.method == "POST":
        form = NewChallengeForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                challenge = create_challenge(data["unit"], data["need"], data["track"], data, request.user)
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("已创建赛题“%(title)s”，来源需求已标为“已出题”。") % {"title": challenge.title}
                )
                return redirect("contests:units:challenge", pk=challenge.pk)
    else:
        need_id = request.GET.get("need", "")
        initial = {"need": int(need_id)} if need_id.isdigit() else {}
        form = NewChallengeForm(initial=initial, **kwargs)
    return render(request, "contests/units/challenge_new.html", {"form": form})


def _offers(challenge):
    from contests.models import DataAgreement, OfferedFile

    return list(
        challenge.offers.select_related("resource")
        .annotate(request_count=Count("requests"))
        .prefetch_related(
            Prefetch("agreements", queryset=DataAgreement.objects.order_by("-version")),
            Prefetch(
                "files", queryset=OfferedFile.objects.filter(removed_at__isnull=True).order_by("original_name", "pk")
            ),
        )
        .order_by("pk")
    )


def _results_state(challenge, now):
    final_at = challenge.track.contest.results_final_at()
    return {"results_final": final_at is not None and final_at <= now, "results_final_at": final_at}


@unit_member_required
@require_http_methods(["GET", "POST"])
def challenge_detail(request, pk):
    challenge = challenge_for(request, pk)
    now = timezone.now()
    editable = challenge.track.contest.phase(now) in OPEN_PHASES
    current = None
    if request.method == "POST" and editable:
        form = ChallengeForm(request.POST)
        if form.is_valid():
            try:
                update_challenge(challenge, form.cleaned_data, request.user, form.cleaned_data["version"])
            except ContestError as error:
                form.add_error(None, error.message)
                if error.code == "stale":
                    # Show what is saved now; the next save is a deliberate overwrite of it.
                    challenge.refresh_from_db()
                    current = {name: getattr(challenge, name) for name in CHALLENGE_FIELDS}
                    form.data = form.data.copy()
                    form.data["version"] = challenge.version
            else:
                messages.success(request, _("赛题已保存。"))
                return redirect("contests:units:challenge", pk=challenge.pk)
    else:
        form = ChallengeForm(challenge=challenge)
    context = {
        "challenge": challenge,
        "form": form,
        "editable": editable,
        "current": current,
        "offers": _offers(challenge),
        "max_upload_mb": MAX_FILE_BYTES // MiB,
        **_results_state(challenge, now),
    }
    return render(request, "contests/units/challenge_detail.html", context)


@unit_member_required
@require_http_methods(["GET", "POST"])
def challenge_accept(request, pk):
    challenge = challenge_for(request, pk)
    if request.method == "POST":
        try:
            accept_results(challenge, request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已确认本赛题的结果。"))
        return redirect("contests:units:challenge", pk=challenge.pk)
    context = {"challenge": challenge, **_results_state(challenge, timezone.now())}
    return render(request, "contests/units/challenge_accept.html", context)
