"""Team rules: creating a team, invitations, roles, leaving and removal.

Team composition (create, invite, accept) changes only while registration is open; leadership
transfer, leaving and removal until the submission deadline; after it the team is frozen.
Size limits are checked inside a transaction holding the team row (``select_for_update``), so
two invitees accepting at the same moment cannot exceed them. The database constraints on
``TeamMembership`` (one team per person per contest, one leader per team) are the last line.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.choices import InvitationStatus, TeamRole
from contests.models import Team, TeamMembership
from contests.rules import is_team_leader
from contests.services import ContestError
from contests.services.audit import record
from contests.services.invitation_limits import check_invitation_limits
from contests.services.judging.flags import team_changed
from contests.services.tokens import INVITATION_MAX_AGE

PLAYING_ROLES = (TeamRole.LEADER, TeamRole.MEMBER)


def _require_registration_open(contest):
    if not contest.registration_is_open():
        raise ContestError(_("当前不在报名时间内，不能创建或加入团队。"), code="registration_closed")


def _require_team_editable(contest):
    if not contest.submission_is_open():
        raise ContestError(_("作品提交已截止，团队成员不能再变更。"), code="team_frozen")


def _lock_team(team):
    """Re-read the team holding its row lock until the transaction ends."""
    return Team.objects.select_for_update().select_related("contest").get(pk=team.pk)


def _role_counts(team):
    counts = team.memberships.aggregate(
        players=Count("pk", filter=Q(role__in=PLAYING_ROLES)),
        advisers=Count("pk", filter=Q(role=TeamRole.ADVISER)),
    )
    return counts["players"], counts["advisers"]


def _check_can_join(user, contest, role):
    """One team per person per contest; an adviser may advise several teams but not also play."""
    memberships = TeamMembership.objects.filter(contest=contest, user=user)
    if role == TeamRole.ADVISER:
        if memberships.filter(role__in=PLAYING_ROLES).exists():
            raise ContestError(_("你已是本届大赛某个团队的成员，不能再担任指导老师。"), code="already_in_team")
    elif memberships.exists():
        raise ContestError(_("每人在同一届大赛中只能加入一个团队。你已加入或指导了其他团队。"), code="already_in_team")


def team_size_problems(team):
    """Messages for limits the team does not meet yet (e.g. fewer members than the minimum).

    The entries code calls this before a submission; the portal shows it as a warning.
    """
    contest = team.contest
    players, advisers = _role_counts(team)
    problems = []
    if players < contest.min_team_size:
        problems.append(
            _("团队至少需要 %(min)d 名成员（含队长），目前 %(count)d 名。")
            % {"min": contest.min_team_size, "count": players}
        )
    if players > contest.max_team_size:
        problems.append(_("团队成员超过上限 %(max)d 名。") % {"max": contest.max_team_size})
    if advisers and not contest.allow_advisers:
        problems.append(_("本届大赛不设指导老师。"))
    elif advisers > contest.max_advisers:
        problems.append(_("指导老师超过上限 %(max)d 名。") % {"max": contest.max_advisers})
    return problems


@transaction.atomic
def create_team(
    *, user, contest, name, organisation="", organisation_type="", city=None, credit_code="", division=None
):
    """Register a new team with ``user`` as its leader (in ``division`` when the contest has divisions)."""
    m = models
    _require_registration_open(contest)
    _check_can_join(user, contest, TeamRole.LEADER)
    if division is not None and division.contest_id != contest.pk:
        raise ContestError(_("请选择本届大赛的分赛区。"), code="division")
    if division is None and contest.divisions.exists():
        raise ContestError(_("本届大赛设有分赛区，请选择一个分赛区。"), code="division_required")
    name = name.strip()
    if m.Team.objects.filter(contest=contest, name=name).exists():
        raise ContestError(_("本届大赛已有同名团队，请换一个名称。"), code="duplicate_name")
    team = m.Team(
        contest=contest,
        name=name,
        organisation=organisation.strip(),
        credit_code=(credit_code or "").strip().upper(),
        city=city,
        division=division,
        created_by=user,
    )
    if organisation_type:
        team.organisation_type = organisation_type
    try:
        with transaction.atomic():
            team.save()
            m.TeamMembership.objects.create(team=team, user=user, role=TeamRole.LEADER)
    except IntegrityError as error:
        # A concurrent request of the same user or a same-named team won the race.
        raise ContestError(_("团队未能创建：你已加入其他团队，或团队名称已被使用。"), code="conflict") from error
    record(
        "team.created", team, actor=user,
        after={"name": team.name, "leader": user.pk, "division": division.pk if division else None},
    )  # fmt: skip
    return team


@transaction.atomic
def invite_member(*, team, inviter, email, role=TeamRole.MEMBER):
    """Invite ``email`` to the team; the e-mail with the signed link is sent after commit."""
    m = models
    team = _lock_team(team)
    contest = team.contest
    if not is_team_leader(inviter, team):
        raise ContestError(_("只有队长可以邀请成员。"), code="not_leader")
    _require_registration_open(contest)
    email = email.strip().lower()
    if role == TeamRole.LEADER:
        raise ContestError(_("邀请只能是队员或指导老师；队长身份请通过“移交队长”转让。"), code="bad_role")
    if role == TeamRole.ADVISER and not contest.allow_advisers:
        raise ContestError(_("本届大赛不设指导老师。"), code="no_advisers")
    if team.memberships.filter(user__email__iexact=email).exists():
        raise ContestError(_("该邮箱的用户已经是本团队成员。"), code="already_member")
    if team.invitations.filter(email__iexact=email, status=InvitationStatus.PENDING).exists():
        raise ContestError(_("已向该邮箱发出邀请，请等待对方回复。"), code="already_invited")
    players, advisers = _role_counts(team)
    if role == TeamRole.ADVISER and advisers >= contest.max_advisers:
        raise ContestError(_("指导老师已达上限 %(max)d 名。") % {"max": contest.max_advisers}, code="full")
    if role != TeamRole.ADVISER and players >= contest.max_team_size:
        raise ContestError(_("团队人数已达上限 %(max)d 名。") % {"max": contest.max_team_size}, code="full")
    check_invitation_limits(
        sender_kind="team_inviter", sender=inviter, address_kind="team_invitation_mail", email=email
    )
    invitation = m.TeamInvitation.objects.create(team=team, email=email, role=role, invited_by=inviter)
    record("invitation.created", invitation, actor=inviter, contest=contest, after={"email": email, "role": role})

    enqueue("contests.send_team_invitation", invitation_id=invitation.pk)
    return invitation


def invitation_is_expired(invitation, now=None):
    return (now or timezone.now()) >= invitation.created_at + INVITATION_MAX_AGE


def _lock_pending_invitation(invitation, user):
    m = models
    invitation = m.TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise ContestError(_("这份邀请发给了另一个邮箱地址。请使用受邀邮箱登录后再打开邀请链接。"), code="wrong_user")
    if invitation.status != InvitationStatus.PENDING:
        raise ContestError(_("这份邀请已经处理过或已被撤回。"), code="not_pending")
    if invitation_is_expired(invitation):
        raise ContestError(_("邀请链接已过期，请联系队长重新邀请。"), code="expired")
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user):
    """Join the team. Limits are checked while holding the team row, so concurrent accepts queue up."""
    m = models
    team = _lock_team(invitation.team)
    invitation = _lock_pending_invitation(invitation, user)
    contest = team.contest
    _require_registration_open(contest)
    _check_can_join(user, contest, invitation.role)
    players, advisers = _role_counts(team)
    if invitation.role == TeamRole.ADVISER:
        if not contest.allow_advisers:
            raise ContestError(_("本届大赛不设指导老师。"), code="no_advisers")
        if advisers >= contest.max_advisers:
            raise ContestError(_("该团队的指导老师已满。"), code="full")
    elif players >= contest.max_team_size:
        raise ContestError(_("该团队人数已满。"), code="full")
    try:
        with transaction.atomic():
            membership = m.TeamMembership.objects.create(team=team, user=user, role=invitation.role)
    except IntegrityError as error:
        raise ContestError(_("每人在同一届大赛中只能加入一个团队。"), code="already_in_team") from error
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    record("invitation.accepted", invitation, actor=user, contest=contest, after={"user": user.pk})
    record(
        "membership.created", membership, actor=user, contest=contest, after={"team": team.pk, "role": membership.role}
    )
    # Joining is for the registration period, but a newcomer's organisation must never pass unnoticed.
    team_changed(team, actor=user, change=_("%(user)s（%(email)s）加入团队") % {"user": user, "email": user.email})
    return membership


@transaction.atomic
def decline_invitation(*, invitation, user):
    invitation = _lock_pending_invitation(invitation, user)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    record("invitation.declined", invitation, actor=user, contest=invitation.team.contest)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation, by):
    m = models
    invitation = m.TeamInvitation.objects.select_for_update().select_related("team__contest").get(pk=invitation.pk)
    if not is_team_leader(by, invitation.team):
        raise ContestError(_("只有队长可以撤回邀请。"), code="not_leader")
    if invitation.status != InvitationStatus.PENDING:
        raise ContestError(_("这份邀请已经处理过或已被撤回。"), code="not_pending")
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    record("invitation.revoked", invitation, actor=by, contest=invitation.team.contest)
    return invitation


@transaction.atomic
def transfer_leadership(*, team, by, to_user):
    """Make ``to_user`` (a member, not an adviser) the leader; the old leader becomes a member."""
    m = models
    team = _lock_team(team)
    if not is_team_leader(by, team):
        raise ContestError(_("只有队长可以移交队长身份。"), code="not_leader")
    _require_team_editable(team.contest)
    target = team.memberships.filter(user=to_user).first()
    if target is None or target.role != TeamRole.MEMBER:
        raise ContestError(_("只能把队长身份移交给本团队的队员（指导老师除外）。"), code="bad_target")
    # Demote first: the database allows one leader per team at any moment.
    m.TeamMembership.objects.filter(team=team, user=by).update(role=TeamRole.MEMBER)
    m.TeamMembership.objects.filter(pk=target.pk).update(role=TeamRole.LEADER)
    record("team.leader_changed", team, actor=by, before={"leader": by.pk}, after={"leader": to_user.pk})
    return team


@transaction.atomic
def leave_team(*, team, user):
    """Leave the team. A leader hands over leadership first; a leader alone in a team without
    entries dissolves it instead (returns None then)."""
    team = _lock_team(team)
    membership = team.memberships.filter(user=user).first()
    if membership is None:
        raise ContestError(_("你不是该团队的成员。"), code="not_member")
    _require_team_editable(team.contest)
    if membership.role == TeamRole.LEADER:
        if team.memberships.exclude(pk=membership.pk).exists():
            raise ContestError(_("队长需要先把队长身份移交给其他队员，才能退出团队。"), code="leader_must_transfer")
        if team.entries.exists():
            raise ContestError(_("团队已有参赛作品，不能解散。如需帮助请联系大赛组织者。"), code="has_entries")
        record("team.dissolved", team, actor=user, before={"name": team.name})
        team.invitations.all().delete()
        membership.delete()
        team.delete()
        return None
    record(
        "membership.left",
        membership,
        actor=user,
        contest=team.contest,
        before={"team": team.pk, "role": membership.role},
    )
    membership.delete()
    return team


@transaction.atomic
def remove_member(*, team, by, user):
    """The leader removes another member or adviser."""
    team = _lock_team(team)
    if not is_team_leader(by, team):
        raise ContestError(_("只有队长可以移除成员。"), code="not_leader")
    _require_team_editable(team.contest)
    if user.pk == by.pk:
        raise ContestError(_("队长不能移除自己；如需退出请先移交队长身份。"), code="self")
    membership = team.memberships.filter(user=user).first()
    if membership is None:
        raise ContestError(_("该用户不是本团队成员。"), code="not_member")
    record(
        "membership.removed",
        membership,
        actor=by,
        contest=team.contest,
        before={"user": user.pk, "role": membership.role},
    )
    membership.delete()
    return team


# --- Organiser corrections ---------------------------------------------------------------------
# Organisers fix a team's membership from the admin (a member who left the company, a leader who
# cannot be reached). Unlike the team's own actions these ignore the deadlines — that is what they
# are for — but they never leave a team without a leader, always need a reason, and record the
# whole line-up before and after. Entries stay as they are: they belong to the team, not a person.


def _require_organiser(actor):
    from contests.rules import is_organiser

    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以调整团队成员。"), code="not_organiser")


def _organiser_change(team, user, actor, reason):
    """What both organiser changes start with: the team locked, the organiser and the reason
    checked, the user's membership found. Returns (team, membership, reason)."""
    team = _lock_team(team)
    _require_organiser(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("请填写调整理由，理由将记入审计记录。"), code="reason")
    membership = team.memberships.filter(user=user).first()
    if membership is None:
        raise ContestError(_("该用户不是本团队成员。"), code="not_member")
    return team, membership, reason


