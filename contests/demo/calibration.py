"""Demo calibrated judging (load_demo, order 86; idempotent).

* 2026: round 1 (the early online review, open now) requires calibration: three anchors, calibration
  scores from most of its judges (two still missing), a discussion note, and calibration closed when
  the round opened — the demo judges' scores of round 1 were given after it, and judge1 keeps scoring.
  The final round requires calibration too; it waits for its anchors once finalists are known.
  lead@shuyong.example chairs the first track (主审) in the lead judges' workspace (/judging/lead/).
* 2025: the final round has a consensus step with two consensus scores (and reasons), chosen between
  their neighbours' scores so the published ranks and awards stay as they are; results show the delta.
"""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

LEAD_EMAIL = "lead@shuyong.example"
NOTE = "校准讨论：评委对“数据应用深度”尺度分歧最大，约定仅调用公开接口的作品一般不超过 17 分。"
REASONS = [
    "合议：两位评委认为试点数据不足而打分偏低，复核试点报告后一致同意上调。",
    "合议：展示材料夸大了已上线范围，评审组讨论后一致同意下调。",
]


def load_calibration(command, options):
    from contests.models import Contest

    def say(text):
        if command is not None:
            command.stdout.write(text)

    contest = Contest.objects.filter(year=2026).order_by("pk").first()
    if contest is None:
        say("校准演示数据：没有 2026 大赛，跳过。")
        return []
    organiser = _organiser(contest)
    logins = []
    anchors = _calibration(contest, organiser, options.get("seed") or 2026)
    if anchors:
        say(f"校准演示数据：2026 初评 {anchors} 件校准作品，校准已结束。")
    lead = _lead(contest, organiser)
    if lead is not None:
        logins.append(("主审 lead", LEAD_EMAIL, _password()))
    consensus = _consensus_2025(organiser)
    if consensus:
        say(f"合议演示数据：2025 决赛 {consensus} 件作品采用合议得分。")
    return logins


def _password():
    from contests.demo.judging import PASSWORD

    return PASSWORD


def _organiser(contest):
    from contests.demo.contest import ORGANISER

    User = get_user_model()
    return User.objects.filter(email=ORGANISER[0]).first() or User.objects.filter(is_superuser=True).first()


def _calibration(contest, organiser, seed):
    from django.db.models import Count

    from contests.models import Assignment, AssignmentState, CalibrationAnchor, CalibrationItem, CalibrationScore
    from contests.services import ContestError
    from contests.services.judging.assignment import entries_for_round
    from contests.services.judging.calibration import add_anchor, round_judges

    first = contest.rounds.filter(number=1).first()
    if first is None or organiser is None or CalibrationAnchor.objects.filter(round=first).exists():
        return 0
    final = contest.rounds.filter(number=2).first()
    if final is not None and not final.calibration_required:
        final.calibration_required = True
        final.save(update_fields=["calibration_required"])
    # Anchors: the three round-1 entries with the most judges (every judge of the round scores them).
    candidates = list(
        entries_for_round(first)
        .annotate(n=Count("assignments", filter=_active(first)))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:12]
    )
    if len(candidates) < 3 or not Assignment.objects.filter(round=first, state=AssignmentState.ACTIVE).exists():
        return 0
    first.calibration_required = True
    first.save(update_fields=["calibration_required"])
    entries = {e.pk: e for e in entries_for_round(first).filter(pk__in=candidates)}
    anchors = []
    for pk in candidates:  # an entry a judge of the round is in conflict with cannot be an anchor
        if len(anchors) == 3:
            break
        try:
            anchors.append(add_anchor(first, entries[pk], actor=organiser))
        except ContestError:
            continue
    if not anchors:
        return 0
    criteria = list(first.criteria.order_by("sort_order", "id"))
    rng = random.Random(seed)
    judges = list(round_judges(first))
    for index, judge in enumerate(judges):
        if index >= len(judges) - 2:
            break  # the last two judges have not calibrated: the dashboard lists them
        leniency = rng.uniform(-0.12, 0.12)
        for position, anchor in enumerate(anchors):
            base = (0.82, 0.66, 0.5)[position]
            score = CalibrationScore.objects.create(
                anchor=anchor, judge=judge, comment="校准评分：按评分标准逐项打分，供统一尺度讨论。",
                submitted_at=first.opens_at,
            )  # fmt: skip
            CalibrationItem.objects.bulk_create(
                [
                    CalibrationItem(score=score, criterion=c, value=_value(c.max_score, base + leniency, rng))
                    for c in criteria
                ]
            )
    first.calibration_note = NOTE
    first.calibration_closed_at = first.opens_at
    first.calibration_closed_by = organiser
    first.save(update_fields=["calibration_note", "calibration_closed_at", "calibration_closed_by"])
    return len(anchors)


def _active(round_):
    from django.db.models import Q

    from contests.models import AssignmentState

    return Q(assignments__round=round_, assignments__state=AssignmentState.ACTIVE)


def _value(top, share, rng):
    value = max(0.0, min(1.0, share + rng.uniform(-0.06, 0.06))) * top
    return Decimal(str(round(value * 2) / 2)).quantize(Decimal("0.1"))


def _lead(contest, organiser):
    from contests.models import LeadJudge

    track = contest.tracks.order_by("sort_order", "pk").first()
    if track is None or organiser is None:
        return None
    User = get_user_model()
    user = User.objects.filter(email=LEAD_EMAIL).first()
    if user is None:
        user = User.objects.create(
            email=LEAD_EMAIL, real_name="陈主审", password=make_password(_password()), is_active=True
        )
    lead, _created = LeadJudge.objects.get_or_create(
        contest=contest, track=track, user=user, ended_at=None, defaults={"appointed_by": organiser}
    )
    return lead


def _consensus_2025(organiser):
    from contests.demo.outcomes import CONTEST_SLUG
    from contests.models import ConsensusScore, Contest, RoundResult
    from contests.services.judging.consensus import record_consensus

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    final = contest and contest.rounds.filter(number=2).first()
    if final is None or organiser is None or ConsensusScore.objects.filter(round=final).exists():
        return 0
    track = contest.tracks.order_by("sort_order", "pk").first()
    rows = list(
        RoundResult.objects.filter(round=final, track=track, rank__isnull=False)
        .order_by("rank")
        .select_related("entry")
    )
    if len(rows) < 5:
        return 0
    final.consensus_required = True
    final.save(update_fields=["consensus_required"])
    # Between the neighbours' scores: rank 2 up towards rank 1, rank 4 down towards rank 5.
    picks = [(rows[1], rows[0]), (rows[3], rows[4])]
    made = 0
    for (row, neighbour), reason in zip(picks, REASONS, strict=True):
        if row.score is None or neighbour.score is None or row.score == neighbour.score:
            continue
        value = Decimal(str((row.score + neighbour.score) / 2)).quantize(Decimal("0.01"))
        record_consensus(final, row.entry, actor=organiser, value=value, reason=reason, version=0)
        # What compute_round_results gives with this consensus: the same rank, the consensus as score.
        RoundResult.objects.filter(pk=row.pk).update(score=float(value))
        made += 1
    return made
