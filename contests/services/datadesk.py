"""The data desk (数据申请): a team asks for the by-agreement data of its 赛题, the unit decides within a
working-day clock, the approved team's players download through logged, expiring links.

Who may do what (``contests.rules``):

* **Apply, accept agreements, withdraw**: the team's leader and members. Advisers (指导老师) see the
  team's data page but neither apply nor download: data-use agreements bind the people who handle
  the data, and advisers read only everywhere else in the portal too.
* **Decide, revoke**: a member of the 赛题's unit (``UnitMember``) or an organiser.
* **Download**: ``rules.may_download_data`` — approved, not revoked, before ``access_ends_at``, a
  current leader or member of the team, who accepted the offer's *current* agreement version.

Access ends at the contest's ``results_date`` (结果公布): the last date of the contest's timeline,
after judging, so a team keeps its data while judges may still ask questions about the work.

The answer is due at ``cms.workdays.add_working_days(requested_at, DATA_DESK_SLA_WORKING_DAYS)``:
the end (23:59:59 Beijing time) of the 5th working day after the day of the request.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from cms.workdays import add_working_days
from contests import models
from contests.choices import AccessLevel, DataRequestStatus
from contests.rules import can_decide_data_request, is_team_player
from contests.services import ContestError
from contests.services.audit import record

# Who may download, the links and the log live in datadesk_downloads; named here too, so that the
# desk has one entry point (``from contests.services import datadesk as desk``).
from contests.services.datadesk_downloads import (  # noqa: F401
    can_download,
    check_download_token,
    data_file_response,
    download_token,
    downloads_visible_to,
    record_download,
)

MAX_PURPOSE = 2000
MAX_REASON = 2000


# ---------------------------------------------------------------- reading


def team_challenge_ids(team):
    """The 赛题 the team's entries answer."""
    return models.Entry.objects.filter(team=team, challenge__isnull=False).values("challenge_id")


def offers_for_team(team):
    """Every offer of the challenges the team's entries answer, in the challenges' order."""
    return (
        models.OfferedResource.objects.filter(challenge_id__in=team_challenge_ids(team))
        .select_related("challenge__unit", "challenge__track", "resource")
        .order_by("challenge__sort_order", "challenge_id", "pk")
    )


def current_agreement(offer):
    """The newest version of the offer's data-use agreement, or None."""
    return models.DataAgreement.objects.filter(offer=offer).order_by("-version").first()


def current_agreements(offers):
    """{offer id: newest DataAgreement} for many offers, in one query."""
    agreements = {}
    for agreement in models.DataAgreement.objects.filter(offer__in=list(offers)).order_by("offer_id", "-version"):
        agreements.setdefault(agreement.offer_id, agreement)
    return agreements


def accepted_agreement_ids(user, agreements):
    return set(
        models.AgreementAcceptance.objects.filter(user=user, agreement__in=list(agreements)).values_list(
            "agreement_id", flat=True
        )
    )


def access_ends_for(contest):
    return contest.results_date


