"""A division's first rounds in the division workspace (/division/<contest>/<division>/rounds/…):
the divisional rounds, assigning the division's judges, computing its results, its leaderboard and
advancing within its quota. Every page resolves the division with ``division_for_manager`` (404
for anyone who does not manage it) and only ever reads that division's rows; the work is done by
the services (``assign_judges(division=…)``, ``compute_division_results``,
``services.division_rounds.advancement``)."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests import models
from contests.services import ContestError
from contests.services.division_rounds.advancement import (
    confirm_division_advancement,
    preview_division_advancement,
)
from contests.services.division_rounds.dashboard import division_scoring_progress
from contests.services.division_rounds.export import division_results_rows
from contests.services.divisions import division_for_manager, entries_in_division, judges_in_division
from contests.services.judging.assignment import assign_judges, entries_for_round
from contests.services.judging.judges import blind_code
from contests.services.judging.results import compute_division_results
from contests.services.outcomes.advancement import default_next_round


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy("我已核对上述内容，确认执行"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )


def _division(request, contest_slug, division_slug):
    return division_for_manager(request.user, contest_slug, division_slug)


def _round(division, round_id):
    round_ = (
        models.Round.objects.select_related("contest")
        .filter(pk=round_id, contest_id=division.contest_id, divisional=True)
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def _url(name, division, round_=None):
    kwargs = {"contest_slug": division.contest.slug, "division_slug": division.slug}
    if round_ is not None:
        kwargs["round_id"] = round_.pk
    return reverse(f"contests:divisions:{name}", kwargs=kwargs)


def _context(division, round_=None, **extra):
    return {"division": division, "contest": division.contest, "round": round_, **extra}


@login_required
@require_GET
def rounds(request, contest_slug, division_slug):
    division = _division(request, contest_slug, division_slug)
    round_list = list(models.Round.objects.filter(contest_id=division.contest_id, divisional=True).order_by("number"))
    ids = [r.pk for r in round_list]
    progress = {
        row["round"]: row
        for row in models.Assignment.objects.filter(
            round_id__in=ids, state=models.AssignmentState.ACTIVE, entry__team__division=division
        )
        .order_by()
        .values("round")
        .annotate(n=Count("pk"), scored=Count("pk", filter=Q(score__status=models.ScoreStatus.SUBMITTED)))
    }
    results = dict(
        models.RoundResult.objects.filter(round_id__in=ids, division=division)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values_list("round", "n")
    )
    decided = {d.round_id: d for d in models.DivisionAdvancement.objects.filter(round_id__in=ids, division=division)}
    for round_ in round_list:
        # Round has reverse relations named "results" and "advancement": other names here.
        round_.assigned_count = progress.get(round_.pk, {}).get("n", 0)
        round_.scored_count = progress.get(round_.pk, {}).get("scored", 0)
        round_.result_count = results.get(round_.pk, 0)
        round_.division_decision = decided.get(round_.pk)
    return render(
        request,
        "contests/divisions/rounds/rounds.html",
        _context(
            division,
            rounds=round_list,
            entries=entries_in_division(division).count(),
            judges=judges_in_division(division).filter(status=models.JudgeStatus.ACTIVE).count(),
        ),
    )


def _confirm_page(request, division, round_, *, template, act, done, extra):
    """GET: what will happen; POST with the box ticked: ``act()`` (ContestError → the page again)."""
    form = ConfirmForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            for line in act():
                messages.success(request, line)
            return redirect(done)
        except ContestError as exc:
            error = str(exc.message)
    status = 200 if request.method == "GET" else 400
    return render(request, template, _context(division, round_, form=form, error=error, **extra), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def round_assign(request, contest_slug, division_slug, round_id):
    division = _division(request, contest_slug, division_slug)
    round_ = _round(division, round_id)
    entries = entries_for_round(round_).filter(team__division=division).count()
    judges = judges_in_division(division).filter(status=models.JudgeStatus.ACTIVE).count()

    def act():
        return assign_judges(round_, division=division, actor=request.user).lines()

    return _confirm_page(
        request, division, round_, template="contests/divisions/rounds/assign.html", act=act,
        done=_url("rounds", division), extra={"entries": entries, "judges": judges},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def round_compute(request, contest_slug, division_slug, round_id):
    division = _division(request, contest_slug, division_slug)
    round_ = _round(division, round_id)
    if models.DivisionAdvancement.objects.filter(round=round_, division=division).exists():
        messages.error(request, _("本分赛区本轮的晋级已经确定，不能再重新计算成绩。"))
        return redirect(_url("round_results", division, round_))

    def act():
        return compute_division_results(round_, division, actor=request.user).lines()

    return _confirm_page(
        request, division, round_, template="contests/divisions/rounds/compute.html", act=act,
        done=_url("round_results", division, round_), extra={"progress": division_scoring_progress(round_, division)},
    )  # fmt: skip


def leaderboard(round_, division):
    """The division's results of the round, grouped by track, best first."""
    results = list(
        models.RoundResult.objects.filter(round=round_, division=division)
        .select_related("entry__team", "track")
        .order_by("track__sort_order", "track_id", "rank", "entry_id")
    )
    tracks = {}
    for result in results:
        result.code = blind_code(result.entry)
        tracks.setdefault(result.track_id, {"track": result.track, "rows": []})["rows"].append(result)
    for track in tracks.values():
        track["rows"].sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry_id))
    return list(tracks.values()), max((r.computed_at for r in results), default=None)


def _csv(division, round_, tracks, decision):
    header, rows = division_results_rows(tracks, set(decision.advanced_entry_ids) if decision else None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"division-{division.slug}-round-{round_.number}-results.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
@require_GET
def round_results(request, contest_slug, division_slug, round_id):
    division = _division(request, contest_slug, division_slug)
    round_ = _round(division, round_id)
    tracks, computed_at = leaderboard(round_, division)
    decision = models.DivisionAdvancement.objects.filter(round=round_, division=division).first()
    if request.GET.get("format") == "csv":
        return _csv(division, round_, tracks, decision)
    return render(
        request,
        "contests/divisions/rounds/results.html",
        _context(division, round_, tracks=tracks, computed_at=computed_at, decision=decision),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_advance(request, contest_slug, division_slug, round_id):
    division = _division(request, contest_slug, division_slug)
    round_ = _round(division, round_id)
    decision = models.DivisionAdvancement.objects.filter(round=round_, division=division).first()
    if decision is not None:
        messages.info(request, _("本分赛区本轮的晋级已经确定。"))
        return redirect(_url("round_results", division, round_))
    preview = preview_division_advancement(round_, division)
    next_round = default_next_round(round_)
    if next_round is None:
        raise Http404

    def act():
        shown = [int(pk) for pk in request.POST.getlist("entry") if pk.isdigit()]
        done = confirm_division_advancement(round_, division, actor=request.user, entry_ids=shown)
        return [
            _("已确定 %(n)d 件作品晋级“%(round)s”。")
            % {"n": len(done.advanced_entry_ids), "round": next_round.get_kind_display()}
        ]

    return _confirm_page(
        request, division, round_, template="contests/divisions/rounds/advance.html", act=act,
        done=_url("round_results", division, round_),
        extra={"preview": preview, "next_round": next_round, "problems": preview.problems()},
    )  # fmt: skip
