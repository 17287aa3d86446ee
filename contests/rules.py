"""Who may do what in the contest, as named predicates (the ``rules`` package).

Views name a predicate (``can_manage_team(user, team)``) and list querysets come from
``contests.services.visibility``, so a list never shows what the detail view refuses.
Rule names are registered with ``rules.add_rule`` (not ``add_perm``): they must not widen
Django's model permissions, which the Wagtail admin checks with ``user.has_perm``.
"""

import rules

from contests.choices import TeamRole
from scenes.rules import unit_ids_of

ORGANISER_GROUP = "大赛组织者"


def _role(user, team):
    known = getattr(team, "_known_role", None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return team.memberships.filter(user=user).values_list("role", flat=True).first()


def remember_role(team, user, role):
    """Let the predicates use ``role``, read with ``team`` (a subquery), for this team instance —
    one request's, fresh from the database — instead of reading it once per predicate."""
    team._known_role = (user.pk, role)


@rules.predicate
def is_authenticated(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_organiser(user):
    """Superusers and members of the "大赛组织者" group run the contest."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=ORGANISER_GROUP).exists()


@rules.predicate
def is_team_member(user, team):
    """Any role in the team: leader, member or adviser."""
    if team is None or not (user and user.is_authenticated):
        return False
    return _role(user, team) is not None


@rules.predicate
def is_team_leader(user, team):
    if team is None or not (user and user.is_authenticated):
        return False
    return _role(user, team) == TeamRole.LEADER


@rules.predicate
def is_invitee(user, invitation):
    """The invitation is addressed to the user's (verified) e-mail address."""
    if invitation is None or not (user and user.is_authenticated):
        return False
    return user.email.strip().lower() == invitation.email.strip().lower()


can_view_team = is_team_member | is_organiser
# Organisers change teams through the admin (with its audit trail), not through the portal.
can_manage_team = is_team_leader
can_leave_team = is_team_member
can_respond_to_invitation = is_invitee

rules.add_rule("contests.view_team", can_view_team)
rules.add_rule("contests.manage_team", can_manage_team)
rules.add_rule("contests.leave_team", can_leave_team)
rules.add_rule("contests.respond_to_invitation", can_respond_to_invitation)
rules.add_rule("contests.is_organiser", is_organiser)


# --- Entries ------------------------------------------------------------------------------------
# Leaders and members write a team's entries; advisers and organisers read them. Whether the team
# may still write at all (deadline, draft status) is decided by contests.services.entries.


@rules.predicate
def is_entry_team_member(user, entry):
    return entry is not None and is_team_member(user, entry.team)


@rules.predicate
def is_entry_team_player(user, entry):
    if entry is None or not (user and user.is_authenticated):
        return False
    return _role(user, entry.team) in (TeamRole.LEADER, TeamRole.MEMBER)


@rules.predicate
def can_download_file(user, entry_file):
    """Whoever may view the entry may download its files (the judging code widens this for judges)."""
    return entry_file is not None and can_view_entry(user, entry_file.entry)


can_view_entry = is_entry_team_member | is_organiser
can_edit_entry = is_entry_team_player

rules.add_rule("contests.view_entry", can_view_entry)
rules.add_rule("contests.edit_entry", can_edit_entry)
rules.add_rule("contests.download_entry_file", can_download_file)


# --- Judging ------------------------------------------------------------------------------------
# A judge acts only through an active assignment of their own (accepted invitation). Content is
# shown after the no-conflict declaration; scores change only while the round is open and the
# score is a draft. Lists come from contests.services.judging.judges.assignments_visible_to, and views
# 404 on anything outside it, so an unassigned entry's existence is never revealed.


@rules.predicate
def is_judge(user):
    """An account with an active judge profile (accepted invitation) in any contest."""
    from contests.models import JudgeProfile, JudgeStatus

    if not (user and user.is_authenticated and user.is_active):
        return False
    return JudgeProfile.objects.filter(user=user, status=JudgeStatus.ACTIVE).exists()


@rules.predicate
def is_assigned_judge(user, assignment):
    from contests.models import AssignmentState, JudgeStatus

    if assignment is None or not (user and user.is_authenticated and user.is_active):
        return False
    judge = assignment.judge
    return (
        assignment.state == AssignmentState.ACTIVE and judge.user_id == user.pk and judge.status == JudgeStatus.ACTIVE
    )


@rules.predicate
def has_declared_no_conflict(user, assignment):
    return assignment is not None and assignment.declared_no_conflict_at is not None


@rules.predicate
def round_is_open(user, assignment):
    # A divisional round is open per division (its own first-round window, when set).
    return assignment is not None and assignment.round.is_open_for(assignment.entry)


@rules.predicate
def calibration_done(user, assignment):
    """A round that requires calibration is scored only once the organiser has closed it."""
    if assignment is None:
        return False
    round_ = assignment.round
    return not (round_.calibration_required and round_.calibration_closed_at is None)


@rules.predicate
def score_is_draft(user, assignment):
    from contests.models import Score

    if assignment is None:
        return False
    score = Score.objects.filter(assignment=assignment).only("status").first()
    return score is None or not score.is_submitted


@rules.predicate
def own_score_submitted(user, assignment):
    return assignment is not None and not score_is_draft(user, assignment)


@rules.predicate
def others_visible_after_own(user, assignment):
    from contests.choices import OthersScoresVisibility

    return assignment is not None and assignment.round.others_scores_visibility == OthersScoresVisibility.AFTER_OWN


can_view_assignment = is_assigned_judge
can_view_entry_content = is_assigned_judge & has_declared_no_conflict
can_score = is_assigned_judge & has_declared_no_conflict & round_is_open & calibration_done & score_is_draft
can_recuse = is_assigned_judge & score_is_draft
can_view_others_scores = is_assigned_judge & has_declared_no_conflict & others_visible_after_own & own_score_submitted

rules.add_rule("contests.is_judge", is_judge)
rules.add_rule("contests.view_assignment", can_view_assignment)
rules.add_rule("contests.view_entry_content", can_view_entry_content)
rules.add_rule("contests.score", can_score)
rules.add_rule("contests.recuse", can_recuse)
rules.add_rule("contests.view_others_scores", can_view_others_scores)


# --- Data desk (数据申请) --------------------------------------------------------------------------
# A unit's members answer the requests for the data of their unit's 赛题 (organisers may too); only the
# approved team's leader and members — never advisers, who read only — download, while access is open
# and once they have accepted the offer's current agreement version themselves.


@rules.predicate
def is_unit_member(user, unit):
    from scenes.models import UnitMember

    if unit is None or not (user and user.is_authenticated and user.is_active):
        return False
    return UnitMember.objects.filter(unit=unit, user=user).exists()


@rules.predicate
def is_team_player(user, team):
    """Leader or member (not adviser): who acts for the team."""
    if team is None or not (user and user.is_authenticated):
        return False
    return _role(user, team) in (TeamRole.LEADER, TeamRole.MEMBER)


@rules.predicate
def is_request_unit_member(user, data_request):
    return data_request is not None and is_unit_member(user, data_request.offer.challenge.unit)


def has_accepted_current_agreement(user, offer):
    """The user accepted the newest version of the offer's agreement (a new version needs a new one)."""
    from contests.models import DataAgreement

    current = DataAgreement.objects.filter(offer=offer).order_by("-version").values_list("pk", flat=True).first()
    if current is None:
        return False
    return DataAgreement.objects.filter(pk=current, acceptances__user=user).exists()


def data_access_is_open(data_request, now):
    from contests.choices import DataRequestStatus

    return (
        data_request.status == DataRequestStatus.APPROVED
        and data_request.revoked_at is None
        and data_request.access_ends_at is not None
        and now < data_request.access_ends_at
    )


def may_download_data(user, data_request, now):
    """Approved, not revoked, before access ends, a current player of the team, current agreement accepted."""
    if data_request is None or not (user and user.is_authenticated and user.is_active):
        return False
    return (
        data_access_is_open(data_request, now)
        and is_team_player(user, data_request.team)
        and has_accepted_current_agreement(user, data_request.offer)
    )


@rules.predicate
def can_download_data(user, data_request):
    from django.utils import timezone

    return may_download_data(user, data_request, timezone.now())


can_decide_data_request = is_request_unit_member | is_organiser
can_view_data_request = is_request_unit_member | is_organiser

rules.add_rule("contests.is_unit_member", is_unit_member)
rules.add_rule("contests.decide_data_request", can_decide_data_request)
rules.add_rule("contests.download_data", can_download_data)


@rules.predicate
def is_unit_user(user):
    """A member of at least one unit: may open the unit workspace (objects are checked one by one)."""
    from scenes.models import UnitMember

    if not (user and user.is_authenticated and user.is_active):
        return False
    return UnitMember.objects.filter(user=user).exists()


can_use_data_desk = is_unit_user | is_organiser
rules.add_rule("contests.use_data_desk", can_use_data_desk)


# --- Units (出题单位) ------------------------------------------------------------------------------
# A unit's members set its 赛题, offer its data and respond to findings about the resources it owns
# (scenes.rules: membership is a UnitMember row). Organisers use the admin, not the unit workspace.


@rules.predicate
def is_challenge_unit_member(user, challenge):
    return challenge is not None and challenge.unit_id in unit_ids_of(user)


@rules.predicate
def is_finding_owner_member(user, finding):
    if finding is None:
        return False
    owner_id = finding.resource.owner_unit_id
    return owner_id is not None and owner_id in unit_ids_of(user)


can_manage_challenge = is_challenge_unit_member
can_respond_to_finding = is_finding_owner_member

rules.add_rule("contests.manage_challenge", can_manage_challenge)
rules.add_rule("contests.respond_to_finding", can_respond_to_finding)


# Finalist confirmation (晋级确认): the entry's leader and members answer; advisers advise, they do not
# decide to play (contests.services.outcomes.finalists).
@rules.predicate
def can_answer_finalist(user, confirmation):
    return confirmation is not None and is_entry_team_player(user, confirmation.entry)


rules.add_rule("contests.answer_finalist", can_answer_finalist)


# --- Divisions (分赛区) -----------------------------------------------------------------------------
# A division manager manages their own division only; organisers manage all. Pages resolve the
# division with contests.services.divisions.division_for_manager (404 outside), so these rules are
# for templates and menus.


@rules.predicate
def manages_division(user, division):
    if division is None or not (user and user.is_authenticated and user.is_active):
        return False
    return division.managers.filter(pk=user.pk).exists()


can_manage_division = manages_division | is_organiser
rules.add_rule("contests.manage_division", can_manage_division)


# --- Public vote (人气奖) ----------------------------------------------------------------------------
# One vote per *verified* person: a verified mobile number (one account per number, enforced by the
# database), or, where the vote's rules accept it, an account activated through its e-mailed link.
# Window, caps and rate limits are the service's (contests.services.votes.casting).


@rules.predicate
def is_verified_voter(user, public_vote):
    if public_vote is None or not (user and user.is_authenticated and user.is_active):
        return False
    return bool(user.phone_verified_at) or public_vote.accept_verified_email


rules.add_rule("contests.vote", is_verified_voter)
# --- Live final (路演) ------------------------------------------------------------------------------
# A room is run by its hosts and the organisers; its panel's judges score on the judge page; its chair
# (or an organiser) decides on-site appeals; the leader of the team on stage signs off and appeals.
# Pages look rooms and slots up through contests.services.live.access (404 outside these).


@rules.predicate
def hosts_live_room(user, room):
    if room is None or not (user and user.is_authenticated and user.is_active):
        return False
    return room.hosts.filter(pk=user.pk).exists()


@rules.predicate
def sits_on_live_panel(user, room):
    from contests.models import JudgeStatus

    if room is None or not (user and user.is_authenticated and user.is_active):
        return False
    return room.panel.filter(user=user, status=JudgeStatus.ACTIVE).exists()


@rules.predicate
def chairs_live_room(user, room):
    if room is None or room.chair_id is None or not (user and user.is_authenticated and user.is_active):
        return False
    return room.chair.user_id == user.pk


@rules.predicate
def leads_slot_team(user, slot):
    return slot is not None and is_team_leader(user, slot.entry.team)


can_host_live_room = hosts_live_room | is_organiser
can_decide_live_appeal = chairs_live_room | is_organiser
rules.add_rule("contests.host_live_room", can_host_live_room)
rules.add_rule("contests.score_live_room", sits_on_live_panel)
rules.add_rule("contests.decide_live_appeal", can_decide_live_appeal)
rules.add_rule("contests.sign_live_slot", leads_slot_team)
