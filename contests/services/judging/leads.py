"""Lead judges (主审, panel chairs) of one track or one 赛题: appointed by organisers (a 赛题's unit
member may be), they see their panels' progress blind (entry codes, judges by name), remind late
judges, flag a disagreement to the organiser and record the consensus score.

A lead judge reaches a panel only through their own active appointment (``lead_for``); every entry
outside the appointment's track or 赛题 is a 404 in the views.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models import LeadJudge
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.judges import blind_code
from contests.services.judging.progress import Progress, progress_counts

DISAGREEMENT_FLAGGED = "judging.disagreement_flagged"


def active_leads(user):
    if not (user and user.is_authenticated and user.is_active):
        return LeadJudge.objects.none()
    return LeadJudge.objects.filter(user=user, ended_at__isnull=True).select_related("contest", "track", "challenge")


def lead_for(user, lead_id):
    """The user's own active appointment ``lead_id``, or None."""
    return active_leads(user).filter(pk=lead_id).first()


def scope_q(lead, prefix=""):
    """The entries of the appointment's track or 赛题, as a Q on ``prefix`` + entry fields."""
    if lead.track_id:
        return Q(**{f"{prefix}track_id": lead.track_id})
    return Q(**{f"{prefix}challenge_id": lead.challenge_id})


def scope_label(lead):
    if lead.track_id:
        return _("赛道：%(name)s") % {"name": lead.track.name}
    return _("赛题：%(name)s") % {"name": lead.challenge.title}


def lead_round(lead, round_id):
    return models.Round.objects.filter(pk=round_id, contest_id=lead.contest_id).select_related("contest").first()


def panel_entry_ids(lead, round_):
    """Entries of the appointment's scope judged in the round (in it now, or assigned in it)."""
    from contests.services.judging.results import round_entry_ids

    ids = round_entry_ids(round_)
    return set(models.Entry.objects.filter(scope_q(lead), pk__in=ids).values_list("pk", flat=True))


def entry_in_panel(lead, round_, entry_id):
    return entry_id in panel_entry_ids(lead, round_)


# The panel page --------------------------------------------------------------------------------


@dataclass
class PanelEntry:
    entry_id: int
    code: str
    track: str
    progress: Progress
    result: object = None
    consensus: object = None
    flagged: bool = False

    @property
    def original(self):
        """The judges' aggregate by the round's ranking method (what the consensus sits beside)."""
        return self.result.original if self.result is not None else None


@dataclass
class Panel:
    entries: list = field(default_factory=list)
    judges: list = field(default_factory=list)  # [(JudgeProfile, Progress)]
    progress: Progress = field(default_factory=Progress)

    @property
    def late(self):
        return [judge for judge, progress in self.judges if progress.unfinished]


def panel_of(lead, round_):
    """Blind progress of the lead's panel in the round: per entry (code, scored/assigned, result,
    consensus, flagged) and per judge. A fixed number of queries whatever the panel's size."""
    ids = panel_entry_ids(lead, round_)
    assignments = models.Assignment.objects.filter(round=round_, entry_id__in=ids)
    by_entry = progress_counts(assignments, "entry_id")
    by_judge = progress_counts(assignments, "judge_id")
    results = {r.entry_id: r for r in models.RoundResult.objects.filter(round=round_, entry_id__in=ids)}
    for result in results.values():
        result.original = getattr(result, round_.aggregation, None)
    consensus = {c.entry_id: c for c in models.ConsensusScore.objects.filter(round=round_, entry_id__in=ids)}
    flagged = {
        int(pk)
        for pk in models.AuditEvent.objects.filter(
            action=DISAGREEMENT_FLAGGED, object_type="contests.entry", after__round=round_.pk
        ).values_list("object_id", flat=True)
    }
    panel = Panel()
    for pk, uuid, track in models.Entry.objects.filter(pk__in=ids).values_list("pk", "uuid", "track__name"):
        progress = by_entry.get((pk,), Progress())
        panel.entries.append(
            PanelEntry(pk, blind_code(uuid), track, progress, results.get(pk), consensus.get(pk), pk in flagged)
        )
        panel.progress.add(progress)
    panel.entries.sort(key=lambda e: e.code)
    judges = models.JudgeProfile.objects.in_bulk([key[0] for key in by_judge])
    panel.judges = sorted(((judges[key[0]], p) for key, p in by_judge.items()), key=lambda jp: (jp[0].name, jp[0].pk))
    return panel


