"""Server time of the deadline rush's steps and of a judge's score save, against the stack's floor.

    .venv/bin/python bench/rush_server.py                 # new DB rush_server_bench: load_demo --teams 50 --judges 10
    .venv/bin/python bench/rush_server.py --reuse         # the database of an earlier run (made ready again)
    .venv/bin/python bench/rush_server.py --reuse --profile   # pyinstrument profile + query count per step, in-process

One client, one request at a time, against gunicorn (deploy/gunicorn.conf.py, cms.settings.production
as in bench/load.py but with plain static storage and one bench-only URL: bench/rush_server_settings.py),
PostgreSQL and Redis on loopback; no Celery worker (the receipts stay queued in Redis, then removed).
The time of each request is gunicorn's own (%(D)s in its access log): no queueing, no client. Steps:

* **floor** — ``POST /bench/floor/`` (bench/rush_server_urls.py): logged in, CSRF, one INSERT, a
  redirect: the least a write costs on this stack;
* per team leader (``--teams``; each entry made a ready draft by bench/load.py's ``prepare``), after
  logging in (not measured): **edit form**, **save draft** (with its version), **entry page**,
  **submit review** (the confirmation page), **submit** (confirm=yes, with the version);
* per judge (``--judges`` × ``--per-judge`` assignments, fresh via bench/load_judges.py's ``prepare``):
  the declaration (not measured), **score form**, **score save draft** twice (about half the
  criteria), **score submit** (every criterion).

``--profile`` runs the same steps in this process through Django's test client instead (no
gunicorn), with pyinstrument on each and the queries counted; it prints where the time went.
Results: bench/results/rush-server-<date>[-<label>].md (p50/p95/p99 per step, ratio to the floor).
Bounded and local: requests go to 127.0.0.1 only, a fixed number of them; the script stops its server.
"""

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.html_forms import require_form  # noqa: E402

SETTINGS = "bench.rush_server_settings"
HEADERS = {"X-Forwarded-Proto": "https"}
ACCESS_LINE = re.compile(r'"(?P<method>GET|POST) (?P<path>\S+) HTTP/1\.1" (?P<status>\d+) \S+ (?P<us>\d+)us')
STEPS = (
    "floor (1 INSERT)",
    "edit form",
    "save draft",
    "entry page",
    "submit review",
    "submit",
    "score form",
    "score save draft",
    "score submit",
)


# --- the client: the same steps through HTTP (gunicorn) or Django's test client (--profile) ---------------


class HttpClient:
    """requests against gunicorn; ``steps`` lists (step, method, path) in the order sent."""

    def __init__(self, base_url, address, steps):
        import requests

        self.base_url, self.steps = base_url, steps
        self.session = requests.Session()
        self.session.headers.update({**HEADERS, "X-Real-IP": address})

    def request(self, step, method, path, data=None):
        for cookie in self.session.cookies:  # Secure cookies; TLS is nginx's in production
            cookie.secure = False
        headers = {"Referer": f"https://{self.base_url.split('://', 1)[1]}{path}"} if method == "POST" else {}
        response = self.session.request(
            method, self.base_url + path, data=data, headers=headers, allow_redirects=False, timeout=60
        )
        self.steps.append((step, method, path))
        return response.status_code, response.headers.get("Location", ""), response.text

    def log_in(self, email, password, next_path):
        login = "/accounts/login/?next=" + next_path
        _status, _to, html = self.request("login form", "GET", login)
        data = [(k, v) for k, v in require_form(html, has_field="password") if k not in ("username", "password")]
        status, _to, _html = self.request("log in", "POST", login, [*data, ("username", email), ("password", password)])
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


