"""Benchmark of the Excel export at contest scale, against raw openpyxl writing the same cells.

    .venv/bin/python bench/exports.py                       # throw-away SQLite file /tmp/exports_bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuyong_exports_bench .venv/bin/python bench/exports.py

Builds (once; ``--rebuild`` to start over) a contest of 5,000 entries, 14,000 participants in 5,000
teams, 150 judges and 7 judges × 6 criteria per entry (35,000 scores, 210,000 score items) plus
5,000 round results, with bulk_create. Then, each ``--repeat`` times in a fresh subprocess (so
that peak memory is the export's own):

* job — ``build_workbook(ctx, "all", …)``: every sheet, read from the database with streamed
  ``values_list(...).iterator()`` queries, converted (neutralised text, Beijing times) and written;
* raw — openpyxl write-only writing exactly the cells of that workbook from lists in memory
  (the cells are loaded before the clock starts): the floor any exporter pays for the file.

Prints the medians, the ratio job / raw (target ≤ 1.3) and the job's peak RSS (target < 200 MB).
``--lxml PATH`` adds PATH (a folder with lxml installed, e.g. ``pip install --target PATH lxml``)
to the subprocesses, so the same runs show what lxml does for openpyxl's write-only mode.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.gettempdir())
SQLITE_FILE = str(TMP / "exports_bench.sqlite3")
WORKBOOK = str(TMP / "exports_bench.xlsx")
SLUG = "bench-exports"
ENTRIES, PARTICIPANTS, JUDGES, JUDGES_PER_ENTRY, CRITERIA, TRACKS = 5_000, 14_000, 150, 7, 6, 5


def setup_django(*, migrate=False):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log
    os.environ["LOG_LEVEL"] = "WARNING"
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = SQLITE_FILE
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def build():
    """The contest, with bulk_create throughout."""
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from contests.choices import EntryStatus, OrganisationType, TeamRole
    from contests.models import (
        Assignment,
        Contest,
        Criterion,
        Entry,
        JudgeProfile,
        Round,
        RoundResult,
        Score,
        ScoreItem,
        Team,
        TeamMembership,
        Track,
    )
    from scenes.models import Node

    rng = random.Random(2026)
    UNUSABLE = "!"  # an unusable password hash: nobody signs in as these people
    User = get_user_model()
    now = timezone.now()
    contest = Contest.objects.create(
        name="2026年数据应用创新大赛（基准）", slug=SLUG, year=2026, registration_opens=now,
        registration_closes=now, submission_deadline=now, judging_starts=now, judging_ends=now,
        results_date=now + datetime.timedelta(days=1), max_team_size=5,
    )  # fmt: skip
    tracks = Track.objects.bulk_create(
        Track(contest=contest, name=name, slug=f"t{i}", sort_order=i)
        for i, name in enumerate(["智慧养老", "城市治理", "乡村振兴", "健康医疗", "数字社会"][:TRACKS])
    )
    round_ = Round.objects.create(contest=contest, number=1, opens_at=now, closes_at=now + datetime.timedelta(days=1))
    criteria = Criterion.objects.bulk_create(
        Criterion(round=round_, name=name, weight=weight, max_score=20, sort_order=i)
        for i, (name, weight) in enumerate(
            [("创新性", 20), ("数据应用深度", 20), ("可行性", 20), ("社会效益", 15), ("经济效益", 15), ("展示表达", 10)]
        )
    )
    cities = list(Node.objects.all()) or [None]
    users = User.objects.bulk_create(
        (
            User(email=f"p{i}@bench.example", real_name=f"参赛者{i}", phone=f"138{i:08d}", password=UNUSABLE)
            for i in range(PARTICIPANTS)
        ),
        batch_size=2000,
    )  # fmt: skip
    teams = Team.objects.bulk_create(
        (
            Team(contest=contest, name=f"团队{i}", organisation=f"示例单位{i % 700}", created_by=users[i],
                 organisation_type=rng.choice(OrganisationType.values), city=rng.choice(cities))
            for i in range(ENTRIES)
        ),
        batch_size=2000,
    )  # fmt: skip
    memberships = [
        TeamMembership(team=t, contest=contest, user=users[i], role=TeamRole.LEADER) for i, t in enumerate(teams)
    ]
    for j, user in enumerate(users[ENTRIES:]):
        memberships.append(TeamMembership(team=teams[j % ENTRIES], contest=contest, user=user, role=TeamRole.MEMBER))
    TeamMembership.objects.bulk_create(memberships, batch_size=5000)
    text = "汇聚民政、卫健、医保、人社等共享数据，构建老年人服务需求画像，实现服务资源与需求的精准匹配。"
    entries = Entry.objects.bulk_create(
        (
            Entry(contest=contest, track=tracks[i % TRACKS], team=team, title=f"基于共享数据的智慧应用{i}",
                  abstract=text * 3, problem=text * 2, approach=text * 6, expected_benefits=text,
                  status=EntryStatus.ELIGIBLE, submitted_at=now, created_by=team.created_by, updated_by=team.created_by)
            for i, team in enumerate(teams)
        ),
        batch_size=1000,
    )  # fmt: skip
    judges = JudgeProfile.objects.bulk_create(
        JudgeProfile(contest=contest, name=f"评委{i}", email=f"j{i}@bench.example", organisation=f"高校{i % 40}",
                     status="active")
        for i in range(JUDGES)
    )  # fmt: skip
    assignments = Assignment.objects.bulk_create(
        (
            Assignment(round=round_, entry=entry, judge=judges[(i * JUDGES_PER_ENTRY + k) % JUDGES], order_key=k)
            for i, entry in enumerate(entries)
            for k in range(JUDGES_PER_ENTRY)
        ),
        batch_size=5000,
    )
    scores = Score.objects.bulk_create(
        (
            Score(assignment=a, status="submitted", comment="方案完整，数据使用合理。", submitted_at=now)
            for a in assignments
        ),
        batch_size=5000,
    )
    ScoreItem.objects.bulk_create(
        (ScoreItem(score=s, criterion=c, value=Decimal(rng.randint(80, 200)) / 10) for s in scores for c in criteria),
        batch_size=10_000,
    )
    RoundResult.objects.bulk_create(
        (
            RoundResult(round=round_, entry=e, track=e.track, judges_assigned=7, judges_scored=7, mean=80.5,
                        median=81.0, trimmed_mean=80.7, trimmed=True, zscore=0.12, total=563.5, std_dev=4.2,
                        score_range=12.0, criteria_means=[16.1] * CRITERIA, score=80.7, rank=i // TRACKS + 1,
                        computed_at=now)
            for i, e in enumerate(entries)
        ),
        batch_size=2000,
    )  # fmt: skip


def peak_rss_mb():
    """This process's peak resident memory. VmHWM (Linux) starts afresh at exec; getrusage's
    ru_maxrss would include the parent's memory at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_job():
    setup_django()
    from contests.models import Contest
    from contests.services.exports import ExportContext, build_workbook

    baseline = peak_rss_mb()
    ctx = ExportContext.build(Contest.objects.get(slug=SLUG))
    start, cpu = time.perf_counter(), time.process_time()
    result = build_workbook(ctx, "all", WORKBOOK)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rows": result.total_rows,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": baseline,
    }


