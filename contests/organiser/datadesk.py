"""数据服务: the organiser's view of the data desk, in the Wagtail admin (/admin/datadesk/…), one item
of the "大赛" menu.

Read-only, organisers only (``OrganiserAdminView`` checks every request): the figures of a contest
(overall, per unit, per resource, and the "最佳数据提供单位" ranking input, sortable through a
whitelisted ``?sort=``), the requests waiting past their due time (逾期未审批 — organisers see team
names: they are not blind), the access log of every unit's downloads with filters, and both as
Excel. The figures and lists come from ``contests.services.datadesk_figures``; the units decide on
requests in their own workspace, not here.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin.viewsets.base import ViewSet

from cms.http import attachment
from contests.models import Challenge, Contest
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem, require_organiser
from contests.organiser.outcomes.dashboard import ContestChoiceMixin
from contests.services import audit
from contests.services.datadesk_figures import (
    RANKING_SORTS,
    access_log,
    access_log_choices,
    datadesk_figures,
    days_overdue,
    overdue_open_requests,
    overdue_requests,
    sort_ranking,
)
from contests.services.datadesk_workbooks import access_log_workbook, figures_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50
# The overdue open-data requests (not tied to a contest) are listed up to this many, with their count.
OPEN_REQUESTS_SHOWN = 50


def challenges_index_url():
    """The admin list of challenges, wherever a viewset registers ``Challenge`` (the unit branch's
    filters by ``contest`` and ``unit``); "" while none does, and the figures page links nothing."""
    from wagtail.admin.viewsets import viewsets

    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is Challenge:
            for view_name in ("index", "list"):
                try:
                    return reverse(viewset.get_url_name(view_name))
                except NoReverseMatch:
                    continue
    return ""


class DataDeskAdminView(OrganiserAdminView):
    header_icon = "table"
    index_url_name = "contest_datadesk:index"
    index_label = gettext_lazy("数据服务")


class ContestPageMixin:
    """A page about one contest named in the URL (404 if unknown), with the figures page as a crumb."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.contest = get_object_or_404(Contest, pk=kwargs["contest_id"])

    def get_page_subtitle(self):
        return str(self.contest)

    def extra_breadcrumbs(self):
        return [{"url": reverse("contest_datadesk:contest", args=[self.contest.pk]), "label": str(self.contest)}]


# ---------------------------------------------------------------- figures


def _sort_links(current):
    """For each sortable column: the ``?sort=`` value its header links to (descending first for
    figures, toggled when it is the current column) and its aria-sort state."""
    links = {}
    for key in RANKING_SORTS:
        if current == key:
            links[key] = {"sort": f"-{key}", "aria": "ascending"}
        elif current == f"-{key}":
            links[key] = {"sort": key, "aria": "descending"}
        else:
            links[key] = {"sort": key if key == "unit" else f"-{key}", "aria": ""}
    return links


class FiguresView(ContestChoiceMixin, DataDeskAdminView):
    template_name = "contests/admin/datadesk/figures.html"
    page_title = gettext_lazy("数据服务统计")
    index_url_name = None  # this is the section's first page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(contests=self.contests, contest=self.contest, **kwargs)
        if self.contest is None:
            return context
        figures = datadesk_figures(self.contest)
        ranking, sort = sort_ranking(figures.ranking, self.request.GET.get("sort"))
        challenges = challenges_index_url()
        for row in figures.units:
            query = urlencode({"contest": self.contest.pk, "unit": row.unit.pk})
            row.challenges_url = f"{challenges}?{query}" if challenges else ""
        return {
            **context,
            "figures": figures,
            "ranking": ranking,
            "sort": sort,
            "sort_links": _sort_links(sort),
            "overdue_url": reverse("contest_datadesk:overdue", args=[self.contest.pk]),
            "log_url": reverse("contest_datadesk:log", args=[self.contest.pk]),
            "export_url": reverse("contest_datadesk:figures_export", args=[self.contest.pk])
            + "?"
            + urlencode({"sort": sort}),
        }


@never_cache
def figures_export(request, contest_id):
    require_organiser(request.user)
    contest = get_object_or_404(Contest, pk=contest_id)
    content = figures_workbook(contest, ranking_sort=request.GET.get("sort"))
    return _xlsx(content, _("%(contest)s-数据服务统计") % {"contest": contest.name}, f"shuyong-datadesk-{contest.pk}")


