"""Conflicts found after assignment: recorded, flagged to the organiser, never a silent withdrawal.

Assignments are made conflict-free, and the assignment itself is the snapshot: as long as it is
active, the judge keeps the entry. When identities change later — a team member's organisation or
credit code, a new member, a judge's own profile or declared conflicts — ``flag_new_conflicts``
re-checks the active assignments concerned and opens one ``ConflictFlag`` per conflicted assignment
(idempotent: an open flag only gains new reasons; reasons the organiser already accepted do not
come back). The organiser then keeps the judge (``keep_judge``) or removes the assignment through
``remove_assignment``, which closes the flag (``close_flags_of``).

One conflict still hides the entry at once: the judge's own account joining the entry's team
(``judging_own_team``), which only the judge can bring about.

Detection runs where identities change (profile save, a member joining) and whenever a judge opens
their list or an entry, which also catches changes made by organisers in the admin. Flags name the
team's identity: organisers see them, judges never do.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus
from contests.models import AssignmentState, ConflictDecision, ConflictFlag, ConflictSource
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.conflicts import find_conflicts
from contests.services.judging.recusal import merge_recusals, same_city_pairs

# The profile fields that feed conflict detection (the e-mail cannot be changed by its owner).
IDENTITY_FIELDS = ("organisation", "credit_code")


def live_assignments(now=None):
    """Active assignments of rounds still being judged (the round or the contest's judging not over)."""
    now = now or timezone.now()
    return models.Assignment.objects.filter(state=AssignmentState.ACTIVE).filter(
        Q(round__closes_at__gt=now) | Q(round__contest__judging_ends__gt=now)
    )


def flag_new_conflicts(assignments, *, source, actor=None, change=""):
    """Open a flag for every active assignment whose judge is now in conflict with the entry's team.

    ``assignments`` need ``judge``, ``entry`` and ``round__contest`` loaded. Returns the flags opened.
    """
    assignments = [a for a in assignments if a.state == AssignmentState.ACTIVE]
    if not assignments:
        return []
    judges = {a.judge_id: a.judge for a in assignments}
    found = find_conflicts(list(judges.values()), {(a.entry_id, a.entry.team_id) for a in assignments})
    recusing = [a for a in assignments if a.round.same_city_recusal]
    if recusing:
        # Same-city recusal (同城回避) binds only in the rounds that ask for it.
        barred = same_city_pairs({a.judge_id for a in recusing}, {(a.entry_id, a.entry.team_id) for a in recusing})
        in_rounds = defaultdict(dict)
        for a in recusing:
            if a.entry_id in barred.get(a.judge_id, {}):
                in_rounds[a.judge_id][a.entry_id] = barred[a.judge_id][a.entry_id]
        merge_recusals(found, in_rounds)
    conflicted = {
        a.pk: (a, found[a.judge_id][a.entry_id]) for a in assignments if a.entry_id in found.get(a.judge_id, {})
    }
    if not conflicted:
        return []
    open_by_assignment, accepted = {}, defaultdict(set)
    for flag in ConflictFlag.objects.filter(assignment_id__in=list(conflicted)).filter(
        Q(resolved_at__isnull=True) | Q(decision=ConflictDecision.KEEP)
    ):
        if flag.is_open:
            open_by_assignment[flag.assignment_id] = flag
        else:
            accepted[flag.assignment_id].update(flag.reason_list)
    opened = []
    for pk, (assignment, reasons) in conflicted.items():
        flag = open_by_assignment.get(pk)
        if flag is not None:
            _add_reasons(flag, reasons, change)
        elif not set(reasons) <= accepted[pk]:
            flag = _open_flag(assignment, reasons, source=source, actor=actor, change=change)
            if flag is not None:
                opened.append(flag)
    return opened


def _add_reasons(flag, reasons, change):
    new = [reason for reason in reasons if reason not in flag.reason_list]
    if not new:
        return
    fields = {"reasons": "\n".join([*flag.reason_list, *new])}
    if change:
        fields["change"] = "\n".join(line for line in (flag.change, change) if line)
    ConflictFlag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(**fields)


def _open_flag(assignment, reasons, *, source, actor, change):
    try:
        with transaction.atomic():
            flag = ConflictFlag.objects.create(
                assignment=assignment, reasons="\n".join(reasons), source=source, change=change
            )
            record(
                "judging.conflict_flagged", flag, actor=actor, contest=assignment.round.contest,
                after={
                    "assignment": assignment.pk, "judge": assignment.judge_id, "entry": assignment.entry_id,
                    "reasons": reasons, "source": source,
                },
                note=change,
            )  # fmt: skip
    except IntegrityError:  # a concurrent request opened it first: that flag is the one
        return None
    return flag


def judging_own_team(assignments):
    """The pks of assignments whose judge's own account is a member or adviser of the entry's team.

    The one conflict that still hides an entry at once: a judge must never see their own team's work,
    and no team can use it against a judge (joining takes the judge's own acceptance).
    """
    assignments = [a for a in assignments if a.judge.user_id is not None]
    if not assignments:
        return set()
    members = set(
        models.TeamMembership.objects.filter(
            team_id__in={a.entry.team_id for a in assignments}, user_id__in={a.judge.user_id for a in assignments}
        ).values_list("team_id", "user_id")
    )
    return {a.pk for a in assignments if (a.entry.team_id, a.judge.user_id) in members}


def _with_relations(assignments):
    return assignments.select_related("judge", "entry", "round__contest")


def profile_changed(user, *, before, actor=None):
    """After a profile save: record identity changes for the user's submitting teams and flag the
    conflicts they create. ``before`` holds the identity fields' old values. Returns the flags opened."""
    changes = [(name, before.get(name) or "", getattr(user, name) or "") for name in IDENTITY_FIELDS]
    changes = [(name, old, new) for name, old, new in changes if old != new]
    if not changes:
        return []
    labels = {name: str(user._meta.get_field(name).verbose_name) for name, _old, _new in changes}
    description = _("%(user)s（%(email)s）修改个人资料：%(changes)s") % {
        "user": user, "email": user.email,
        "changes": "；".join(
            _("%(field)s 由“%(old)s”改为“%(new)s”") % {"field": labels[name], "old": old, "new": new}
            for name, old, new in changes
        ),
    }  # fmt: skip
    now = timezone.now()
    teams = (
        models.Team.objects.filter(memberships__user=user, contest__judging_ends__gt=now)
        .filter(entries__status__in=[s for s in EntryStatus.values if s != EntryStatus.DRAFT])
        .select_related("contest")
        .distinct()
    )
    for team in teams:
        record(
            "team.member_identity_changed", team, actor=actor, contest=team.contest,
            before={name: old for name, old, _new in changes},
            after={"user": user.pk, **{name: new for name, _old, new in changes}},
            note=description,
        )  # fmt: skip
    assignments = live_assignments(now).filter(Q(entry__team__memberships__user=user) | Q(judge__user=user))
    return flag_new_conflicts(
        _with_relations(assignments).distinct(), source=ConflictSource.PROFILE, actor=actor, change=description
    )


def team_changed(team, *, actor=None, change=""):
    """After the team's line-up or identity changed: flag the conflicts it creates."""
    assignments = _with_relations(live_assignments().filter(entry__team=team))
    return flag_new_conflicts(assignments, source=ConflictSource.TEAM, actor=actor, change=change)


def scan_round(round_, *, actor):
    """The organiser re-checks every active assignment of a round (e.g. after editing a judge)."""
    assignments = _with_relations(models.Assignment.objects.filter(round=round_, state=AssignmentState.ACTIVE))
    return flag_new_conflicts(assignments, source=ConflictSource.SCAN, actor=actor)


def open_flags(round_):
    """The round's flags waiting for the organiser, oldest first."""
    return (
        ConflictFlag.objects.filter(assignment__round=round_, resolved_at__isnull=True)
        .select_related("assignment__judge", "assignment__entry__team")
        .order_by("detected_at", "pk")
    )


def _resolve(flag, *, decision, actor, note):
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    flag.decision = decision
    flag.note = note
    flag.save(update_fields=["resolved_at", "resolved_by", "decision", "note"])
    record(
        "judging.conflict_resolved", flag, actor=actor, contest=flag.assignment.round.contest,
        after={"assignment": flag.assignment_id, "decision": decision}, note=note,
    )  # fmt: skip


def keep_judge(flag, *, actor, note):
    """The organiser keeps the judge despite the flagged conflict; the reason goes to the audit trail."""
    note = (note or "").strip()
    if not note:
        raise ContestError(_("请填写保留该评委的理由。"), code="reason_required")
    with transaction.atomic():
        locked = (
            ConflictFlag.objects.select_for_update()
            .select_related("assignment__round__contest", "assignment__judge", "assignment__entry")
            .get(pk=flag.pk)
        )
        if not locked.is_open:
            raise ContestError(_("该利益冲突提醒已处理。"), code="flag_resolved")
        if judging_own_team([locked.assignment]):
            raise ContestError(_("评委本人是该团队成员或指导老师，不能保留，请撤销该分配。"), code="own_team")
        _resolve(locked, decision=ConflictDecision.KEEP, actor=actor, note=note)
    return locked


def close_flags_of(assignment, *, actor, note):
    """The assignment ended (removed by the organiser or recused): its open flag is settled with it."""
    flags = ConflictFlag.objects.select_related("assignment__round__contest").filter(
        assignment=assignment, resolved_at__isnull=True
    )
    for flag in flags:
        _resolve(flag, decision=ConflictDecision.REASSIGN, actor=actor, note=note)
