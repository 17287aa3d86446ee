"""Benchmark of judging: automatic assignment and result computation at contest scale.

    .venv/bin/python bench/judging.py                      # throw-away SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuyong_judging_bench .venv/bin/python bench/judging.py

Builds its data with bulk_create in a database of its own (never db.sqlite3: on SQLite the file
is /tmp/shuyong-bench-judging.sqlite3, deleted first; on PostgreSQL the named database is
flushed), then times, ``--repeat`` times each:

* assignment — ``assign_judges`` for 5,000 eligible entries × 5 judges among 150 judges
  (5 tracks, 10 judges in conflict with a team), from scratch each time;
* results — ``compute_round_results`` for 5,000 entries × 7 judges × 6 criteria (210,000 score
  items), with the per-phase split: the totals query, the per-criterion query, the rest.

Prints medians (and min/max). Targets: assignment < 5 s, results < 1 s.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_FILE = "/tmp/shuyong-bench-judging.sqlite3"  # noqa: S108 - a throw-away benchmark database


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log
    if not os.environ.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            Path(SQLITE_FILE + suffix).unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = SQLITE_FILE
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)


def timed(func, repeat, before=None):
    """Wall-clock and CPU seconds of ``repeat`` runs (CPU time of this process only: on a shared
    machine the wall clock also counts waiting for a core; the database server's CPU on
    PostgreSQL is in the wall time only)."""
    times = []
    result = None
    for _ in range(repeat):
        if before:
            before()
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times, result


def describe(times):
    wall = [w for w, _c in times]
    cpu = [c for _w, c in times]
    return (
        f"wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}, max {max(wall):.3f}), "
        f"CPU median {statistics.median(cpu):.3f} s, n={len(times)}"
    )


def clamp(share):
    return min(1.0, max(0.0, share))


def build(entries, judges, tracks, results_judges, criteria):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from contests.choices import EntryStatus, TeamRole
    from contests.models import (
        Assignment,
        Contest,
        Criterion,
        Entry,
        JudgeProfile,
        JudgeStatus,
        Round,
        Score,
        ScoreItem,
        ScoreStatus,
        Team,
        TeamMembership,
        Track,
    )

    User = get_user_model()
    UNUSABLE = make_password(None)
    now = timezone.now()
    day = timedelta(days=1)
    contest = Contest.objects.create(
        name="基准测试大赛", slug="bench", year=2026,
        registration_opens=now - 60 * day, registration_closes=now - 40 * day, submission_deadline=now - 30 * day,
        judging_starts=now - 20 * day, judging_ends=now + 20 * day, results_date=now + 30 * day,
    )  # fmt: skip
    track_rows = Track.objects.bulk_create(
        [Track(contest=contest, name=f"赛道{i}", slug=f"t{i}", sort_order=i) for i in range(tracks)]
    )
    first = Round.objects.create(contest=contest, number=1, opens_at=now - day, closes_at=now + day, judges_per_entry=5)
    second = Round.objects.create(
        contest=contest, number=2, opens_at=now - day, closes_at=now + day, judges_per_entry=results_judges
    )
    weights = [20, 20, 20, 15, 15, 10][:criteria]
    for round_ in (first, second):
        Criterion.objects.bulk_create(
            [
                Criterion(round=round_, name=f"评分项{i}", weight=w, max_score=w, sort_order=i)
                for i, w in enumerate(weights)
            ]
        )

    users = User.objects.bulk_create(
        [
            User(email=f"p{i}@bench{i % 997}.example", password=UNUSABLE, organisation=f"参赛单位{i // 2}")
            for i in range(2 * entries)
        ],
        batch_size=2000,
    )
    teams = Team.objects.bulk_create(
        [
            Team(contest=contest, name=f"团队{i}", organisation=f"参赛单位{i}", created_by=users[2 * i])
            for i in range(entries)
        ],
        batch_size=2000,
    )
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(team=team, contest=contest, user=users[2 * i + offset], role=role)
            for i, team in enumerate(teams)
            for offset, role in ((0, TeamRole.LEADER), (1, TeamRole.MEMBER))
        ],
        batch_size=2000,
    )
    entry_rows = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest, track=track_rows[i % tracks], team=team, title=f"作品{i}", status=EntryStatus.ELIGIBLE,
                created_by=users[2 * i], updated_by=users[2 * i],
            )
            for i, team in enumerate(teams)
        ],
        batch_size=2000,
    )  # fmt: skip

    judge_users = User.objects.bulk_create(
        [User(email=f"j{i}@judges.example", password=UNUSABLE) for i in range(judges)]
    )
    judge_rows = JudgeProfile.objects.bulk_create(
        [
            JudgeProfile(
                contest=contest, user=u, name=f"评委{i}", email=u.email, status=JudgeStatus.ACTIVE,
                # Ten judges work where a team works: conflicts to skip.
                organisation=f"参赛单位{i * 7}" if i < 10 else f"评审单位{i}",
            )
            for i, u in enumerate(judge_users)
        ]
    )  # fmt: skip
    through = JudgeProfile.expertise.through
    through.objects.bulk_create(
        [through(judgeprofile_id=j.pk, track_id=track_rows[i % tracks].pk) for i, j in enumerate(judge_rows)]
        + [
            through(judgeprofile_id=j.pk, track_id=track_rows[(i + 1) % tracks].pk)
            for i, j in enumerate(judge_rows)
            if i % 5 == 0
        ]
    )

    # Round 2: every entry scored by `results_judges` judges of its track, all submitted.
    Entry.objects.filter(pk__in=[e.pk for e in entry_rows]).update(status=EntryStatus.ADVANCED, current_round=second)
    pools = {t.pk: [j for i, j in enumerate(judge_rows) if i % tracks == n] for n, t in enumerate(track_rows)}
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                round=second, entry=e, judge=pools[e.track_id][(e.pk + k) % len(pools[e.track_id])], code=f"b{e.pk}x{k}"
            )
            for e in entry_rows
            for k in range(results_judges)
        ],
        batch_size=5000,
    )
    scores = Score.objects.bulk_create(
        [Score(assignment=a, status=ScoreStatus.SUBMITTED, comment="基准", submitted_at=now) for a in assignments],
        batch_size=5000,
    )
    crit = list(second.criteria.order_by("sort_order"))
    rng = random.Random(2026)
    quality = {e.pk: rng.uniform(0.5, 0.95) for e in entry_rows}
    entry_of = {a.pk: a.entry_id for a in assignments}
    ScoreItem.objects.bulk_create(
        [
            ScoreItem(
                score=s, criterion=c,
                value=round(clamp(quality[entry_of[s.assignment_id]] + rng.gauss(0, 0.08)) * c.max_score, 1),
            )
            for s in scores
            for c in crit
        ],
        batch_size=10000,
    )  # fmt: skip
    # Round 1 judges the same entries as ELIGIBLE first-round entries: move them back. Round 2's
    # results still cover them, through their active assignments in round 2.
    Entry.objects.filter(contest=contest).update(status=EntryStatus.ELIGIBLE, current_round=None)
    return first, second


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--judges", type=int, default=150)
    parser.add_argument("--tracks", type=int, default=5)
    parser.add_argument("--results-judges", type=int, default=7)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    start = time.perf_counter()
    setup_django()
    from django.db import connection

    from contests.models import Assignment, AuditEvent, ScoreItem
    from contests.services.judging.assignment import assign_judges
    from contests.services.judging.results import compute_round_results, criterion_means, judge_totals
    from contests.services.judging.scoring import criteria_of

    first, second = build(args.entries, args.judges, args.tracks, args.results_judges, args.criteria)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE would have them.
        cursor.execute("ANALYZE")
    database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    print(f"database: {database}; set-up {time.perf_counter() - start:.1f} s")
    print(f"data: {args.entries} entries, {args.judges} judges, {args.tracks} tracks; "
          f"{ScoreItem.objects.count()} score items in round 2")  # fmt: skip

    def reset_assignments():
        Assignment.objects.filter(round=first).delete()
        AuditEvent.objects.filter(action="judging.assign").delete()

    times, report = timed(lambda: assign_judges(first, seed=1), args.repeat, before=reset_assignments)
    print(f"assignment ({args.entries} × 5 among {args.judges}): {describe(times)}; created {report.created}, "
          f"shortfalls {len(report.shortfalls)}, loads {sorted(report.loads.values())}")  # fmt: skip

    times, summary = timed(lambda: compute_round_results(second), args.repeat)
    print(f"results ({args.entries} × {args.results_judges} × {args.criteria}): {describe(times)}; "
          f"{summary.entries} entries, {summary.flagged} flagged")  # fmt: skip
    totals_times, totals = timed(lambda: judge_totals(second), args.repeat)
    crit = criteria_of(second)
    means_times, _means = timed(lambda: criterion_means(second, crit), args.repeat)
    print(f"  of which: totals query {describe(totals_times)} ({len(totals)} rows); "
          f"per-criterion query {describe(means_times)}")  # fmt: skip


if __name__ == "__main__":
    main()
