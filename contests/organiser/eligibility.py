"""Eligibility review (形式审查) in the Wagtail admin, for organisers: its menu item, URLs and pages.

A "形式审查" menu item leads to the list of submitted and reviewed entries (filter by contest,
track and status) where organisers tick entries and mark them eligible or ineligible in one go —
the bulk action — and to a page per entry with its files, revisions and the decision form.
Both call ``contests.services.eligibility``.

Wagtail wraps these in its admin-access check; they also require the organiser predicate. The
list selects and prefetches everything it shows, so its query count does not grow with entries.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from contests.choices import EntryStatus
from contests.organiser.base import OrganiserMenuItem, require_organiser
from contests.organiser.forms import EligibilityForm
from contests.services.eligibility import REVIEWABLE, review_entries
from contests.services.entry_forms import answers_snapshot
from contests.services.self_identification import entry_findings
from contests.services.submission import format_beijing_time

PER_PAGE = 50


def _reviewable_entries():
    from contests.models import Entry

    return (
        Entry.objects.filter(status__in=REVIEWABLE)
        .select_related("contest", "team", "track", "eligibility_reviewed_by")
        .annotate(file_count=Count("files", filter=Q(files__removed_at__isnull=True)))
        .order_by("contest", "track__sort_order", "track", "submitted_at", "pk")
    )


def _decide(request, entries, form):
    data = form.cleaned_data
    reviewed, refused = review_entries(
        entries,
        request.user,
        eligible=data["decision"] == "eligible",
        reason=data.get("reason") or "",
        note=data.get("note") or "",
    )
    if reviewed:
        messages.success(request, _("已记录 %(count)d 件作品的审查结论，并通知相关团队。") % {"count": len(reviewed)})
    for problem in refused:
        messages.error(request, problem)


@require_http_methods(["GET", "POST"])
def review_list(request):
    from contests.models import Contest, Track

    require_organiser(request.user)
    entries = _reviewable_entries()
    contests = list(Contest.objects.order_by("-year", "name"))
    selected = {key: request.GET.get(key, "") for key in ("contest", "track", "status")}
    if selected["contest"].isdigit():
        entries = entries.filter(contest_id=selected["contest"])
    if selected["track"].isdigit():
        entries = entries.filter(track_id=selected["track"])
    if selected["status"] in REVIEWABLE:
        entries = entries.filter(status=selected["status"])
    form = EligibilityForm(request.POST or None)
    if request.method == "POST":
        chosen = list(entries.filter(pk__in=request.POST.getlist("entries")))
        if not chosen:
            messages.error(request, _("请先勾选要审查的作品。"))
        elif form.is_valid():
            _decide(request, chosen, form)
            return redirect(request.get_full_path())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "contests/admin/eligibility_list.html",
        {
            "page_obj": page,
            "entries": page.object_list,
            "form": form,
            "contests": contests,
            "tracks": Track.objects.filter(contest_id=selected["contest"]) if selected["contest"].isdigit() else [],
            "selected": selected,
            "statuses": [(s, EntryStatus(s).label) for s in REVIEWABLE],
        },
    )


@require_http_methods(["GET", "POST"])
def review_entry(request, pk):
    from contests.models import EntryFile

    require_organiser(request.user)
    entry = get_object_or_404(
        _reviewable_entries().prefetch_related(
            "data_resources",
            Prefetch("files", queryset=EntryFile.objects.filter(removed_at__isnull=True).order_by("kind", "pk")),
            "revisions",
        ),
        pk=pk,
    )
    initial = {}
    if entry.status in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
        initial = {
            "decision": "eligible" if entry.status == EntryStatus.ELIGIBLE else "ineligible",
            "reason": entry.eligibility_reason,
            "note": entry.eligibility_note,
        }
    form = EligibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _decide(request, [entry], form)
        return redirect("contest_eligibility_entry", pk=entry.pk)
    return TemplateResponse(
        request,
        "contests/admin/eligibility_entry.html",
        {
            "entry": entry,
            "form": form,
            "deadline": format_beijing_time(entry.contest.submission_deadline),
            "revisions": sorted(entry.revisions.all(), key=lambda r: r.number, reverse=True),
            "findings": entry_findings(entry),
            # The configured questions' answers (补充信息), for the review.
            "answers": answers_snapshot(entry),
        },
    )


def admin_urls():
    return [
        path("contest-eligibility/", review_list, name="contest_eligibility"),
        path("contest-eligibility/<int:pk>/", review_entry, name="contest_eligibility_entry"),
    ]


def menu_item():
    return OrganiserMenuItem(
        gettext_lazy("形式审查"), reverse("contest_eligibility"), icon_name="circle-check", order=221
    )