def _line_up(team):
    """``[{"user": pk, "role": role}, …]`` of the team, for the audit trail."""
    return [
        {"user": user_id, "role": role}
        for user_id, role in team.memberships.order_by("pk").values_list("user_id", "role")
    ]


@transaction.atomic
def organiser_remove_member(*, team, member_user, actor, reason):
    """An organiser removes a member or adviser (not the leader: name a new leader first).

    Returns the team's size problems after the change (e.g. now below the minimum), for the
    organiser to see; the team is told the same in its portal."""
    team, membership, reason = _organiser_change(team, member_user, actor, reason)
    if membership.role == TeamRole.LEADER:
        raise ContestError(_("不能直接移出队长：请先把另一名队员设为队长，再移出此人。"), code="leader")
    before = _line_up(team)
    membership.delete()
    record(
        "membership.removed",
        team,
        actor=actor,
        contest=team.contest,
        before={"members": before},
        after={"members": _line_up(team), "removed": {"user": member_user.pk, "role": membership.role}},
        note=reason,
    )
    return team_size_problems(team)


@transaction.atomic
def organiser_make_leader(*, team, user, actor, reason):
    """An organiser makes ``user`` (a member, not an adviser) the leader; the old leader, if any,
    stays in the team as a member."""
    m = models
    team, target, reason = _organiser_change(team, user, actor, reason)
    if target.role == TeamRole.LEADER:
        raise ContestError(_("此人已是队长。"), code="already_leader")
    if target.role != TeamRole.MEMBER:
        raise ContestError(_("指导老师不能担任队长，只能从队员中指定队长。"), code="bad_target")
    old_leader = team.memberships.filter(role=TeamRole.LEADER).values_list("user_id", flat=True).first()
    before = _line_up(team)
    # Demote first: the database allows one leader per team at any moment.
    m.TeamMembership.objects.filter(team=team, role=TeamRole.LEADER).update(role=TeamRole.MEMBER)
    m.TeamMembership.objects.filter(pk=target.pk).update(role=TeamRole.LEADER)
    record(
        "team.leader_changed",
        team,
        actor=actor,
        before={"leader": old_leader, "members": before},
        after={"leader": user.pk, "members": _line_up(team)},
        note=reason,
    )
    return team
