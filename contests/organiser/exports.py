"""Admin pages for exports and imports, under /admin/contest_exports/, as one item of the "大赛" menu.

Organisers start an export with the filters they had on the entries list (the form reads them from
the query string: ?contest=…&track=…&status=…&organisation_type=…&city=…), watch its progress
(a JSON status endpoint polled by contests/static/contests/export_progress.js; without JavaScript
the page refreshes itself) and download the file through ``contests:export_download``.
"""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.admin.viewsets.base import ViewSet

from cms.http import attachment
from contests.choices import EntryStatus, OrganisationType
from contests.models import Contest, ExportJob, ExportKind, ExportStatus, Round
from contests.organiser.base import OrganiserMenuItem, TrackChoiceField, require_organiser, track_choices
from contests.services import audit
from contests.services.exports import ExportParameterError
from contests.services.exports.access import can_download_export, exports_visible_to
from contests.services.exports.jobs import request_export
from contests.services.imports import IMPORTERS, ImportFileError
from contests.services.imports.template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


REFRESH_SECONDS = 3


class ExportForm(forms.Form):
    contest = forms.ModelChoiceField(label=gettext_lazy("大赛"), queryset=Contest.objects.all())
    kind = forms.ChoiceField(label=gettext_lazy("导出内容"), choices=ExportKind.choices, initial=ExportKind.ALL)
    round = forms.ModelChoiceField(
        label=gettext_lazy("评审轮次"),
        queryset=Round.objects.select_related("contest").order_by("contest", "number"),
        required=False,
        empty_label=gettext_lazy("全部轮次"),
    )
    track = TrackChoiceField(
        label=gettext_lazy("赛道"),
        queryset=track_choices(),
        required=False,
        empty_label=gettext_lazy("全部赛道"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("作品状态"), choices=[("", gettext_lazy("全部状态")), *EntryStatus.choices], required=False
    )
    organisation_type = forms.ChoiceField(
        label=gettext_lazy("单位类型"),
        choices=[("", gettext_lazy("全部类型")), *OrganisationType.choices],
        required=False,
    )
    city = forms.ModelChoiceField(
        label=gettext_lazy("所在城市"), queryset=None, required=False, empty_label=gettext_lazy("全部城市")
    )
    notify_by_email = forms.BooleanField(label=gettext_lazy("完成后发邮件通知我"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from scenes.models import Node

        self.fields["city"].queryset = Node.objects.order_by("sort_order", "name")

    def clean(self):
        data = super().clean()
        contest = data.get("contest")
        # Choices list every contest's rounds and tracks; a 2025 round with a 2026 export is refused.
        refusals = {
            "round": _("评审轮次“%(choice)s”属于“%(other)s”，不属于所选大赛“%(contest)s”，请重新选择。"),
            "track": _("赛道“%(choice)s”属于“%(other)s”，不属于所选大赛“%(contest)s”，请重新选择。"),
        }
        for name, message in refusals.items():
            value = data.get(name)
            if contest and value and value.contest_id != contest.pk:
                choice = value.get_kind_display() if name == "round" else value.name
                self.add_error(name, message % {"choice": choice, "other": value.contest, "contest": contest})
        return data

    def parameters(self):
        data = self.cleaned_data
        filters = {
            "track": data["track"].pk if data.get("track") else None,
            "status": data.get("status") or None,
            "organisation_type": data.get("organisation_type") or None,
            "city": data["city"].pk if data.get("city") else None,
        }
        return {
            "contest": data["contest"],
            "kind": data["kind"],
            "round_number": data["round"].number if data.get("round") else None,
            "filters": {k: v for k, v in filters.items() if v is not None},
            "notify_by_email": data.get("notify_by_email", False),
        }


@never_cache
def export_index(request):
    require_organiser(request.user)
    jobs = exports_visible_to(request.user).select_related("contest", "requested_by")[:50]
    return TemplateResponse(request, "contests/admin/export_index.html", {"jobs": jobs, "page_title": _("导出与导入")})


@never_cache
def export_new(request):
    require_organiser(request.user)
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            try:
                job = request_export(user=request.user, **form.parameters())
            except ExportParameterError as exc:
                form.add_error(None, str(exc))
            else:
                messages.info(request, _("导出任务已创建，正在排队生成。"))
                return redirect("contest_exports:detail", job.pk)
    else:
        # Pre-filled from the list the organiser came from (same parameter names as its filters).
        names = ("contest", "kind", "round", "track", "status", "organisation_type", "city")
        form = ExportForm(initial={name: request.GET[name] for name in names if request.GET.get(name)})
    return TemplateResponse(request, "contests/admin/export_form.html", {"form": form, "page_title": _("新建导出")})


def _status_payload(job, user):
    can_download = job.status == ExportStatus.DONE and bool(job.file) and can_download_export(user, job)
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error if job.status == ExportStatus.FAILED else "",
        "download_url": reverse("contests:export_download", args=[job.pk]) if can_download else "",
    }


@never_cache
def export_detail(request, pk):
    require_organiser(request.user)
    job = get_object_or_404(exports_visible_to(request.user).select_related("contest", "requested_by"), pk=pk)
    if job.status == ExportStatus.DONE:
        messages.success(request, _("导出已完成，可以下载了。"))
    elif job.status == ExportStatus.FAILED:
        messages.error(request, _("导出失败：%(error)s") % {"error": job.error})
    return TemplateResponse(
        request,
        "contests/admin/export_detail.html",
        {
            "job": job,
            "status": _status_payload(job, request.user),
            "status_url": reverse("contest_exports:status", args=[job.pk]),
            "refresh_seconds": REFRESH_SECONDS,
            "page_title": _("导出任务"),
        },
    )


@never_cache
def export_status(request, pk):
    require_organiser(request.user)
    job = get_object_or_404(exports_visible_to(request.user), pk=pk)
    return JsonResponse(_status_payload(job, request.user))


# Imports ---------------------------------------------------------------------------------------

IMPORT_KINDS = {"teams": gettext_lazy("团队与作品"), "judges": gettext_lazy("评委")}


class ImportForm(forms.Form):
    contest = forms.ModelChoiceField(label=gettext_lazy("大赛"), queryset=Contest.objects.all())
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))
    only_valid = forms.BooleanField(
        label=gettext_lazy("有错误时只导入无误的行"),
        required=False,
        help_text=gettext_lazy("不勾选时，只要有一行有错误，整个文件都不会写入。"),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("只检查，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件（可先下载导入模板）。"))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 10 MB。"))
        return upload


