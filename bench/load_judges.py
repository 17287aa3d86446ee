"""Load run: judges scoring at once, against gunicorn on PostgreSQL + Redis (issue #5's 50-judge run).

    .venv/bin/python bench/load_judges.py                   # 50 judges × 3 assignments, 5 visitors, ≤ 300 s
    .venv/bin/python bench/load_judges.py --reuse           # keep the database built by an earlier run
    .venv/bin/python bench/load_judges.py --reuse --visitors 0 --spawn-rate 50 --label burst

Bounded, local and self-stopping like bench/load.py, whose functions it reuses (server, locust
records, percentiles); bench/load.py itself is unchanged. Steps:

1. Data — a PostgreSQL database of its own (``--database``, dropped and created unless ``--reuse``):
   ``migrate``, ``load_demo --teams T --judges J`` (the demo's round 1 with its rubric, assignments
   and a mix of draft and submitted scores). Then, through the ORM (``prepare``): round 1 opens now
   (its window moves to ten minutes ago … well after the run), and for each of the first ``--judges``
   judges the first ``--per-judge`` of their assignments (in their own order; the demo assigns no
   conflicts) lose any score and the no-conflict declaration, so they can be declared, drafted and
   submitted again. Every run starts from the same state.
2. Server — ``collectstatic``, gunicorn with deploy/gunicorn.conf.py and cms.settings.production
   (``--workers`` sync workers), Redis for cache and sessions.
3. Load — ``locust --headless`` with bench/locustfile_judges.py: each judge logs in through the form,
   opens the portal and the round's list, and for each planned assignment declares no conflict,
   opens the score form, saves a draft with its version, submits with the next version; the last
   submit of each judge is sent twice at once (a double click). ``--visitors`` anonymous visitors
   browse the public site all along (bench/locustfile.py's). Ends when every judge is done, or at
   ``--duration`` / ``--max-requests``.
4. Check — "nothing lost": every submit the judge saw confirmed has a SUBMITTED Score with exactly
   the values, comment and version sent; every confirmed draft save has its audit event with those
   values; no score is submitted twice (one ``judging.score_submitted`` event per score, also for
   the double clicks); and no 5xx, tracebacks or worker timeouts.

Figures per step: requests, throughput, p50/p95/p99, errors; also the time inside gunicorn per step
from its access log. Written to bench/results/judges-load-<date>[-<label>].md.

tests/integration/test_load_judges_short.py runs the same functions with a few judges for seconds.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

LOCUSTFILE = ROOT / "bench" / "locustfile_judges.py"


# --- data (in a process where Django is set up) -----------------------------------------------------------


def prepare(judges, per_judge, *, scene_pages=20, rehash_passwords=False, open_for=3600):
    """Open the demo contest's round 1 now and give ``judges`` judges ``per_judge`` fresh assignments each.

    Returns the plan's data part. ``rehash_passwords``: hash the judges' demo password as production
    does (PBKDF2), for data created under settings with a fast test hasher.
    """
    from django.db import transaction
    from django.utils import timezone

    from contests.demo.contest import CONTEST_SLUG
    from contests.demo.judging import PASSWORD
    from contests.models import (
        Assignment,
        AssignmentState,
        Contest,
        ContestPage,
        JudgeProfile,
        JudgeStatus,
        Score,
        ScoreItem,
    )
    from contests.services.judging.scoring import criteria_of
    from scenes.models import ScenePage

    contest = Contest.objects.get(slug=CONTEST_SLUG)
    round_ = contest.rounds.get(number=1)
    criteria = criteria_of(round_)
    chosen = []
    for judge in JudgeProfile.objects.filter(contest=contest, status=JudgeStatus.ACTIVE, user__isnull=False).order_by(
        "pk"
    ):
        rows = Assignment.objects.filter(round=round_, judge=judge, state=AssignmentState.ACTIVE).select_related(
            "entry", "judge"
        )
        assignments = list(rows.order_by("order_key", "pk")[:per_judge])
        if len(assignments) == per_judge:
            chosen.append((judge, assignments))
        if len(chosen) == judges:
            break
    if len(chosen) < judges:
        raise SystemExit(f"only {len(chosen)} judges with {per_judge} assignments; load the demo with more judges")
    rounds = {judge.user_id: visible_rounds(judge.user) for judge, _a in chosen}
    now = timezone.now()
    ids = [a.pk for _judge, assignments in chosen for a in assignments]
    with transaction.atomic():
        round_.__class__.objects.filter(pk=round_.pk).update(
            opens_at=now - dt.timedelta(minutes=10), closes_at=now + dt.timedelta(seconds=open_for)
        )
        ScoreItem.objects.filter(score__assignment_id__in=ids).delete()  # protected: items first
        Score.objects.filter(assignment_id__in=ids).delete()
        Assignment.objects.filter(pk__in=ids).update(declared_no_conflict_at=None)
        if rehash_passwords:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.hashers import PBKDF2PasswordHasher

            hasher = PBKDF2PasswordHasher()
            get_user_model().objects.filter(pk__in=[judge.user_id for judge, _a in chosen]).update(
                password=hasher.encode(PASSWORD, hasher.salt())
            )
    scenes = [page.url for page in ScenePage.objects.live().public().order_by("pk")[:scene_pages]]
    contest_page = ContestPage.objects.live().filter(contest=contest).first()
    return {
        "token": os.urandom(4).hex(),  # marks this run's comments
        "started": now.isoformat(),
        "round": round_.pk,
        "comment_min_length": round_.comment_min_length,
        "criteria": [{"field": f"criterion_{c.pk}", "max": c.max_score} for c in criteria],
        "judges": [
            {
                "email": judge.user.email,
                "password": PASSWORD,
                "round": round_.pk,
                "codes": [a.code for a in assignments],
                "rounds": rounds[judge.user_id],
                "ip": f"10.78.{number // 250}.{number % 250 + 1}",
            }
            for number, (judge, assignments) in enumerate(chosen)
        ],
        "leaders": [],  # bench/locustfile.py's team leaders: none in this run
        "listings": load.LISTINGS,
        "scenes": [url for url in scenes if url] or ["/"],
        "contest_page": contest_page.url if contest_page is not None else "/",
    }


def visible_rounds(user):
    """How many rounds the judge's portal lists (one: it redirects to that round)."""
    from contests.services.judging.judges import assignments_visible_to

    return len(set(assignments_visible_to(user).values_list("round_id", flat=True)))