def measure_raw():
    import openpyxl
    from openpyxl import Workbook

    source = openpyxl.load_workbook(WORKBOOK, read_only=True)
    sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in source.worksheets]
    source.close()
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    start, cpu = time.perf_counter(), time.process_time()
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(TMP / "exports_bench_raw.xlsx")
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "cells": cells}


def child(kind, lxml_path=None, use_lxml=True):
    env = dict(os.environ)
    if lxml_path:
        env["PYTHONPATH"] = lxml_path
    env["OPENPYXL_LXML"] = "True" if use_lxml else "False"
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--measure", kind], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_series(label, repeat, lxml_path=None, use_lxml=True):
    jobs, raws = [], []
    for _ in range(repeat):
        jobs.append(child("job", lxml_path, use_lxml))
        raws.append(child("raw", lxml_path, use_lxml))
    job_s = statistics.median(j["seconds"] for j in jobs)
    raw_s = statistics.median(r["seconds"] for r in raws)
    job_cpu = statistics.median(j["cpu"] for j in jobs)
    raw_cpu = statistics.median(r["cpu"] for r in raws)
    peak = max(j["peak_rss_mb"] for j in jobs)
    # CPU time is the fairer comparison on a shared machine (wall time includes waiting for a core);
    # on SQLite the database work is in-process, so it is counted.
    print(
        f"{label:<14} job {job_s:6.2f} s (cpu {job_cpu:6.2f})   raw openpyxl {raw_s:6.2f} s (cpu {raw_cpu:6.2f})   "
        f"ratio wall {job_s / raw_s:4.2f} cpu {job_cpu / raw_cpu:4.2f}   "
        f"peak RSS {peak:5.0f} MB (after start-up {jobs[0]['rss_before_mb']:.0f} MB)   "
        f"rows {jobs[0]['rows']:,}  cells {raws[0]['cells']:,}   n={repeat}"
    )
    return job_s, raw_s, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", choices=["job", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the benchmark data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lxml", metavar="PATH", help="folder with lxml installed, to compare with and without")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_job() if args.measure == "job" else measure_raw()))
        return
    if args.rebuild and not os.environ.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            Path(SQLITE_FILE + suffix).unlink(missing_ok=True)
    setup_django(migrate=True)
    from contests.models import Contest

    if args.rebuild and os.environ.get("DATABASE_URL"):
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    if not Contest.objects.filter(slug=SLUG).exists():
        start = time.perf_counter()
        build()
        print(f"built the contest in {time.perf_counter() - start:.1f} s")
    import openpyxl

    print(f"openpyxl {openpyxl.__version__}, lxml in this process: {openpyxl.LXML}")
    if args.lxml:
        run_series("without lxml", args.repeat, args.lxml, use_lxml=False)
        run_series("with lxml", args.repeat, args.lxml, use_lxml=True)
    else:
        run_series("as installed", args.repeat)


if __name__ == "__main__":
    main()
