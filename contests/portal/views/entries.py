"""Entry pages under /portal/entries/: create, view and edit drafts (submitting, withdrawing and
receipts are in ``submission``). Thin: find the entry among those the user may see (404
otherwise — nobody learns that someone else's entry exists), name the predicate, call the service
and show its message. Deadlines and draft status are enforced by the services, on every write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.choices import EntryStatus, FileKind
from contests.portal.forms.entries import EntryForm, UploadForm
from contests.rules import can_edit_entry, can_view_entry, is_team_member, remember_role
from contests.services import ContestError
from contests.services.adoption.milestones import is_adoption_entry
from contests.services.entries import StaleDraft, content_of, create_entry, require_team_can_write, save_draft
from contests.services.entry_forms import display_value, fields_for, is_shown
from contests.services.entry_materials import pending_materials
from contests.services.outcomes.finalists import confirmations_for_entry as finalist_confirmations_for_entry
from contests.services.self_identification import entry_findings
from contests.services.submission import format_beijing_time, missing_requirements
from contests.services.teams import PLAYING_ROLES
from contests.services.uploads import allowed_extensions, describe_allowed
from contests.services.visibility import entries_visible_to, teams_visible_to


def visible_entry(request, uuid, *, for_detail=False):
    """The entry if the user may see it, else 404 (never 403: existence is not disclosed)."""
    from contests.models import EntryFile, TeamMembership

    # The user's role in the team comes with the entry: may-view and may-edit then read no more.
    queryset = entries_visible_to(request.user).select_related("contest", "team", "track", "challenge__unit")
    if request.user.is_authenticated:
        role = TeamMembership.objects.filter(team=OuterRef("team_id"), user=request.user).values("role")[:1]
        queryset = queryset.annotate(viewer_role=role)
    if for_detail:
        queryset = queryset.prefetch_related(
            "data_resources",
            Prefetch(
                "files", queryset=EntryFile.objects.select_related("uploaded_by").order_by("kind", "uploaded_at", "pk")
            ),
            "revisions",
        )
    entry = get_object_or_404(queryset, uuid=uuid)
    if request.user.is_authenticated:
        remember_role(entry.team, request.user, entry.viewer_role)
    if not can_view_entry(request.user, entry):
        raise Http404
    return entry


def editable_entry(request, uuid):
    """The entry if the user may write to it; organisers and advisers may only read (403)."""
    entry = visible_entry(request, uuid)
    if not can_edit_entry(request.user, entry):
        raise PermissionDenied
    return entry


def _team_for_new_entry(request, team_pk):
    team = get_object_or_404(teams_visible_to(request.user).select_related("contest"), pk=team_pk)
    if not is_team_member(request.user, team):
        raise Http404
    if not team.memberships.filter(user=request.user, role__in=PLAYING_ROLES).exists():
        raise PermissionDenied
    return team


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request, team_pk):
    team = _team_for_new_entry(request, team_pk)
    contest = team.contest
    form = EntryForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            entry = create_entry(team, request.user, form.content())
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("作品草稿已创建。请继续完善内容并上传方案书。"))
            return redirect("contests:entry_detail", uuid=entry.uuid)
    return render(
        request,
        "contests/portal/entry_form.html",
        {
            "form": form,
            "team": team,
            "contest": contest,
            "is_open": contest.submission_is_open(),
            "deadline": format_beijing_time(contest.submission_deadline),
        },
    )


@login_required
def entry_detail(request, uuid):
    entry = visible_entry(request, uuid, for_detail=True)
    contest = entry.contest
    may_edit = can_edit_entry(request.user, entry)
    now = timezone.now()
    is_open = contest.submission_is_open(now)
    files = list(entry.files.all())
    context = {
        "entry": entry,
        "contest": contest,
        "team": entry.team,
        "may_edit": may_edit,
        "is_open": is_open,
        "can_write_draft": may_edit and is_open and entry.status == EntryStatus.DRAFT,
        "can_withdraw": may_edit and is_open and entry.status == EntryStatus.SUBMITTED,
        "deadline": format_beijing_time(contest.submission_deadline),
        "data_resources": entry.data_resources.all(),
        "files_by_kind": [
            (
                kind,
                label,
                [f for f in files if f.kind == kind and f.removed_at is None and not f.field_key],
                UploadForm(kind=kind),
            )
            for kind, label in FileKind.choices
        ],
        "revisions": sorted(entry.revisions.all(), key=lambda r: r.number, reverse=True),
        # Finalist confirmations (晋级确认), overdue ones lapsed first.
        "finalist_confirmations": finalist_confirmations_for_entry(entry, now),
        "may_answer_finalist": entry.viewer_role in PLAYING_ROLES,
        # The configured questions (补充信息) and, once advanced, the later rounds' materials.
        "answers": _answers(entry, files),
        "materials": pending_materials(entry, now) if may_edit else [],
        "field_upload_accept": ",".join(f".{ext}" for ext in allowed_extensions(FileKind.ATTACHMENT)),
        "field_upload_allowed": describe_allowed(FileKind.ATTACHMENT),
        # A final winner or promoted entry: its team logs adoption milestones (落地).
        "adoption_eligible": entry.status == EntryStatus.AWARDED
        and is_team_member(request.user, entry.team)
        and is_adoption_entry(entry),
    }
    if context["can_write_draft"]:
        context["missing"] = missing_requirements(entry)
        # Before submitting, the team is shown where its own identity appears in its files.
        context["findings"] = entry_findings(entry)
    return render(request, "contests/portal/entry_detail.html", context)


def _answers(entry, files):
    """(question, shown value, its files) for the questions asked at submission."""
    answers = entry.extra or {}
    rows = []
    for field in fields_for(entry):
        if field.round_id or not is_shown(field, answers):
            continue
        own = [f for f in files if f.field_key == field.key and f.removed_at is None]
        rows.append((field, display_value(answers.get(field.key)), own))
    return rows


def _initial(content, version):
    return {**content, "version": version}


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, uuid):
    from contests.models import Track

    entry = editable_entry(request, uuid)
    try:
        require_team_can_write(entry)
    except ContestError as error:
        messages.error(request, error.message)
        return redirect("contests:entry_detail", uuid=entry.uuid)
    # The saved content is the form's start only when it is shown; a save is bound to what was sent.
    form = EntryForm(
        request.POST or None,
        contest=entry.contest,
        track=entry.track,
        versioned=True,
        entry=entry,
        initial=None if request.POST else _initial(content_of(entry), entry.version),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save_draft(entry, request.user, form.content(), base_version=form.cleaned_data["version"])
        except StaleDraft as stale:
            conflict = stale.conflict
            messages.error(request, stale.message)
            # Show the merged text and start from the current version: saving again is a decision
            # taken with the differences in view, never a silent overwrite.
            form = EntryForm(
                initial=_initial(conflict.merged, conflict.current_version),
                contest=entry.contest,
                track=entry.track,
                versioned=True,
                entry=entry,
            )
            _describe_conflict(conflict, Track)
        except ContestError as error:
            messages.error(request, error.message)
            if error.code in ("deadline", "not_draft"):
                return redirect("contests:entry_detail", uuid=entry.uuid)
        else:
            messages.success(request, _("已保存。"))
            return redirect("contests:entry_detail", uuid=entry.uuid)
    return render(
        request,
        "contests/portal/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "team": entry.team,
            "contest": entry.contest,
            "is_open": True,
            "deadline": format_beijing_time(entry.contest.submission_deadline),
            "conflict": conflict,
        },
    )


def _describe_conflict(conflict, track_model):
    """Turn ids in the comparison into names, for the template."""
    from contests.models import Challenge
    from scenes.models import DataResource

    track_ids, resource_ids, challenge_ids = set(), set(), set()
    for change in conflict.changes:
        if change.name == "track":
            track_ids |= {change.base, change.current, change.yours}
        elif change.name == "challenge":
            challenge_ids |= {v for v in (change.base, change.current, change.yours) if v}
        elif change.name == "data_resources":
            resource_ids |= set(change.base) | set(change.current) | set(change.yours)
    tracks = dict(track_model.objects.filter(pk__in=track_ids).values_list("pk", "name"))
    resources = {r.pk: str(r) for r in DataResource.objects.filter(pk__in=resource_ids)}
    challenges = dict(Challenge.objects.filter(pk__in=challenge_ids).values_list("pk", "title"))
    for change in conflict.changes:
        if change.name == "track":
            change.base, change.current, change.yours = (
                tracks.get(v, "") for v in (change.base, change.current, change.yours)
            )
        elif change.name == "challenge":
            change.base, change.current, change.yours = (
                challenges.get(v, "") for v in (change.base, change.current, change.yours)
            )
        elif change.name == "data_resources":
            change.base, change.current, change.yours = (
                "、".join(resources[pk] for pk in ids if pk in resources) or "—"
                for ids in (change.base, change.current, change.yours)
            )
        elif change.name.startswith("extra:"):
            change.base, change.current, change.yours = (
                display_value(v) for v in (change.base, change.current, change.yours)
            )
