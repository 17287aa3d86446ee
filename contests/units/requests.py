"""The unit's side of the data desk (/unit/…): the requests for the data of its 赛题 (pending first,
with the answer clock), approving or rejecting one (reason, confirmation, optimistic lock), revoking
an approved one, and the access log with its Excel export.

Only a unit's members — or organisers — open these pages (403 for anyone else signed in); each
request is looked up among those the user may see (``data_requests_visible_to``), so another unit's
request is a 404, whatever its number.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cms.forms import NoColonLabelsMixin
from cms.http import attachment
from cms.workdays import WorkCalendar, local_date
from contests.choices import DataRequestStatus
from contests.rules import can_use_data_desk
from contests.services import ContestError
from contests.services import datadesk as desk
from contests.services.datadesk_log import access_log_for, access_log_workbook
from contests.services.datadesk_sla import sla_clock
from contests.services.submission import format_beijing_time

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DecisionForm(NoColonLabelsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审批结果"),
        choices=[("approve", gettext_lazy("批准")), ("reject", gettext_lazy("驳回"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择批准或驳回。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("审批意见"),
        required=False,
        max_length=desk.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("驳回时必须填写理由，团队会看到。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("驳回申请须填写理由。"))
        return cleaned


class RevokeForm(NoColonLabelsMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤销原因"),
        max_length=desk.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("团队会收到邮件并看到这一原因。"),
        error_messages={"required": gettext_lazy("撤销授权须填写原因。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _require_desk_user(request):
    if not can_use_data_desk(request.user):
        raise PermissionDenied


def _visible_requests(user):
    return desk.data_requests_visible_to(user).select_related(
        "team__contest", "offer__resource", "offer__challenge__unit", "requested_by", "decided_by", "revoked_by"
    )


def _visible_request(request, pk):
    return get_object_or_404(_visible_requests(request.user), pk=pk)


@login_required
@require_GET
def data_requests(request):
    _require_desk_user(request)
    now = timezone.now()
    queryset = (
        _visible_requests(request.user)
        .annotate(
            pending_first=Case(
                When(status=DataRequestStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("pending_first", "due_at", "-requested_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in DataRequestStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    calendar = WorkCalendar()
    rows = [
        {"request": r, "clock": sla_clock(r, now, calendar) if r.status == DataRequestStatus.PENDING else None}
        for r in page
    ]
    return render(
        request,
        "contests/units/requests/list.html",
        {"rows": rows, "page": page, "status": status, "statuses": DataRequestStatus.choices},
    )


def _detail(request, data_request, *, form=None, revoke_form=None, status=200):
    now = timezone.now()
    context = {
        "data_request": data_request,
        "clock": sla_clock(data_request, now) if data_request.status == DataRequestStatus.PENDING else None,
        "agreement": desk.current_agreement(data_request.offer),
        "form": form or DecisionForm(initial={"version": data_request.version}),
        "revoke_form": revoke_form or RevokeForm(initial={"version": data_request.version}),
        "downloads": data_request.downloads.select_related("user", "file").order_by("-downloaded_at", "-pk")[:50],
    }
    return render(request, "contests/units/requests/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def data_request_decide(request, pk):
    _require_desk_user(request)
    data_request = _visible_request(request, pk)
    if request.method == "GET":
        return _detail(request, data_request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, data_request, form=form)
    approve = form.cleaned_data["decision"] == "approve"
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "contests/units/requests/confirm.html",
            {
                "data_request": data_request,
                "approve": approve,
                "reason": form.cleaned_data["reason"],
                "version": form.cleaned_data["version"],
                "access_ends": format_beijing_time(desk.access_ends_for(data_request.team.contest)),
            },
        )
    try:
        desk.decide(
            data_request,
            request.user,
            approve,
            form.cleaned_data["reason"],
            form.cleaned_data["version"],
            timezone.now(),
        )
    except ContestError as error:
        form.add_error(None, error.message)
        data_request.refresh_from_db()
        return _detail(request, data_request, form=form)
    if approve:
        messages.success(request, _("已批准该申请，团队已收到通知。"))
    else:
        messages.success(request, _("已驳回该申请，团队已收到通知和理由。"))
    return redirect("contests:units:data_request_decide", pk=data_request.pk)


@login_required
@require_http_methods(["GET", "POST"])
def data_request_revoke(request, pk):
    _require_desk_user(request)
    data_request = _visible_request(request, pk)
    if request.method == "GET":
        form = RevokeForm(initial={"version": data_request.version})
        return render(request, "contests/units/requests/revoke.html", {"data_request": data_request, "form": form})
    form = RevokeForm(request.POST)
    if form.is_valid() and request.POST.get("confirm") == "yes":
        try:
            desk.revoke(
                data_request,
                request.user,
                form.cleaned_data["reason"],
                timezone.now(),
                expected_version=form.cleaned_data["version"],
            )
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已撤销授权，团队的下载链接即时失效。"))
            return redirect("contests:units:data_request_decide", pk=data_request.pk)
    elif form.is_valid():
        form.add_error(None, _("请勾选确认撤销。"))
    return render(request, "contests/units/requests/revoke.html", {"data_request": data_request, "form": form})


@login_required
@require_GET
def data_access_log(request):
    _require_desk_user(request)
    page = Paginator(access_log_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contests/units/requests/access_log.html", {"page": page})


@login_required
@require_GET
def data_access_log_export(request):
    _require_desk_user(request)
    content = access_log_workbook(access_log_for(request.user))
    name = _("数据下载记录-%(date)s.xlsx") % {"date": local_date(timezone.now()).strftime("%Y%m%d")}
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment(name, fallback="data-access-log.xlsx")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
