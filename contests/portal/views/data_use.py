"""/portal/entries/<uuid>/data/: the data an entry used (and how) and the data-quality findings the
team reported, with the owners' answers. Whoever may see the entry reads the page (404 for anyone
else); only its leader and members write (403 for advisers and organisers), and the services check
the deadline and the draft status on every write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.choices import EntryStatus
from contests.portal.forms.data_use import DataUseFormSet, FindingForm, VersionForm
from contests.portal.views.entries import visible_entry
from contests.rules import can_edit_entry
from contests.services import ContestError
from contests.services.data_use import declare_uses, report_finding, suggested_resources, team_findings
from contests.services.submission import format_beijing_time


def _declared(entry):
    from contests.models import EntryDataUse

    return list(EntryDataUse.objects.filter(entry=entry).select_related("resource").order_by("pk"))


def _resources_declared(entry):
    from scenes.models import DataResource

    return DataResource.objects.filter(entry_uses__entry=entry).order_by("name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def entry_data(request, uuid):
    entry = visible_entry(request, uuid)
    may_edit = can_edit_entry(request.user, entry)
    now = timezone.now()
    is_open = entry.contest.submission_is_open(now)
    uses = _declared(entry)
    # Resources ticked in the entry form without a declared use yet start as rows to complete:
    # saving the uses sets the entry's list, so nothing ticked disappears unseen.
    declared_ids = {use.resource_id for use in uses}
    pending = [r for r in entry.data_resources.order_by("name", "pk") if r.pk not in declared_ids]
    initial = [{"resource": use.resource.slug, "how": use.how} for use in uses]
    initial += [{"resource": resource.slug, "how": ""} for resource in pending]
    uses_form = DataUseFormSet(prefix="uses", initial=initial)
    version_form = VersionForm(initial={"version": entry.version})
    finding_form = FindingForm(prefix="finding", resources=_resources_declared(entry))

    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "uses":
            # Bound without the initial rows: every row sent counts as what the user wants.
            uses_form = DataUseFormSet(request.POST, prefix="uses")
            version_form = VersionForm(request.POST)
            if uses_form.is_valid() and version_form.is_valid():
                try:
                    declare_uses(entry, uses_form.resolved, request.user, version_form.cleaned_data["version"])
                except ContestError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("已保存作品的数据使用情况。"))
                    return redirect("contests:entry_data", uuid=entry.uuid)
            elif not version_form.is_valid():
                messages.error(request, _("页面已过期或不完整，请刷新页面后重试。"))
        elif action == "finding":
            finding_form = FindingForm(request.POST, prefix="finding", resources=_resources_declared(entry))
            if finding_form.is_valid():
                data = finding_form.cleaned_data
                try:
                    report_finding(entry, data["resource"], data["category"], data["description"], request.user)
                except ContestError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("已提交数据质量问题，数据责任单位处理后会在这里答复。"))
                    return redirect("contests:entry_data", uuid=entry.uuid)
        else:
            messages.error(request, _("页面已过期或不完整，请刷新页面后重试。"))

    can_write = may_edit and is_open
    return render(
        request,
        "contests/portal/entry_data.html",
        {
            "entry": entry,
            "contest": entry.contest,
            "team": entry.team,
            "uses": uses,
            "pending": pending,
            "findings": list(team_findings(entry)),
            "uses_form": uses_form,
            "version_form": version_form,
            "finding_form": finding_form,
            "suggestions": suggested_resources(entry) if can_write else [],
            "can_declare": can_write and entry.status == EntryStatus.DRAFT,
            "can_report": can_write and bool(uses),
            "is_open": is_open,
            "deadline": format_beijing_time(entry.contest.submission_deadline),
        },
    )
