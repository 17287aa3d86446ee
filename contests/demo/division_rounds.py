"""Demo division rounds of the 2026 contest: round 1 becomes a divisional first round (分赛区初赛)
judged by each division's own judges, round 2 (the provincial final) has same-city recusal.

* the demo judges are spread over 济南, 青岛 and 烟台 (division and city set; every track);
* round 1's unscored assignments that cross divisions (made before there were divisions) are
  withdrawn, then each division's entries are topped up with its own judges and scored like the
  judging demo does, and every division's results are computed;
* 烟台 has already advanced its quota into round 2, where the judges are assigned with same-city
  recusal (no 烟台 judge gets a 烟台 entry); 济南 and 青岛 are left for their managers to advance.

The divisions (with their managers) come from the ``divisions`` loader (order 80); if it has not
run, they are made here the same way (same slugs, names, managers and quota). Runs at order 82.
Idempotent: judges already in a division, decided divisions and existing assignments stay as they are.
"""

from django.db.models import F, Q

from contests.services import ContestError

CONTEST_SLUG = "2026"
ADVANCED_DIVISION = "yantai"
SEED = 2026


def _divisions(contest):
    """The contest's three divisions, made and filled as the divisions loader does (order 80)."""
    from contests.demo.divisions import ensure_divisions, place_teams

    divisions = ensure_divisions(contest)
    place_teams(contest, divisions)
    return divisions


def _division_judges(contest, divisions):
    """Judges without a division go round the three divisions, in their division's city, judging every track."""
    from contests.models import JudgeProfile

    judges = list(
        JudgeProfile.objects.filter(contest=contest, division__isnull=True, user__isnull=False).order_by("pk")
    )
    if not judges or JudgeProfile.objects.filter(contest=contest, division__isnull=False).exists():
        return 0
    order = list(divisions.values())
    tracks = list(contest.tracks.all())
    through = JudgeProfile.expertise.through
    links = []
    for index, judge in enumerate(judges):
        division = order[index % len(order)]
        JudgeProfile.objects.filter(pk=judge.pk).update(division=division, city=division.node_id)
        links += [through(judgeprofile_id=judge.pk, track_id=track.pk) for track in tracks]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(judges)


def _withdraw_crossing(round_, organiser):
    """Round 1's active, unscored assignments of a judge from another division than the entry's."""
    from contests.models import Assignment, AssignmentState
    from contests.services.judging.assignment import remove_assignment

    crossing = (
        Assignment.objects.filter(round=round_, state=AssignmentState.ACTIVE, judge__division__isnull=False)
        .exclude(judge__division=F("entry__team__division"))
        .filter(Q(score__isnull=True) | ~Q(score__status="submitted"))
    )
    count = 0
    for assignment in crossing:
        remove_assignment(assignment, actor=organiser, reason="改为分赛区初赛：由本分赛区评委评审")
        count += 1
    return count


def load_division_rounds(command, options):
    from django.contrib.auth import get_user_model

    from contests.demo.contest import ORGANISER
    from contests.demo.judging import _scores
    from contests.models import Contest, DivisionAdvancement
    from contests.services.division_rounds.advancement import confirm_division_advancement
    from contests.services.judging.assignment import assign_judges
    from contests.services.judging.results import compute_round_results

    def say(text):
        if command is not None:
            command.stdout.write(text)

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    first = contest and contest.rounds.filter(number=1).first()
    final = contest and contest.rounds.filter(number=2).first()
    if not (first and final):
        say("分赛区初赛演示：没有 2026 大赛的两轮评审，跳过。")
        return []
    organiser = get_user_model().objects.filter(email=ORGANISER[0]).first()
    divisions = _divisions(contest)
    if not first.divisional or not final.same_city_recusal:
        type(first).objects.filter(pk=first.pk).update(divisional=True)
        type(final).objects.filter(pk=final.pk).update(same_city_recusal=True)
        first.refresh_from_db()
        final.refresh_from_db()
    placed = _division_judges(contest, divisions)
    withdrawn = _withdraw_crossing(first, organiser) if organiser else 0
    decided = set(DivisionAdvancement.objects.filter(round=first).values_list("division__slug", flat=True))
    created = 0
    for slug, division in divisions.items():
        if slug not in decided:
            created += assign_judges(first, seed=SEED, actor=organiser, division=division).created
    criteria = list(first.criteria.order_by("sort_order", "pk"))
    scored = _scores(first, criteria, SEED) if criteria and created else 0
    if created or withdrawn or placed:
        compute_round_results(first, actor=organiser)
    if ADVANCED_DIVISION not in decided and organiser is not None and criteria:
        manager = divisions[ADVANCED_DIVISION].managers.first() or organiser
        try:
            confirm_division_advancement(
                first, divisions[ADVANCED_DIVISION], actor=manager, next_round=final,
                note="烟台分赛区初赛按名额确定晋级省级决赛。",
            )  # fmt: skip
        except ContestError as exc:
            say(f"烟台分赛区未能确定晋级：{exc.message}")
        else:
            report = assign_judges(final, seed=SEED, actor=organiser)
            say("省级决赛（同城回避）：" + "；".join(report.lines()))
    say(
        f"分赛区初赛演示：{placed} 名评委分到分赛区，撤回跨分赛区的未评分分配 {withdrawn} 条，"
        f"新增分配 {created} 条、评分 {scored} 份。"
    )
    return []  # the managers' logins are printed by the divisions loader