def _xlsx(content, name, fallback):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment(f"{name}-{stamp}.xlsx", f"{fallback}-{stamp}.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- overdue requests


class OverdueView(ContestPageMixin, DataDeskAdminView):
    template_name = "contests/admin/datadesk/overdue.html"
    page_title = gettext_lazy("逾期未审批")

    def get_context_data(self, **kwargs):
        now = timezone.now()
        page = Paginator(overdue_requests(self.contest, now=now), PER_PAGE).get_page(self.request.GET.get("page"))
        for request in page:
            request.days_overdue = days_overdue(request, now=now)
        open_requests = overdue_open_requests(now=now)
        open_shown = list(open_requests[:OPEN_REQUESTS_SHOWN])
        for request in open_shown:
            request.days_overdue = days_overdue(request, now=now)
        return super().get_context_data(
            contest=self.contest,
            page_obj=page,
            open_requests=open_shown,
            open_count=open_requests.count() if len(open_shown) == OPEN_REQUESTS_SHOWN else len(open_shown),
            **kwargs,
        )


# ---------------------------------------------------------------- access log


class AccessLogFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("出题单位"), queryset=None, required=False)
    resource = forms.ModelChoiceField(label=gettext_lazy("数据资源"), queryset=None, required=False)
    since = forms.DateField(
        label=gettext_lazy("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        units, resources = access_log_choices(contest)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("全部单位")
        self.fields["resource"].queryset = resources
        self.fields["resource"].empty_label = _("全部数据资源")
        for name in ("unit", "resource"):
            self.fields[name].error_messages["invalid_choice"] = _("所选项不在本届大赛的数据服务中，请重新选择。")
        for name in ("since", "until"):
            self.fields[name].error_messages["invalid"] = _("请输入有效日期，例如 2026-12-07。")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError(_("起始日期不能晚于截止日期。"))
        return data

    def filters(self):
        """The valid filters only: a bad field is reported and left out, the others still apply —
        except a reversed date range, which applies neither end."""
        self.is_valid()
        for name in self.errors:
            if name in self.fields:  # the message is tied to its field for screen readers
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )
        data = getattr(self, "cleaned_data", {})
        if self.non_field_errors():
            data = {key: value for key, value in data.items() if key not in ("since", "until")}
        return {key: data.get(key) for key in ("unit", "resource", "since", "until")}

    def describe(self, filters):
        parts = []
        if filters["unit"]:
            parts.append(_("出题单位：%(v)s") % {"v": filters["unit"].name})
        if filters["resource"]:
            parts.append(_("数据资源：%(v)s") % {"v": filters["resource"].name})
        if filters["since"]:
            parts.append(_("起始日期：%(v)s") % {"v": filters["since"].isoformat()})
        if filters["until"]:
            parts.append(_("截止日期：%(v)s") % {"v": filters["until"].isoformat()})
        return "；".join(parts)


def _log_query(request, contest):
    form = AccessLogFilterForm(request.GET or None, contest=contest)
    filters = form.filters() if request.GET else {"unit": None, "resource": None, "since": None, "until": None}
    return form, filters


class AccessLogView(ContestPageMixin, DataDeskAdminView):
    template_name = "contests/admin/datadesk/access_log.html"
    page_title = gettext_lazy("数据下载记录")

    def get_context_data(self, **kwargs):
        form, filters = _log_query(self.request, self.contest)
        page = Paginator(access_log(self.contest, **filters), PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            contest=self.contest,
            form=form,
            page_obj=page,
            query_without_page=query.urlencode(),
            export_url=reverse("contest_datadesk:log_export", args=[self.contest.pk])
            + ("?" + query.urlencode() if query else ""),
            **kwargs,
        )


@never_cache
def access_log_export(request, contest_id):
    require_organiser(request.user)
    contest = get_object_or_404(Contest, pk=contest_id)
    form, filters = _log_query(request, contest)
    described = form.describe(filters)
    content = access_log_workbook(contest, access_log(contest, **filters), filters_text=described)
    # Names, e-mail and IP addresses of every download: who took them out is recorded.
    audit.record("datadesk.access_log_exported", contest, actor=request.user, contest=contest, note=described)
    return _xlsx(content, _("%(contest)s-数据下载记录") % {"contest": contest.name}, f"shuyong-access-log-{contest.pk}")


class DataDeskViewSet(ViewSet):
    name = "contest_datadesk"
    url_prefix = "datadesk"
    icon = "table"
    menu_label = gettext_lazy("数据服务")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", FiguresView.as_view(), name="index"),
            path("<int:contest_id>/", FiguresView.as_view(), name="contest"),
            path("<int:contest_id>/figures.xlsx", figures_export, name="figures_export"),
            path("<int:contest_id>/overdue/", OverdueView.as_view(), name="overdue"),
            path("<int:contest_id>/downloads/", AccessLogView.as_view(), name="log"),
            path("<int:contest_id>/downloads.xlsx", access_log_export, name="log_export"),
        ]