def verify(records, plan):
    """ "Nothing lost": check every success the judges saw against the database; return the findings."""
    from contests.models import Assignment, AuditEvent, Score

    codes = [code for judge in plan["judges"] for code in judge["codes"]]
    scores = {
        s.assignment.code: s
        for s in Score.objects.filter(assignment__code__in=codes).select_related("assignment").prefetch_related("items")
    }
    by_pk = {str(s.pk): code for code, s in scores.items()}
    events = {}
    for action, object_id, after in AuditEvent.objects.filter(
        object_type="contests.score", object_id__in=list(by_pk), action__startswith="judging.score_"
    ).values_list("action", "object_id", "after"):
        events.setdefault((action, by_pk[object_id]), []).append(after or {})

    def fields_of(items):
        return {f"criterion_{criterion}": f"{value:.1f}" for criterion, value in items.items()}

    problems = []
    saved = [r for r in records if "saved" in r]
    for line in saved:
        afters = events.get(("judging.score_saved", line["saved"]), [])
        if not any(
            a.get("version") == line["version"]
            and {f"criterion_{k}": v for k, v in a.get("items", {}).items()} == line["values"]
            for a in afters
        ):
            problems.append(f"draft {line['saved']} v{line['version']} confirmed but no save event with its values")
    confirmed = [r for r in records if "submitted" in r or "double" in r]
    for line in confirmed:
        code = line.get("submitted") or line["double"]
        score = scores.get(code)
        if score is None:
            problems.append(f"submit {code} confirmed but no Score")
            continue
        items = fields_of({item.criterion_id: item.value for item in score.items.all()})
        if not score.is_submitted or score.version != line["version"] + 1:
            problems.append(f"submit {code}: score {score.status} v{score.version}, sent v{line['version']}")
        if items != line["values"] or score.comment != line["comment"].strip():
            problems.append(f"submit {code}: stored values or comment differ from those sent")
    twice = sorted(
        code for (action, code), afters in events.items() if action.endswith("submitted") and len(afters) > 1
    )
    problems += [f"score {code} submitted {len(events[('judging.score_submitted', code)])} times" for code in twice]
    submit_posts = [r for r in records if r.get("kind") == "submit" and "name" in r]
    singles_302 = sum(1 for r in submit_posts if r["ok"] and not r["name"].endswith("(double)"))
    singles = sum(1 for r in confirmed if "submitted" in r)
    if singles_302 != singles:
        problems.append(f"{singles_302} single submits answered 302, {singles} confirmed on the page after")
    missing = [r["missing"] for r in records if "missing" in r]
    problems += [f"{code} not listed for its judge (round list or portal)" for code in missing]
    declared = Assignment.objects.filter(code__in=codes, declared_no_conflict_at__isnull=False).count()
    return {
        "planned": len(codes),
        "declared": declared,
        "saves": len(saved),
        "submits": len(confirmed),
        "doubles": sum(1 for r in confirmed if "double" in r),
        "submitted_in_db": sum(1 for s in scores.values() if s.is_submitted),
        "submit_events": sum(len(a) for (action, _c), a in events.items() if action.endswith("submitted")),
        "problems": problems,
    }