def _import_kind(request):
    kind = request.GET.get("kind") or request.POST.get("kind") or "teams"
    if kind not in IMPORT_KINDS:
        raise Http404
    return kind


@never_cache
def import_upload(request):
    require_organiser(request.user)
    kind = _import_kind(request)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = IMPORTERS[kind](
                    data["contest"],
                    data["file"],
                    actor=request.user,
                    only_valid=data["only_valid"],
                    dry_run=data["dry_run"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if report.written:
                    messages.success(request, _("导入完成。"))
                elif report.errors:
                    messages.error(request, _("文件中有错误，未写入任何数据。"))
                else:
                    messages.info(request, _("检查通过，未写入（只检查）。"))
    else:
        form = ImportForm(initial={"contest": request.GET.get("contest")})
    contests = Contest.objects.all()
    return TemplateResponse(
        request,
        "contests/admin/import_form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": IMPORT_KINDS[kind],
            "report": report,
            "errors": report.sorted_errors() if report else [],
            "contests": contests,
            "page_title": _("导入%(what)s") % {"what": IMPORT_KINDS[kind]},
        },
    )


@never_cache
def import_template(request, kind, contest_pk):
    require_organiser(request.user)
    if kind not in IMPORT_KINDS:
        raise Http404
    contest = get_object_or_404(Contest, pk=contest_pk)
    response = HttpResponse(build_template(contest, kind), content_type=XLSX)
    name = f"{contest.name}-{IMPORT_KINDS[kind]}导入模板.xlsx"
    response["Content-Disposition"] = attachment(name, f"shuyong-import-{kind}.xlsx")
    return response


class ExportViewSet(ViewSet):
    name = "contest_exports"
    icon = "download"
    menu_label = gettext_lazy("导出与导入")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", export_index, name="index"),
            path("new/", export_new, name="new"),
            path("<int:pk>/", export_detail, name="detail"),
            path("<int:pk>/status/", export_status, name="status"),
            path("imports/", import_upload, name="import"),
            path("imports/template/<str:kind>/<int:contest_pk>/", import_template, name="import_template"),
        ]


# Outside the admin (/exports/<pk>/download/): the requester or an organiser; everyone else — a team
# member, a judge, an anonymous visitor — gets a 404, not a hint.
@require_GET
@never_cache
def download_export(request, pk):
    job = get_object_or_404(ExportJob.objects.select_related("contest"), pk=pk)
    if not can_download_export(request.user, job):
        raise Http404
    if job.status != ExportStatus.DONE or not job.file:
        # Queued, running, failed or expired: there is no complete file to offer.
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit.record(action="export.downloaded", obj=job, actor=request.user, contest=job.contest)
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = attachment(job.filename or "export.xlsx", f"shuyong-export-{job.pk}.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    return response