def data_requests_visible_to(user):
    """Organisers see every request; a unit's members see the requests for their unit's 赛题."""
    from contests.rules import is_organiser

    queryset = models.DataRequest.objects.all()
    if is_organiser(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(offer__challenge__unit__members__user=user)


# ---------------------------------------------------------------- agreements and applying


def _require_player(user, team):
    if not is_team_player(user, team):
        raise ContestError(_("只有队长和队员可以申请数据（指导老师不能申请）。"), code="not_player")


def _require_offer_of_team(team, offer):
    if offer.access_level != AccessLevel.AGREEMENT:
        raise ContestError(
            _("“%(name)s”不是协议开放的数据，无需申请。") % {"name": offer.resource.name}, code="not_agreement"
        )
    if not models.Entry.objects.filter(team=team, challenge_id=offer.challenge_id).exists():
        raise ContestError(
            _("“%(name)s”不属于本团队作品所选的赛题。") % {"name": offer.resource.name}, code="not_team_challenge"
        )


def accept_agreement(user, agreement, ip, now):
    """Record that ``user`` accepted this version (once; a repeat returns the first acceptance).

    Only the current version of an offer the user's team may apply for can be accepted."""
    offer = agreement.offer
    playing = models.Team.objects.filter(
        memberships__user=user,
        memberships__role__in=("leader", "member"),
        entries__challenge_id=offer.challenge_id,
    ).exists()
    if not playing:
        raise ContestError(_("只有选择该赛题的团队的队长和队员可以签署此协议。"), code="not_player")
    current = current_agreement(offer)
    if current is None or current.pk != agreement.pk:
        raise ContestError(
            _("“%(name)s”的数据使用协议已更新，请阅读并同意最新版本。") % {"name": offer.resource.name},
            code="stale_agreement",
        )
    acceptance, created = models.AgreementAcceptance.objects.get_or_create(
        agreement=agreement, user=user, defaults={"accepted_at": now, "ip_address": ip or None}
    )
    if created:
        record(
            "datadesk.agreement_accept",
            agreement,
            actor=user,
            contest=offer.challenge.track.contest,
            after={"offer": offer.pk, "version": agreement.version, "ip": ip or None},
        )
    return acceptance


def _clean_purpose(purpose):
    purpose = (purpose or "").strip()
    if not purpose:
        raise ContestError(_("请说明数据的用途。"), code="purpose_required")
    if len(purpose) > MAX_PURPOSE:
        raise ContestError(_("用途说明不能超过 %(max)d 个字。") % {"max": MAX_PURPOSE}, code="purpose_too_long")
    return purpose


def apply(team, offers, purpose, user, ip, now, *, accepting=()):
    """Ask for one or more by-agreement offers of the team's own 赛题; returns the new requests.

    ``accepting``: agreements the user ticks in the same step, recorded with ``ip`` and ``now`` in
    the same transaction. Every offer's current agreement must be accepted by ``user`` (in this step
    or before). All or nothing: a refusal of one offer creates no request at all."""
    _require_player(user, team)
    offers = list(offers)
    if not offers:
        raise ContestError(_("请至少选择一项数据。"), code="no_offers")
    purpose = _clean_purpose(purpose)
    contest = team.contest
    if now >= access_ends_for(contest):
        raise ContestError(_("大赛已结束，不能再申请数据。"), code="contest_over")
    for offer in offers:
        _require_offer_of_team(team, offer)
    agreements = current_agreements(offers)
    due_at = add_working_days(now, settings.DATA_DESK_SLA_WORKING_DAYS)
    created = []
    with transaction.atomic():
        for agreement in accepting:
            accept_agreement(user, agreement, ip, now)
        accepted = accepted_agreement_ids(user, agreements.values())
        for offer in offers:
            agreement = agreements.get(offer.pk)
            if agreement is None:
                raise ContestError(
                    _("“%(name)s”的数据使用协议尚未发布，暂不能申请。") % {"name": offer.resource.name},
                    code="no_agreement",
                )
            if agreement.pk not in accepted:
                raise ContestError(
                    _("请先阅读并同意“%(name)s”的数据使用协议（第 %(version)d 版）。")
                    % {"name": offer.resource.name, "version": agreement.version},
                    code="agreement_not_accepted",
                )
            try:
                with transaction.atomic():
                    data_request = models.DataRequest.objects.create(
                        team=team,
                        offer=offer,
                        purpose=purpose,
                        requested_by=user,
                        requested_at=now,
                        due_at=due_at,
                    )
            except IntegrityError:
                raise ContestError(
                    _("“%(name)s”已有待审批或已批准的申请，不能重复申请。") % {"name": offer.resource.name},
                    code="duplicate",
                ) from None
            record(
                "datadesk.apply",
                data_request,
                actor=user,
                contest=contest,
                after={"offer": offer.pk, "agreement_version": agreement.version, "due_at": due_at},
            )
            enqueue("contests.send_data_request_mail", request_id=data_request.pk, kind="new")
            created.append(data_request)
    return created


def withdraw(request, user):
    """The team takes back a pending request (it may apply again later)."""
    _require_player(user, request.team)
    with transaction.atomic():
        updated = models.DataRequest.objects.filter(
            pk=request.pk, status=DataRequestStatus.PENDING, version=request.version
        ).update(status=DataRequestStatus.WITHDRAWN, version=request.version + 1)
        if not updated:
            raise ContestError(_("该申请已处理，不能撤回。"), code="not_pending")
        request.refresh_from_db()
        record("datadesk.withdraw", request, actor=user, contest=request.team.contest, after={"status": "withdrawn"})
    return request


# ---------------------------------------------------------------- the unit's decisions


def _require_decider(user, request):
    if not can_decide_data_request(user, request):
        raise ContestError(_("只有出题单位的成员或大赛组织者可以审批该申请。"), code="not_decider")


def _clean_reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(message, code="reason_required")
    if len(reason) > MAX_REASON:
        raise ContestError(_("意见不能超过 %(max)d 个字。") % {"max": MAX_REASON}, code="reason_too_long")
    return reason


def _lock(request, expected_version):
    locked = models.DataRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ContestError(
            _("该申请已被他人处理或更新（当前状态：%(status)s），请刷新页面后再操作。")
            % {"status": locked.get_status_display()},
            code="stale",
        )
    return locked


def decide(request, user, approve, reason, expected_version, now):
    """Approve or reject a pending request (a rejection needs a reason); returns the updated request."""
    _require_decider(user, request)
    reason = (reason or "").strip()
    if not approve:
        reason = _clean_reason(reason, _("驳回申请须填写理由。"))
    elif len(reason) > MAX_REASON:
        raise ContestError(_("意见不能超过 %(max)d 个字。") % {"max": MAX_REASON}, code="reason_too_long")
    contest = request.team.contest
    with transaction.atomic():
        locked = _lock(request, expected_version)
        if locked.status != DataRequestStatus.PENDING:
            raise ContestError(
                _("该申请已处理（%(status)s），不能再次审批。") % {"status": locked.get_status_display()},
                code="not_pending",
            )
        before = {"status": locked.status, "version": locked.version}
        locked.decided_at = now
        locked.decided_by = user
        locked.decision_reason = reason
        if approve:
            ends = access_ends_for(contest)
            if now >= ends:
                raise ContestError(_("大赛已结束，不能再批准数据申请。"), code="contest_over")
            locked.status = DataRequestStatus.APPROVED
            locked.access_ends_at = ends
        else:
            locked.status = DataRequestStatus.REJECTED
        locked.version += 1
        locked.save()
        record(
            "datadesk.approve" if approve else "datadesk.reject",
            locked,
            actor=user,
            contest=contest,
            before=before,
            after={"status": locked.status, "reason": reason, "access_ends_at": locked.access_ends_at},
        )
        enqueue("contests.send_data_request_mail", request_id=locked.pk, kind="decision")
    return locked


def revoke(request, user, reason, now, *, expected_version=None):
    """End an approved request's access now, with a reason the team is told."""
    _require_decider(user, request)
    reason = _clean_reason(reason, _("撤销授权须填写原因。"))
    with transaction.atomic():
        locked = _lock(request, expected_version)
        if locked.status != DataRequestStatus.APPROVED:
            raise ContestError(_("只有已批准的申请可以撤销。"), code="not_approved")
        before = {"status": locked.status, "access_ends_at": locked.access_ends_at}
        locked.status = DataRequestStatus.REVOKED
        locked.revoked_at = now
        locked.revoked_by = user
        locked.revoke_reason = reason
        locked.version += 1
        locked.save()
        record(
            "datadesk.revoke",
            locked,
            actor=user,
            contest=request.team.contest,
            before=before,
            after={"status": locked.status, "reason": reason},
        )
        enqueue("contests.send_data_request_mail", request_id=locked.pk, kind="revoked")
    return locked