# --- the load (no Django needed) ----------------------------------------------------------------------------


def run_locust(
    base_url,
    plan,
    folder,
    *,
    visitors,
    duration,
    max_requests,
    spawn_rate,
    judge_think,
    browse_think,
    double_submit=True,
    stop_after_judges=True,
):
    """Run locust headless with bench/locustfile_judges.py; return (records, summary text, wall seconds)."""
    folder = Path(folder)
    records_path = folder / "records.jsonl"
    records_path.write_text("")
    plan = {
        **plan,
        "visitors": visitors,
        "max_requests": max_requests,
        "stop_after_judges": stop_after_judges,
        "stop_after_rush": False,
        "double_submit": double_submit,
        "records": str(records_path),
        "judge_think": list(judge_think),
        "rush_think": [0, 0],
        "browse_think": list(browse_think),
    }
    plan_path = folder / "plan.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False))
    command = [
        load.PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base_url,
        "--users", str(visitors + len(plan["judges"])), "--spawn-rate", str(spawn_rate),
        "--run-time", f"{int(duration)}s", "--stop-timeout", "5", "--only-summary",
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.monotonic()
    # The bound is locust's --run-time; the timeout is only a safety net should locust hang.
    result = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=duration + 120, check=False
    )
    wall = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"locust exited with {result.returncode}:\n{result.stdout}\n{result.stderr}")
    records = [json.loads(line) for line in records_path.read_text().splitlines() if line.strip()]
    return records, result.stdout + result.stderr, wall


JUDGING_ROUTES = (
    ("POST", lambda p: p.startswith("/accounts/login/"), "log in"),
    ("GET", lambda p: p.startswith("/accounts/login/"), "login form"),
    ("GET", lambda p: p == "/judging/", "portal"),
    ("GET", lambda p: p.startswith("/judging/rounds/"), "round list"),
    ("POST", lambda p: p.endswith("/declare/"), "declare no conflict"),
    ("POST", lambda p: p.startswith("/judging/a/"), "save draft or submit"),
    ("GET", lambda p: p.startswith("/judging/a/"), "assignment page (declaration or score form)"),
)


def server_times(log_path, offset=0):
    """Time inside gunicorn per step (access log): load.server_times with the judging paths too."""
    return load.server_times(log_path, offset, routes=JUDGING_ROUTES + load.ROUTES)


def markdown(rows, check, *, title, setting, failures=(), server=()):
    lines = load.step_table(title, setting, rows)
    lines += [
        "",
        f"Nothing lost: {check['declared']} / {check['planned']} planned assignments declared; "
        f"{check['saves']} draft saves confirmed, each with its audit event and values; {check['submits']} submits "
        f"confirmed ({check['doubles']} of them double clicks), {check['submitted_in_db']} SUBMITTED scores in the "
        f"database with the values, comment and version sent; {check['submit_events']} submit events (one per "
        "score). " + ("**No problems.**" if not check["problems"] else f"**{len(check['problems'])} problems:**"),
    ]
    lines += [f"- {problem}" for problem in check["problems"][:20]]
    intro = "Time inside gunicorn (its access log), without the wait in the listen queue:"
    lines += load.server_table(server, intro, percentiles=("p50", "p95", "p99"))
    lines += load.failure_lines(failures)
    return "\n".join(lines) + "\n"


