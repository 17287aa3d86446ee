"""Finalist confirmation (晋级确认) with a waitlist; see ``contests.models.finalists``.

* ``require_confirmation`` (called by ``confirm_advancement`` in its transaction) opens one PENDING
  confirmation per advanced entry and e-mails each team once the decision is committed.
* ``respond``: a leader or member (not an adviser: advisers do not play) confirms or declines before
  the deadline, checked here on the server.
* ``lapse_overdue``: PENDING past its deadline becomes LAPSED; run by the periodic ``sweep`` and
  lazily whenever the team's or the organiser's page is read, so nobody ever sees a stale PENDING.
* A DECLINED or LAPSED entry leaves the next round: it goes back to ELIGIBLE in the round it was
  ranked in (``current_round`` = the decision's round), so ``entries_for_round(next_round)`` no longer
  holds it, and its active assignments in the next round are withdrawn (kept as history).
* ``replace``: the organiser fills the place with ``next_candidate`` — the next-ranked row of the
  same track in the frozen ranking snapshot that did not advance, was never offered a place in this
  decision and is still in play in the decided round (ELIGIBLE there: not advanced elsewhere, not
  ineligible, not withdrawn). The entry moves on exactly as at advancement (``move_into_round``).
  The decision row is locked, so two organisers cannot fill one place twice or give two places to
  one entry; ``replaces`` is one-to-one and (decision, entry) unique as a second guard.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.site_cache import bump_pages_version
from cms.tasks import enqueue
from contests import models
from contests.choices import EntryStatus, TeamRole
from contests.models.finalists import FinalistConfirmation, FinalistStatus
from contests.rules import can_answer_finalist
from contests.services import ContestError
from contests.services.audit import record
from contests.services.outcomes.moves import move_into_round

REMIND_BEFORE = timedelta(hours=24)
REASON_MAX = 2000
OPEN_FOR_REPLACEMENT = (FinalistStatus.DECLINED, FinalistStatus.LAPSED)


def clean_deadline(deadline, now):
    if deadline is None or deadline <= now:
        raise ContestError(_("确认截止时间必须晚于当前时间。"), code="deadline")
    return deadline


def _snapshot(confirmation):
    return {
        "entry": confirmation.entry_id,
        "status": confirmation.status,
        "deadline": confirmation.deadline,
        "replaces": confirmation.replaces_id,
        "responded_at": confirmation.responded_at,
        "decline_reason": confirmation.decline_reason,
    }


def _mail(confirmation, kind):
    enqueue("contests.send_finalist_mail", confirmation_id=confirmation.pk, kind=kind)


def require_confirmation(decision, *, deadline, actor, now=None):
    """One PENDING confirmation per advanced entry of ``decision`` (inside the caller's transaction)."""
    now = now or timezone.now()
    clean_deadline(deadline, now)
    created = FinalistConfirmation.objects.bulk_create(
        [
            FinalistConfirmation(decision=decision, entry_id=entry_id, deadline=deadline, notified_at=now,
                                 created_by=actor)
            for entry_id in decision.advanced_entry_ids
        ]
    )  # fmt: skip
    # bulk_create sets primary keys on PostgreSQL and SQLite alike; the e-mails go out on commit.
    for confirmation in created:
        _mail(confirmation, "request")
    record(
        "finalists.require", decision, actor=actor, contest=decision.round.contest,
        after={"deadline": deadline, "finalists": len(created)},
    )  # fmt: skip
    return created


# Who may answer, and what the team sees ----------------------------------------------------------


def may_respond(user, confirmation):
    """Leaders and members of the entry's team (advisers advise; they do not decide to play)."""
    return can_answer_finalist(user, confirmation)


def confirmations_for_entry(entry, now=None):
    """The entry's confirmations, newest first, after lapsing any that are overdue."""
    lapse_overdue(now, entry=entry)
    return list(
        FinalistConfirmation.objects.filter(entry=entry)
        .select_related("decision__round", "decision__next_round")
        .order_by("-created_at", "-pk")
    )


def pending_for_user(user, now=None):
    """PENDING confirmations the user may answer (for the portal dashboard)."""
    lapse_overdue(now, user=user)
    return list(
        FinalistConfirmation.objects.filter(
            status=FinalistStatus.PENDING,
            entry__team__memberships__user=user,
            entry__team__memberships__role__in=[TeamRole.LEADER, TeamRole.MEMBER],
        )
        .select_related("entry__team__contest", "decision__next_round")
        .order_by("deadline", "pk")
        .distinct()
    )


# Answering --------------------------------------------------------------------------------------


def respond(confirmation, *, user, accept, reason="", now=None):
    """Confirm (``accept``) or decline (with a reason, final) before the deadline."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not accept:
        if not reason:
            raise ContestError(_("请填写放弃晋级的原因。"), code="reason_required")
        if len(reason) > REASON_MAX:
            raise ContestError(_("放弃原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}, code="reason_length")
    lapse_overdue(now, entry=confirmation.entry)
    with transaction.atomic():
        locked = (
            FinalistConfirmation.objects.select_for_update()
            .select_related("decision__round__contest", "decision__next_round", "entry")
            .get(pk=confirmation.pk)
        )
        if not may_respond(user, locked):
            raise ContestError(_("只有该作品团队的队长或队员可以答复。"), code="permission")
        if locked.status != FinalistStatus.PENDING:
            if locked.status == FinalistStatus.LAPSED:
                raise ContestError(_("确认截止时间已过，不能再答复。"), code="deadline")
            raise ContestError(_("已经答复过，不能更改。"), code="answered")
        if now >= locked.deadline:
            raise ContestError(_("确认截止时间已过，不能再答复。"), code="deadline")
        before = _snapshot(locked)
        status = FinalistStatus.CONFIRMED if accept else FinalistStatus.DECLINED
        updated = FinalistConfirmation.objects.filter(pk=locked.pk, version=locked.version).update(
            status=status, responded_by=user, responded_at=now, decline_reason="" if accept else reason,
            version=F("version") + 1,
        )  # fmt: skip
        if updated != 1:
            raise ContestError(_("记录已被他人更新，请刷新后重试。"), code="stale")
        locked.refresh_from_db()
        if not accept:
            _leave_next_round(locked, actor=user, now=now, reason=_("团队放弃晋级"))
        record(
            "finalists.confirm" if accept else "finalists.decline", locked, actor=user,
            contest=locked.decision.round.contest, before=before, after=_snapshot(locked), note=reason,
        )  # fmt: skip
        if not accept:
            bump_pages_version()
    return locked


def _leave_next_round(confirmation, *, actor, now, reason):
    """The entry goes back to ELIGIBLE in the decided round; its assignments in the next round end."""
    from contests.services.judging.assignment import remove_assignment

    decision = confirmation.decision
    models.Entry.objects.filter(
        pk=confirmation.entry_id, status=EntryStatus.ADVANCED, current_round=decision.next_round
    ).update(status=EntryStatus.ELIGIBLE, current_round=decision.round, updated_at=now)
    active = models.Assignment.objects.filter(
        round=decision.next_round, entry_id=confirmation.entry_id, state=models.AssignmentState.ACTIVE
    )
    for assignment in active:
        remove_assignment(assignment, actor=actor, reason=reason)


def lapse_overdue(now=None, *, entry=None, user=None, decision=None):
    """Mark PENDING confirmations past their deadline LAPSED (optionally only those of one entry,
    user's teams or decision); return how many. Safe to run concurrently (version check per row)."""
    now = now or timezone.now()
    overdue = FinalistConfirmation.objects.filter(status=FinalistStatus.PENDING, deadline__lte=now)
    if entry is not None:
        overdue = overdue.filter(entry=entry)
    if user is not None:
        overdue = overdue.filter(entry__team__memberships__user=user)
    if decision is not None:
        overdue = overdue.filter(decision=decision)
    lapsed = 0
    for confirmation in overdue.select_related("decision__round__contest", "decision__next_round").distinct():
        with transaction.atomic():
            before = _snapshot(confirmation)
            updated = FinalistConfirmation.objects.filter(
                pk=confirmation.pk, version=confirmation.version, status=FinalistStatus.PENDING
            ).update(status=FinalistStatus.LAPSED, version=F("version") + 1)
            if updated != 1:
                continue  # answered or lapsed by someone else meanwhile
            confirmation.status = FinalistStatus.LAPSED
            _leave_next_round(confirmation, actor=None, now=now, reason=_("逾期未确认参加决赛"))
            record(
                "finalists.lapse", confirmation, contest=confirmation.decision.round.contest, before=before,
                after=_snapshot(confirmation),
            )  # fmt: skip
            bump_pages_version()
            lapsed += 1
    return lapsed


def send_due_reminders(now=None):
    """Once per confirmation, 24 h before its deadline (not for one opened less than 24 h before it)."""
    now = now or timezone.now()
    due = FinalistConfirmation.objects.filter(
        status=FinalistStatus.PENDING, reminded_at__isnull=True, deadline__gt=now, deadline__lte=now + REMIND_BEFORE
    )
    sent = 0
    for confirmation in due:
        if confirmation.notified_at and confirmation.notified_at > confirmation.deadline - REMIND_BEFORE:
            continue
        with transaction.atomic():
            claimed = FinalistConfirmation.objects.filter(pk=confirmation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                _mail(confirmation, "reminder")
                sent += claimed
    return sent


def sweep(now=None):
    """The periodic task's work: lapse what is overdue, then remind what is due."""
    now = now or timezone.now()
    return {"lapsed": lapse_overdue(now), "reminded": send_due_reminders(now)}


# The waitlist -----------------------------------------------------------------------------------


def _track_rows(decision, entry_id):
    for track in decision.ranking.get("tracks", []):
        if any(row["entry_id"] == entry_id for row in track["rows"]):
            return track
    return None


def next_candidate(confirmation):
    """(snapshot row, Entry) of the next-ranked eligible entry of the same track, or None."""
    from contests.services.judging.assignment import entries_for_round

    decision = confirmation.decision
    track = _track_rows(decision, confirmation.entry_id)
    if track is None:
        return None
    offered = set(FinalistConfirmation.objects.filter(decision=decision).values_list("entry_id", flat=True))
    in_play = set(entries_for_round(decision.round).filter(status=EntryStatus.ELIGIBLE).values_list("pk", flat=True))
    for row in track["rows"]:
        if row.get("rank") is None or not row.get("candidate") or row.get("advances"):
            continue
        if row["entry_id"] in offered or row["entry_id"] not in in_play:
            continue
        return row, models.Entry.objects.select_related("team", "track").get(pk=row["entry_id"])
    return None


def replacement_problem(confirmation):
    """Why ``confirmation``'s place cannot be filled now (translated), or ''."""
    if confirmation.status not in OPEN_FOR_REPLACEMENT:
        return _("只有放弃晋级或逾期未确认的名额可以递补。")
    if FinalistConfirmation.objects.filter(replaces=confirmation).exists():
        return _("该名额已经递补。")
    return ""


def replace(confirmation, *, deadline, actor, expected_entry_id=None, now=None):
    """Fill a DECLINED/LAPSED place with ``next_candidate``; returns the new PENDING confirmation.
    ``expected_entry_id`` is the entry the organiser saw on the confirm page: if the waitlist moved
    in between, nothing happens and the organiser is told to look again."""
    now = now or timezone.now()
    clean_deadline(deadline, now)
    try:
        with transaction.atomic():
            # Every replacement of a decision queues here: the second organiser then sees the first's.
            models.AdvancementDecision.objects.select_for_update().get(pk=confirmation.decision_id)
            locked = (
                FinalistConfirmation.objects.select_for_update()
                .select_related("decision__round__contest", "decision__next_round")
                .get(pk=confirmation.pk)
            )
            problem = replacement_problem(locked)
            if problem:
                raise ContestError(problem, code="not_open")
            found = next_candidate(locked)
            if found is None:
                raise ContestError(_("候补名单已空：本赛道没有可递补的作品。"), code="empty")
            row, entry = found
            if expected_entry_id is not None and entry.pk != expected_entry_id:
                raise ContestError(_("候补名单已变化，请重新查看后再确认递补。"), code="changed")
            decision = locked.decision
            move_into_round([entry.pk], decision.next_round, now)
            new = FinalistConfirmation.objects.create(
                decision=decision, entry=entry, deadline=deadline, replaces=locked, notified_at=now,
                created_by=actor,
            )  # fmt: skip
            record(
                "finalists.replace", new, actor=actor, contest=decision.round.contest,
                before=_snapshot(locked), after={**_snapshot(new), "rank": row.get("rank"), "code": row.get("code")},
            )  # fmt: skip
            _mail(new, "request")
            bump_pages_version()
    except IntegrityError:
        raise ContestError(_("该名额已经递补。"), code="not_open") from None
    return new


# The public record --------------------------------------------------------------------------------


def public_changes(contest):
    """Per decision and track: how many finalists declined or lapsed and how many places were filled
    from the waitlist. Counts only: the public notice names no entry that has not won an award."""
    rows = (
        FinalistConfirmation.objects.filter(decision__round__contest=contest)
        .select_related("decision__round", "decision__next_round", "entry__track")
        .order_by("decision__round__number", "entry__track__sort_order", "pk")
    )
    changes = {}
    for confirmation in rows:
        key = (confirmation.decision_id, confirmation.entry.track_id)
        item = changes.setdefault(
            key,
            {"round": confirmation.decision.round, "next_round": confirmation.decision.next_round,
             "track": confirmation.entry.track, "declined": 0, "lapsed": 0, "replaced": 0},
        )  # fmt: skip
        if confirmation.status == FinalistStatus.DECLINED:
            item["declined"] += 1
        elif confirmation.status == FinalistStatus.LAPSED:
            item["lapsed"] += 1
        if confirmation.replaces_id:
            item["replaced"] += 1
    return [item for item in changes.values() if item["declined"] or item["lapsed"]]