class ProfilingClient:
    """Django's test client in this process, each measured step under pyinstrument with its queries."""

    def __init__(self, address, profiles, *, profile=True):
        from django.test import Client

        self.client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_X_REAL_IP=address, enforce_csrf_checks=True)
        self.profiles, self.profile = profiles, profile

    def request(self, step, method, path, data=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005) if self.profile else None
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.start()
            if method == "GET":
                response = self.client.get(path, secure=True)
            else:
                response = self.client.post(
                    path, _pairs_to_dict(data or []), HTTP_REFERER=f"https://testserver{path}", secure=True
                )
            if profiler:
                profiler.stop()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if step in STEPS:
            self.profiles.setdefault(step, []).append(
                (elapsed * 1000, len(queries), profiler, queries.captured_queries, cpu * 1000)
            )
        return response.status_code, response.get("Location", ""), response.content.decode()

    def log_in(self, email, _password, _next_path):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.get(email=email), "django.contrib.auth.backends.ModelBackend")
        from django.middleware.csrf import _get_new_csrf_string

        self.client.cookies["csrftoken"] = _get_new_csrf_string()  # as the login form's answer would set it


def _pairs_to_dict(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def csrf_of(client):
    if isinstance(client, HttpClient):
        return client.session.cookies.get("csrftoken")
    return client.client.cookies["csrftoken"].value


def floor_steps(client, repeat):
    for number in range(repeat):
        status, _to, _html = client.request(
            "floor (1 INSERT)", "POST", "/bench/floor/", [("csrfmiddlewaretoken", csrf_of(client)), ("note", number)]
        )
        if status != 302:
            raise RuntimeError(f"floor answered {status}")


def leader_steps(client, leader, token):
    entry = leader["entry"]
    edit, detail = f"/portal/entries/{entry}/edit/", f"/portal/entries/{entry}/"
    _status, _to, html = client.request("edit form", "GET", edit)
    fields = require_form(html, has_field="version")
    data = [(k, f"{v}（终稿 {token}）" if k == "approach" else v) for k, v in fields]
    status, to, _html = client.request("save draft", "POST", edit, data)
    if status != 302 or not to.endswith(detail):
        raise RuntimeError(f"save draft of {entry}: {status} {to}")
    client.request("entry page", "GET", detail)
    review = f"/portal/entries/{entry}/submit/"
    _status, _to, html = client.request("submit review", "GET", review)
    fields = require_form(html, action_end="/submit/")
    status, to, _html = client.request("submit", "POST", review, fields)
    if status != 302 or "/receipts/" not in to:
        raise RuntimeError(f"submit of {entry}: {status} {to}")


def judge_steps(client, judge, criteria, token):
    for code in judge["codes"]:
        page = f"/judging/a/{code}/"
        _status, _to, html = client.request("declaration page", "GET", page)
        fields = require_form(html, action_end="/declare/")
        status, _to, _html = client.request("declare", "POST", page + "declare/", [*fields, ("confirm", "on")])
        if status != 302:
            raise RuntimeError(f"declaration of {code}: {status}")
        _status, _to, html = client.request("score form", "GET", page)
        fields = require_form(html, has_field="version")
        base = [(k, v) for k, v in fields if k not in ("comment", "version") and not k.startswith("criterion_")]
        version = int(dict(fields)["version"])
        for number, step in enumerate(("score save draft", "score save draft", "score submit")):
            submit = step == "score submit"
            values = [
                (c["field"], f"{(number + index) % int(c['max']) + 0.5:.1f}")
                for index, c in enumerate(criteria)
                if submit or (index + number) % 2 == 0
            ]
            comment = f"评语 {token} {code}：" + "方案思路清晰，数据使用合理，建议补充实施细节。" * 2
            data = [*base, ("version", version), ("comment", comment), ("action", "submit" if submit else "save")]
            data += values + ([("confirm", "yes")] if submit else [])
            status, to, _html = client.request(step, "POST", page, data)
            if status != 302 or to.split("#")[0] != page:
                raise RuntimeError(f"{step} of {code}: {status} {to}")
            version += 1


def run_steps(client_for, plan, judges_plan, *, floor_repeat):
    """The whole sequence; ``client_for(address)`` makes one client per person."""
    leaders = plan["leaders"]
    first = client_for("10.79.0.1")
    first.log_in(leaders[0]["email"], leaders[0]["password"], "/portal/")
    floor_steps(first, floor_repeat)
    for number, leader in enumerate(leaders):
        client = client_for(f"10.79.1.{number + 1}")
        client.log_in(leader["email"], leader["password"], f"/portal/entries/{leader['entry']}/edit/")
        leader_steps(client, leader, plan["token"])
    for number, judge in enumerate(judges_plan["judges"]):
        client = client_for(f"10.79.2.{number + 1}")
        client.log_in(judge["email"], judge["password"], "/judging/")
        judge_steps(client, judge, judges_plan["criteria"], judges_plan["token"])


# --- figures --------------------------------------------------------------------------------------------------


def server_times(log_path, offset, steps):
    """Match gunicorn's access lines (in order: one client, one request at a time) to the steps sent."""
    text = Path(log_path).read_text(errors="replace")[offset:]
    lines = list(ACCESS_LINE.finditer(text))
    if len(lines) != len(steps):
        raise RuntimeError(f"{len(lines)} access lines for {len(steps)} requests")
    times = {}
    for (step, method, path), line in zip(steps, lines, strict=True):
        if (line["method"], line["path"]) != (method, path):
            raise RuntimeError(f"access line {line.group(0)!r} does not match {method} {path}")
        if int(line["status"]) >= 500:
            raise RuntimeError(f"server error: {line.group(0)}")
        times.setdefault(step, []).append(int(line["us"]) / 1000)
    return times


def table(times, profiles=None):
    """p50/p95/p99 per step and the ratio to the floor; with ``profiles`` (the in-process pass) also
    the process's CPU time per request (p50) and the queries (median), which load on the machine
    inflates far less than wall time."""
    floor = load.percentile(times.get(STEPS[0], [0]), 0.5) or 1
    extra = profiles is not None
    lines = [
        "| step | requests | p50 ms | p95 ms | p99 ms | p50 / floor |"
        + (" CPU p50 ms (in-process) | queries |" if extra else ""),
        "| --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if extra else ""),
    ]
    for step in STEPS:
        values = times.get(step)
        if not values:
            continue
        p50 = load.percentile(values, 0.5)
        line = (
            f"| {step} | {len(values)} | {p50:.1f} | {load.percentile(values, 0.95):.1f} | "
            f"{load.percentile(values, 0.99):.1f} | {p50 / floor:.1f}× |"
        )
        if extra and profiles.get(step):
            runs = profiles[step]
            cpu = load.percentile([run[4] for run in runs], 0.5)
            queries = sorted(run[1] for run in runs)[len(runs) // 2]
            line += f" {cpu:.1f} | {queries} |"
        lines.append(line)
    return lines


def profile_report(profiles, top=25):
    """Per step: median in-process time and queries, and the pyinstrument tree of the median request."""
    lines = []
    for step in STEPS:
        runs = profiles.get(step)
        if not runs:
            continue
        runs = sorted(runs, key=lambda run: run[0])
        median_ms, queries, profiler, sql, _cpu = runs[len(runs) // 2]
        lines += [
            "",
            f"## {step}: median {median_ms:.1f} ms in-process, {queries} queries "
            f"(of {len(runs)}; queries {min(r[1] for r in runs)}–{max(r[1] for r in runs)})",
            "",
            "```",
            profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False).split("\n", 6)[-1][
                : top * 400
            ],
            "```",
            "",
            "<details><summary>its queries</summary>",
            "",
            "```sql",
            *(f"{float(q['time']) * 1000:5.1f} ms  {q['sql'][:220]}" for q in sql),
            "```",
            "",
            "</details>",
        ]
    return lines


# --- the run --------------------------------------------------------------------------------------------------


def make_floor_table():
    from django.db import connection

    from bench.rush_server_urls import FLOOR_TABLE

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id bigserial PRIMARY KEY, user_id bigint NOT NULL, "
            "note varchar(200) NOT NULL, created_at timestamptz NOT NULL)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--teams", type=int, default=50, help="leaders: each saves and submits once")
    parser.add_argument("--judges", type=int, default=10, help="judges: each scores --per-judge assignments")
    parser.add_argument("--per-judge", type=int, default=4)
    parser.add_argument("--floor", type=int, default=100, help="floor requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/rush_server_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--profile", action="store_true", help="in-process with pyinstrument, no gunicorn")
    parser.add_argument("--label", default="", help="results go to bench/results/rush-server-<date>[-<label>].md")
    args = parser.parse_args()

    folder = Path("/tmp/rush-server-bench")  # noqa: S108 - throw-away run folder
    folder.mkdir(exist_ok=True)
    port = load.free_port()
    env = load.server_env(
        args.database,
        args.redis,
        folder,
        port,
        args.workers,
        collected_static=False,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        CACHE_KEY_PREFIX="rushserver",
        ALLOWED_HOSTS=f"{load.HOST},testserver",
    )
    load_started = os.getloadavg()
    if not args.reuse:
        name = args.database.rsplit("/", 1)[1]
        load._psql(args.database, f"DROP DATABASE IF EXISTS {name}")
        load._psql(args.database, f"CREATE DATABASE {name}")
        print("migrate, load_demo", flush=True)
        load._manage(env, "migrate", "--noinput", "-v", "0")
        load._manage(env, "load_demo", "--teams", str(args.teams), "--judges", str(args.judges))

    os.environ.update({k: v for k, v in env.items() if k != "PATH"})
    import django

    django.setup()
    from django.core.cache import cache

    from bench import load_judges

    make_floor_table()
    plan = load.prepare(args.teams, deadline_in=3600)
    judges_plan = load_judges.prepare(args.judges, args.per_judge, open_for=3600)
    cache.delete_pattern("*")  # our prefix only (django-redis)
    started = dt.datetime.now(dt.UTC)
    profiles = {}
    if args.profile:
        run_steps(lambda address: ProfilingClient(address, profiles), plan, judges_plan, floor_repeat=args.floor)
        times = {step: [run[0] for run in runs] for step, runs in profiles.items()}
        report, profiles = profile_report(profiles), None
        kind = "in-process (Django test client, pyinstrument on: slower than without)"
    else:
        from django.db import connections

        connections.close_all()
        steps = []
        log_path = folder / "gunicorn.log"
        server = load.start_server(env, log_path)
        try:
            offset = len(log_path.read_text(errors="replace"))
            base_url = f"http://{load.HOST}:{port}"
            run_steps(lambda address: HttpClient(base_url, address, steps), plan, judges_plan, floor_repeat=args.floor)
            time.sleep(0.5)  # the last access lines
        finally:
            load.stop_server(server)
        times = server_times(log_path, offset, steps)
        tracebacks, timeouts = load.server_errors(log_path)
        if tracebacks or timeouts:
            raise RuntimeError(f"{tracebacks} tracebacks, {timeouts} worker timeouts in {log_path}")
        # The same steps again in this process (the data made ready again): CPU time and queries.
        plan = load.prepare(args.teams, deadline_in=3600)
        judges_plan = load_judges.prepare(args.judges, args.per_judge, open_for=3600)
        run_steps(
            lambda address: ProfilingClient(address, profiles, profile=False),
            plan,
            judges_plan,
            floor_repeat=args.floor,
        )
        report = []
        kind = (
            f"inside gunicorn (access log %(D)s), {args.workers} sync workers, one client in sequence; "
            "CPU and queries from a second pass in-process (Django test client, no profiler)"
        )
    _drop_queued_tasks(args.redis)
    load_ended = os.getloadavg()
    lines = [
        f"# Rush server time{' — ' + args.label if args.label else ''}",
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, commit {_commit()}. Time {kind}; PostgreSQL, Redis, "
        f"{SETTINGS} (cms.settings.production, plain static storage). {len(plan['leaders'])} leaders, "
        f"{len(judges_plan['judges'])} judges × {args.per_judge} assignments, floor × {args.floor}. "
        f"Load average {load_started[0]:.1f} before, {load_ended[0]:.1f} after (2 cores).",
        "",
        *table(times, profiles),
        *report,
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    name = f"rush-server-{started:%Y-%m-%d}{'-' + args.label if args.label else ''}.md"
    (ROOT / "bench" / "results" / name).write_text(text)
    print(f"written to bench/results/{name}")


def _drop_queued_tasks(redis_url):
    """No worker runs: the receipts queued by the submits are taken out so the next run starts clean."""
    import redis

    redis.Redis.from_url(redis_url).delete("celery")


def _commit():
    import subprocess

    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    return result.stdout.strip() or "?"


if __name__ == "__main__":
    main()