# --- the full run -------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--judges", type=int, default=50, help="judges scoring at once")
    parser.add_argument("--per-judge", type=int, default=3, help="assignments each judge declares, drafts, submits")
    parser.add_argument("--teams", type=int, default=200, help="demo teams loaded (with --judges judges)")
    parser.add_argument("--visitors", type=int, default=5, help="anonymous visitors browsing all along")
    parser.add_argument("--duration", type=int, default=300, help="stop after this many seconds")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop after this many requests")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="simulated people arriving per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--judge-think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--browse-think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--no-double-submit", action="store_true", help="send every submit once")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shuyong_judges_load_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--label", default="", help="results go to bench/results/judges-load-<date>[-<label>].md")
    args = parser.parse_args()

    folder = Path("/tmp/shuyong-load-judges")  # noqa: S108 - throw-away run folder
    folder.mkdir(exist_ok=True)
    port = load.free_port()
    env = load.server_env(args.database, args.redis, folder, port, args.workers, CACHE_KEY_PREFIX="loadjudges")
    load_started = os.getloadavg()
    if not args.reuse:
        name = args.database.rsplit("/", 1)[1]
        load._psql(args.database, f"DROP DATABASE IF EXISTS {name}")
        load._psql(args.database, f"CREATE DATABASE {name}")
        print("migrate, load_demo", flush=True)
        load._manage(env, "migrate", "--noinput", "-v", "0")
        load._manage(env, "load_demo", "--teams", str(args.teams), "--judges", str(args.judges))
    if not (args.reuse and (folder / "static" / "staticfiles.json").exists()):
        load.collectstatic(env)

    os.environ.update({k: v for k, v in env.items() if k != "PATH"})
    import django

    django.setup()
    from django.core.cache import cache

    plan = prepare(args.judges, args.per_judge, open_for=args.duration + 1800)
    cache.delete_pattern("*")  # our prefix only (django-redis)
    print(f"{len(plan['judges'])} judges × {args.per_judge} assignments; starting gunicorn", flush=True)
    server = load.start_server(env, folder / "gunicorn.log")
    try:
        warmed_up_at = 0
        if args.visitors:
            print("warming up (image renditions)", flush=True)
            load.warm_up(f"http://{load.HOST}:{port}", plan)
            time.sleep(0.5)
            warmed_up_at = len((folder / "gunicorn.log").read_text(errors="replace"))
        print(f"locust: ≤ {args.duration} s, ≤ {args.max_requests} requests", flush=True)
        records, summary, wall = run_locust(
            f"http://{load.HOST}:{port}",
            plan,
            folder,
            visitors=args.visitors,
            duration=args.duration,
            max_requests=args.max_requests,
            spawn_rate=args.spawn_rate,
            judge_think=args.judge_think,
            browse_think=args.browse_think,
            double_submit=not args.no_double_submit,
        )
    finally:
        load.stop_server(server)
    load_ended = os.getloadavg()
    tracebacks, timeouts = load.server_errors(folder / "gunicorn.log")
    check = verify(records, plan)
    if tracebacks or timeouts:
        check["problems"].append(f"server log: {tracebacks} tracebacks, {timeouts} worker timeouts")
    rows = load.summarise(records)
    today = dt.date.today().isoformat()
    setting = (
        f"{today}. gunicorn {args.workers} sync workers (deploy/gunicorn.conf.py, cms.settings.production), "
        "PostgreSQL, Redis (cache, sessions). "
        + (
            f"Demo data `load_demo --teams {args.teams} --judges {args.judges}`. "
            if not args.reuse
            else "Demo data of an earlier run. "
        )
        + f"{len(plan['judges'])} judges × {args.per_judge} assignments (log in, portal, round list; per assignment: "
        "declaration page, declare, score form, save draft, score form, submit, score form"
        + ("; each judge's last submit sent twice at once" if not args.no_double_submit else "")
        + f"; {args.judge_think[0]}–{args.judge_think[1]} s pauses) arriving at {args.spawn_rate}/s after "
        f"{args.visitors} anonymous visitors ({args.browse_think[0]}–{args.browse_think[1]} s between pages); "
        f"bounded by {args.duration} s and {args.max_requests:,} requests, ran {wall:.0f} s. "
        f"Machine: {os.cpu_count()} cores shared with other work, load average {load_started[0]:.1f} at the start and "
        f"{load_ended[0]:.1f} at the end; locust runs on the same machine. "
        f"Server log: {tracebacks} tracebacks, {timeouts} worker timeouts."
    )
    text = markdown(
        rows,
        check,
        title=f"Judges load run, {today}{' (' + args.label + ')' if args.label else ''}",
        setting=setting,
        failures=load.failure_samples(records),
        server=server_times(folder / "gunicorn.log", offset=warmed_up_at),
    )
    load.write_report(f"judges-load-{today}{'-' + args.label if args.label else ''}.md", text, summary)
    return 1 if check["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
