"""Challenge-setting units (出题单位) as lead reviewers of their own 赛题, when the organiser allows it
(``Challenge.unit_may_review``).

``appoint_unit_reviewers(round_, actor)`` gives every member of such a challenge's unit an active
judge profile in the contest and an assignment (source ``UNIT``) for each entry of that challenge
judged in the round (``entries_for_round``), except where a conflict of interest applies (the
checks of ``contests.services.judging.conflicts``, and always a team of the unit itself) or the
member once recused from or was removed from the entry.

Decisions:

* The unit member already has an account, so no invitation e-mail: the organiser's action appoints
  them, and the new profile is active at once (organisation = the unit's name, so the conflict
  checks see the unit). An existing profile of the same person in the contest is reused when it is
  active; one that is not (not yet accepted, declined, deactivated) is left alone and reported.
* New unit profiles get no expertise (评审赛道), so automatic assignment never gives them entries
  of other challenges; and unit assignments do not count towards a round's judges per entry, so
  the independent panel stays whole (``assignment.assign_judges``).
* Unit reviewers score like any judge: same rubric, blind, and their scores count in the
  aggregation like everyone's.

Running it again only adds what is missing (new members, newly eligible entries).
"""

import os
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from contests import models
from contests.services.audit import record
from contests.services.judging.assignment import ASSIGNMENT_COLUMNS, _lock_round, entries_for_round
from contests.services.judging.bulk import adapt_datetime, insert_rows
from contests.services.judging.conflicts import (
    ConflictIndex,
    load_judge_identities,
    load_team_identities,
    normalise_organisation,
)


@dataclass
class UnitReviewPlan:
    challenges: int = 0
    members: int = 0
    entries: int = 0
    new_judges: int = 0
    new_assignments: int = 0
    existing: int = 0
    conflicts: int = 0
    skipped_members: list = field(default_factory=list)  # names of members with an inactive profile
    pairs: list = field(default_factory=list)  # (member user, unit, challenge, [entry ids])


