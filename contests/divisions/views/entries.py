"""The division's entries: the list, one entry (not blind: division managers organise their city's
contest), its files, and the eligibility review (形式审查) with its confirmation step.

The review is ``contests.services.eligibility.review_entries`` — the organisers' service, which lets
a division's managers review that division's entries. The first POST shows what will happen; only
the second, with the confirmation ticked, changes anything.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contests.choices import EntryStatus, IneligibilityReason
from contests.divisions.base import division_manager_required, entry_for
from contests.organiser.forms import ConfirmForm, EligibilityForm
from contests.services.division_workspace import entry_rows
from contests.services.eligibility import REVIEWABLE, review_entries
from contests.services.entry_forms import answers_snapshot
from contests.services.files import file_response
from contests.services.self_identification import entry_findings

PER_PAGE = 50


@require_GET
@division_manager_required
def entry_list(request, division):
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    page = Paginator(entry_rows(division, status=status, search=query), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/divisions/entries.html",
        {"division": division, "page": page, "query": query, "status": status, "statuses": EntryStatus.choices},
    )


@require_GET
@division_manager_required
def entry_detail(request, division, uuid):
    from contests.models import EntryFile

    entry = entry_for(division, uuid)
    files = EntryFile.objects.filter(entry=entry, removed_at__isnull=True).order_by("kind", "pk")
    revisions = entry.revisions.order_by("-number")
    initial = {}
    if entry.status in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
        initial = {
            "decision": "eligible" if entry.status == EntryStatus.ELIGIBLE else "ineligible",
            "reason": entry.eligibility_reason,
            "note": entry.eligibility_note,
        }
    return render(
        request,
        "contests/divisions/entry.html",
        {
            "division": division,
            "entry": entry,
            "files": files,
            "revisions": revisions,
            "reviewable": entry.status in REVIEWABLE,
            "form": EligibilityForm(initial=initial),
            # What the organisers' review page shows too: the track's configured questions (补充信息),
            # the data resources used, and where the team's identity appears in its files.
            "answers": answers_snapshot(entry),
            "data_resources": entry.data_resources.order_by("pk"),
            "findings": entry_findings(entry),
        },
    )


@require_GET
@division_manager_required
def entry_file(request, division, uuid, file_id):
    entry = entry_for(division, uuid)
    entry_file = entry.files.filter(pk=file_id, removed_at__isnull=True).first()
    if entry_file is None:
        raise Http404
    return file_response(entry_file)


def _reviewable(division, status=""):
    entries = entry_rows(division).filter(status__in=REVIEWABLE)
    if status in REVIEWABLE:
        entries = entries.filter(status=status)
    return entries


@require_http_methods(["GET", "POST"])
@division_manager_required
def eligibility(request, division):
    """GET: the reviewable entries with checkboxes and the decision. POST: the confirmation page;
    POST again with ``confirm`` ticked: the decision is recorded for each chosen entry."""
    status = request.GET.get("status", "")
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        chosen = list(
            _reviewable(division).filter(pk__in=[pk for pk in request.POST.getlist("entries") if pk.isdigit()])
        )
        if not chosen:
            messages.error(request, _("请先勾选要审查的作品。"))
        elif form.is_valid():
            confirm = ConfirmForm(request.POST if "confirming" in request.POST else None)
            if confirm.is_valid():
                data = form.cleaned_data
                reviewed, refused = review_entries(
                    chosen,
                    request.user,
                    eligible=data["decision"] == "eligible",
                    reason=data.get("reason") or "",
                    note=data.get("note") or "",
                )
                if reviewed:
                    messages.success(
                        request,
                        _("已记录 %(count)d 件作品的审查结论，并通知相关团队。") % {"count": len(reviewed)},
                    )
                for problem in refused:
                    messages.error(request, problem)
                return redirect(
                    "contests:divisions:eligibility", contest_slug=division.contest.slug, division_slug=division.slug
                )
            return render(
                request,
                "contests/divisions/eligibility_confirm.html",
                {
                    "division": division,
                    "form": form,
                    "confirm": confirm,
                    "entries": chosen,
                    "reason_label": IneligibilityReason(form.cleaned_data["reason"]).label
                    if form.cleaned_data.get("reason")
                    else "",
                },
            )
    else:
        form = EligibilityForm()
    page = Paginator(_reviewable(division, status), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/divisions/eligibility.html",
        {
            "division": division,
            "page": page,
            "form": form,
            "status": status,
            "statuses": [(s, EntryStatus(s).label) for s in REVIEWABLE],
        },
    )