# Actions ------------------------------------------------------------------------------------------


def remind_late_judges(lead, round_, *, actor, now=None):
    """E-mail every judge of the panel with unfinished assignments in the round (at most once a day
    per judge, through the daily reminder's own record). Returns how many were reminded."""
    from contests.services.outcomes.judge_reminders import remind_judge

    now = now or timezone.now()
    panel = panel_of(lead, round_)
    sent = 0
    for judge, progress in panel.judges:
        if progress.unfinished:
            sent += remind_judge(judge, [(round_, progress.unfinished)], timezone.localdate(now))
    record("judging.lead_reminded", lead, actor=actor, contest=lead.contest,
           after={"round": round_.pk, "late": len(panel.late), "sent": sent})  # fmt: skip
    return sent


def flag_disagreement(lead, round_, entry, *, actor, note):
    """Flag a disagreement on an entry of the panel for the organiser (recorded in the audit log and
    listed on the organiser's consensus page)."""
    note = (note or "").strip()
    if not note:
        raise ContestError(_("请说明分歧所在。"), code="note_required")
    if not entry_in_panel(lead, round_, entry.pk):
        raise ContestError(_("该作品不在本评审组范围内。"), code="not_in_panel")
    return record(DISAGREEMENT_FLAGGED, entry, actor=actor, contest=round_.contest,
                  after={"round": round_.pk, "lead": lead.pk}, note=note)  # fmt: skip


def flagged_disagreements(round_):
    """The lead judges' disagreement flags of the round, newest first."""
    return list(
        models.AuditEvent.objects.filter(action=DISAGREEMENT_FLAGGED, contest=round_.contest, after__round=round_.pk)
        .select_related("actor")
        .order_by("-created_at")
    )


# Appointments ---------------------------------------------------------------------------------------


def appoint_lead(contest, *, user, actor, track=None, challenge=None):
    if (track is None) == (challenge is None):
        raise ContestError(_("请选择一个赛道或一个赛题（二选一）。"), code="scope")
    scope = track or challenge
    scope_contest = scope.contest_id if track else scope.track.contest_id
    if scope_contest != contest.pk:
        raise ContestError(_("所选赛道或赛题不属于本届大赛。"), code="scope")
    try:
        with transaction.atomic():
            lead = LeadJudge.objects.create(
                contest=contest, user=user, track=track, challenge=challenge, appointed_by=actor
            )
            record("judging.lead_appointed", lead, actor=actor, contest=contest,
                   after={"user": user.pk, "track": getattr(track, "pk", None),
                          "challenge": getattr(challenge, "pk", None)})  # fmt: skip
    except IntegrityError:
        raise ContestError(_("该用户已是这个赛道或赛题的主审。"), code="duplicate") from None
    return lead


def end_lead(lead, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        updated = LeadJudge.objects.filter(pk=lead.pk, ended_at__isnull=True).update(ended_at=now)
        if not updated:
            raise ContestError(_("该主审任命已经结束。"), code="ended")
        lead.ended_at = now
        record("judging.lead_ended", lead, actor=actor, contest=lead.contest)
    return lead


def lead_candidates(contest):
    """Accounts offered in the appointment chooser: the contest's active judges and the members of
    the units whose 赛题 are in the contest (出题单位 may chair their own 赛题's panel)."""
    from django.contrib.auth import get_user_model

    from scenes.models import UnitMember

    judge_users = models.JudgeProfile.objects.filter(
        contest=contest, status=models.JudgeStatus.ACTIVE, user__isnull=False
    ).values("user_id")
    unit_users = UnitMember.objects.filter(
        unit__in=models.Challenge.objects.filter(track__contest=contest).values("unit_id")
    ).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=judge_users) | Q(pk__in=unit_users), is_active=True)