def _members_by_unit(unit_ids):
    from scenes.models import UnitMember

    members = defaultdict(list)
    for membership in (
        UnitMember.objects.filter(unit_id__in=unit_ids, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    ):
        members[membership.unit_id].append(membership)
    return members


def _challenges(round_):
    return list(
        models.Challenge.objects.filter(track__contest_id=round_.contest_id, unit_may_review=True)
        .select_related("unit", "track")
        .order_by("track__sort_order", "sort_order", "pk")
    )


def _profiles_by_user(round_, users):
    """The contest's judge profiles of these accounts, by user id (matched by account, else e-mail)."""
    by_email = {user.email.strip().lower(): user.pk for user in users}
    found = {}
    for profile in models.JudgeProfile.objects.filter(contest_id=round_.contest_id, user__in=users):
        found[profile.user_id] = profile
    for profile in models.JudgeProfile.objects.filter(
        contest_id=round_.contest_id, user__isnull=True, email__in=list(by_email)
    ):
        found.setdefault(by_email[profile.email], profile)
    return found


def plan_unit_review(round_):
    """What ``appoint_unit_reviewers`` would do now, without writing anything."""
    plan, _work = _plan(round_)
    return plan


def _plan(round_):
    plan = UnitReviewPlan()
    challenges = _challenges(round_)
    plan.challenges = len(challenges)
    if not challenges:
        return plan, []
    members = _members_by_unit({c.unit_id for c in challenges})
    users = {m.user_id: m.user for ms in members.values() for m in ms}
    profiles = _profiles_by_user(round_, list(users.values()))
    entries_by_challenge = defaultdict(list)
    for entry_id, team_id, challenge_id in (
        entries_for_round(round_)
        .filter(challenge__in=challenges)
        .order_by("pk")
        .values_list("pk", "team_id", "challenge_id")
    ):
        entries_by_challenge[challenge_id].append((entry_id, team_id))
    plan.entries = sum(len(v) for v in entries_by_challenge.values())

    existing = defaultdict(set)  # judge id -> entry ids with any assignment in this round
    for judge_id, entry_id in models.Assignment.objects.filter(
        round=round_, judge_id__in=[p.pk for p in profiles.values()]
    ).values_list("judge_id", "entry_id"):
        existing[judge_id].add(entry_id)
    # The usual conflict checks, plus one: a unit's member is always in conflict with the unit's own
    # teams, even when their judge profile names another organisation.
    index = ConflictIndex(load_team_identities({t for pairs in entries_by_challenge.values() for _e, t in pairs}))
    conflicted_teams = {
        judge_id: set(index.conflicts_of(identity))
        for judge_id, identity in load_judge_identities(list(profiles.values())).items()
    }

    work = []  # (membership, challenge, profile or None, [entry ids to assign])
    counted_members = set()
    for challenge in challenges:
        entries = entries_by_challenge.get(challenge.pk, [])
        unit_teams = index.teams_for_organisation(normalise_organisation(challenge.unit.name))
        for membership in members.get(challenge.unit_id, []):
            profile = profiles.get(membership.user_id)
            counted_members.add(membership.user_id)
            if profile is not None and not profile.can_be_assigned:
                plan.skipped_members.append(profile.name)
                continue
            todo = []
            for entry_id, team_id in entries:
                if profile is not None and entry_id in existing[profile.pk]:
                    plan.existing += 1
                elif team_id in unit_teams or (profile is not None and team_id in conflicted_teams[profile.pk]):
                    plan.conflicts += 1
                else:
                    todo.append(entry_id)
            work.append((membership, challenge, profile, todo))
    plan.members = len(counted_members)
    plan.new_judges = len({m.user_id for m, _c, p, _t in work if p is None})
    # For members without a profile yet, conflicts are checked once the profile exists: an upper bound.
    plan.new_assignments = sum(len(t) for _m, _c, _p, t in work)
    plan.skipped_members = sorted(set(plan.skipped_members))
    return plan, work


def _new_profile(membership, challenge, round_, actor, now):
    user = membership.user
    profile = models.JudgeProfile.objects.create(
        contest_id=round_.contest_id,
        user=user,
        name=(getattr(user, "real_name", "") or user.email)[:50],
        email=user.email,
        organisation=membership.unit.name,
        status=models.JudgeStatus.ACTIVE,
        accepted_at=now,
    )
    record(
        "judging.unit_reviewer_appointed", profile, actor=actor, contest=round_.contest,
        after={"user": user.pk, "unit": membership.unit_id, "challenge": challenge.pk, "status": profile.status},
    )  # fmt: skip
    return profile


def appoint_unit_reviewers(round_, actor, now=None):
    """Appoint the members of units allowed to review as judges of their challenges' entries in
    ``round_``; returns the ``UnitReviewPlan`` of what was done (see the module docstring)."""
    now = now or timezone.now()
    with transaction.atomic():
        round_ = _lock_round(round_)
        plan, work = _plan(round_)
        # New profiles first, then a second plan: their conflicts are checked like everyone's.
        created = {}
        for membership, challenge, profile, _todo in work:
            if profile is None and membership.user_id not in created:
                created[membership.user_id] = _new_profile(membership, challenge, round_, actor, now)
        if created:
            second, work = _plan(round_)
            plan.existing, plan.conflicts = second.existing, second.conflicts
        rows = []
        seen = set()
        created_at = adapt_datetime(now)
        creator = actor.pk if getattr(actor, "is_authenticated", False) else None
        rng = random.SystemRandom()
        for _membership, _challenge, profile, todo in work:
            for entry_id in todo:
                if (profile.pk, entry_id) in seen:
                    continue
                seen.add((profile.pk, entry_id))
                rows.append(
                    [
                        round_.pk, entry_id, profile.pk, models.AssignmentState.ACTIVE.value,
                        models.AssignmentSource.UNIT.value, os.urandom(8).hex(), rng.getrandbits(31),
                        "", created_at, creator,
                    ]
                )  # fmt: skip
        insert_rows(models.Assignment, ASSIGNMENT_COLUMNS, rows)
        plan.new_judges = len(created)
        plan.new_assignments = len(rows)
        if rows or created:
            record(
                "judging.assign", round_, actor=actor, contest=round_.contest,
                after={
                    "source": models.AssignmentSource.UNIT.value, "created": len(rows),
                    "judges_created": sorted(p.pk for p in created.values()),
                    "pairs": " ".join(f"{row[1]}:{row[2]}" for row in rows),
                    "conflicts_skipped": plan.conflicts,
                },
            )  # fmt: skip
    return plan
