"""The team's 赛题 data under /portal/teams/<id>/data/: open links, sandbox instructions, and the data
desk — agreements, applying (with a confirmation step), the answer clock, withdrawing and the
approved files behind signed, expiring links (/portal/data/download/<token>/).

Thin: the team is looked up among those the user may see (404 otherwise); acting needs a leader or
member (organisers and advisers see the page but get 403 on the actions); every rule is the
service's. The download re-checks the token *and* the permission at the moment of the download,
logs it, and only then serves the file.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.throttle import client_address
from cms.workdays import WorkCalendar, add_working_days
from contests.choices import AccessLevel, DataRequestStatus
from contests.models.datadesk import LIVE_REQUEST_STATUSES
from contests.portal.forms.data import DataApplyForm
from contests.rules import data_access_is_open, is_team_player
from contests.services import ContestError
from contests.services import datadesk as desk
from contests.services.datadesk_sla import sla_clock
from contests.services.submission import format_beijing_time
from contests.services.visibility import teams_visible_to


def _team(request, pk):
    return get_object_or_404(teams_visible_to(request.user).select_related("contest"), pk=pk)


def _player_team(request, pk):
    team = _team(request, pk)
    if not is_team_player(request.user, team):
        raise PermissionDenied
    return team


class _Desk:
    """What the data page shows one user of one team, read with a fixed number of queries."""

    def __init__(self, team, user, now):
        self.team, self.user, self.now = team, user, now
        self.offers = list(desk.offers_for_team(team))
        self.agreements = desk.current_agreements(self.offers)
        self.accepted = desk.accepted_agreement_ids(user, self.agreements.values())
        self.requests = list(
            team.data_requests.select_related("offer__resource", "offer__challenge__unit", "requested_by").order_by(
                "-requested_at", "-pk"
            )
        )
        self.latest = {}
        for data_request in self.requests:
            self.latest.setdefault(data_request.offer_id, data_request)
        self.is_player = is_team_player(user, team)

    def appliable(self):
        """Agreement offers with a published agreement and no pending or approved request."""
        return [
            offer
            for offer in self.offers
            if offer.access_level == AccessLevel.AGREEMENT
            and offer.pk in self.agreements
            and (offer.pk not in self.latest or self.latest[offer.pk].status not in LIVE_REQUEST_STATUSES)
        ]

    def rows(self):
        from contests.models import OfferedFile

        calendar = WorkCalendar()
        open_offer_ids = [offer_id for offer_id, r in self.latest.items() if data_access_is_open(r, self.now)]
        files = {}
        for file in OfferedFile.objects.filter(offer_id__in=open_offer_ids, removed_at__isnull=True):
            files.setdefault(file.offer_id, []).append(file)
        rows = []
        for offer in self.offers:
            agreement = self.agreements.get(offer.pk)
            latest = self.latest.get(offer.pk)
            accepted = agreement is not None and agreement.pk in self.accepted
            row = {"offer": offer, "agreement": agreement, "accepted": accepted, "request": latest, "files": []}
            if latest is not None and latest.status == DataRequestStatus.PENDING:
                row["clock"] = sla_clock(latest, self.now, calendar)
            if latest is not None and data_access_is_open(latest, self.now):
                row["access_open"] = True
                if self.is_player and accepted:
                    row["files"] = [
                        {
                            "file": file,
                            "url": reverse(
                                "contests:data_download", args=[desk.download_token(latest, file, self.user)]
                            ),
                        }
                        for file in files.get(offer.pk, [])
                    ]
            rows.append(row)
        return rows

    def form(self, data=None):
        appliable = self.appliable()
        agreements = {offer.pk: self.agreements[offer.pk] for offer in appliable}
        return DataApplyForm(data, offers=appliable, agreements=agreements, accepted_ids=self.accepted)


def _render_page(request, team, data_desk, form=None, status=200):
    contest_running = data_desk.now < desk.access_ends_for(team.contest)
    context = {
        "team": team,
        "contest": team.contest,
        "rows": data_desk.rows(),
        "requests": data_desk.requests,
        "is_player": data_desk.is_player,
        "contest_running": contest_running,
        "form": form or data_desk.form(),
        "appliable": data_desk.appliable(),
        "now": data_desk.now,
        "link_minutes": settings.DATA_DESK_LINK_MAX_AGE // 60,
    }
    return render(request, "contests/portal/data/team_data.html", context, status=status)


@login_required
@require_GET
def team_data(request, pk):
    team = _team(request, pk)
    return _render_page(request, team, _Desk(team, request.user, timezone.now()))


@login_required
@require_POST
def team_data_apply(request, pk):
    team = _player_team(request, pk)
    now = timezone.now()
    data_desk = _Desk(team, request.user, now)
    form = data_desk.form(request.POST)
    if not form.is_valid():
        return _render_page(request, team, data_desk, form=form)
    offers = list(form.cleaned_data["offers"].select_related("resource", "challenge__unit"))
    accepting = list(form.cleaned_data["agree"])
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "contests/portal/data/apply_confirm.html",
            {
                "team": team,
                "contest": team.contest,
                "offers": offers,
                "accepting": [a for a in accepting if a.pk not in data_desk.accepted],
                "purpose": form.cleaned_data["purpose"],
                "due": format_beijing_time(add_working_days(now, settings.DATA_DESK_SLA_WORKING_DAYS)),
                "sla_days": settings.DATA_DESK_SLA_WORKING_DAYS,
                "access_ends": format_beijing_time(desk.access_ends_for(team.contest)),
            },
        )
    try:
        created = desk.apply(
            team,
            offers,
            form.cleaned_data["purpose"],
            request.user,
            client_address(request),
            now,
            accepting=accepting,
        )
    except ContestError as error:
        form.add_error(None, error.message)
        return _render_page(request, team, data_desk, form=form)
    messages.success(
        request,
        _("已提交 %(count)d 项数据申请，出题单位将在 %(due)s 前答复。")
        % {"count": len(created), "due": format_beijing_time(created[0].due_at)},
    )
    return redirect("contests:team_data", pk=team.pk)


@login_required
@require_POST
def data_agreement_accept(request, pk, agreement_pk):
    team = _player_team(request, pk)
    offers = list(desk.offers_for_team(team))
    agreement = desk.current_agreements(offers)
    agreement = next((a for a in agreement.values() if a.pk == agreement_pk), None)
    if agreement is None:
        raise Http404
    try:
        desk.accept_agreement(request.user, agreement, client_address(request), timezone.now())
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已同意“%(name)s”的数据使用协议（第 %(version)d 版）。")
            % {"name": agreement.offer.resource.name, "version": agreement.version},
        )
    return redirect("contests:team_data", pk=team.pk)


@login_required
@require_POST
def data_request_withdraw(request, pk, request_pk):
    team = _player_team(request, pk)
    data_request = get_object_or_404(team.data_requests.select_related("offer__resource"), pk=request_pk)
    try:
        desk.withdraw(data_request, request.user)
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤回对“%(name)s”的申请。") % {"name": data_request.offer.resource.name})
    return redirect("contests:team_data", pk=team.pk)


@login_required
@require_GET
def data_download(request, token):
    """Serve one approved file: a valid token of this user, and the permission checked again now."""
    found = desk.check_download_token(token, request.user)
    now = timezone.now()
    if found is None:
        raise Http404
    data_request, file = found
    if not desk.can_download(request.user, data_request, now):
        raise Http404
    desk.record_download(data_request, file, request.user, client_address(request), now)
    return desk.data_file_response(file)
