"""Load run: a deadline rush and public browsing at once, against gunicorn on PostgreSQL + Redis.

    .venv/bin/python bench/load.py                          # 200 teams arriving 1/s, 10 visitors, ≤ 300 s
    .venv/bin/python bench/load.py --teams 50 --visitors 5 --duration 60
    .venv/bin/python bench/load.py --reuse                  # keep the database built by an earlier run
    .venv/bin/python bench/load.py --reuse --teams 300 --logged-in --celery --spawn-rate 5 \
        --uploads 50 --upload-workers 2                     # the deadline rush of issue #15 (bench/README.md)

Bounded, local and self-stopping: gunicorn and locust listen and connect on 127.0.0.1 only; locust
stops after ``--duration`` seconds or ``--max-requests`` requests, whichever comes first; the script
stops the server it started. Steps:

1. Data — a PostgreSQL database of its own (``--database``, dropped and created unless ``--reuse``):
   ``migrate``, ``load_demo --teams N``. Then, through the ORM (``prepare``): the demo contest's
   submission deadline is moved to a few minutes from now, and the entries of the first N teams
   become drafts with a proposal PDF, ready to be saved and submitted by their leaders (and
   ``--uploads`` more teams' drafts, for the uploads). ``--logged-in``: the leaders' sessions are
   made beforehand, as a "记住我" login days earlier would have (``make_sessions``), except
   ``--login-sample`` who log in through the form (the cost of a login, apart).
2. Server — ``collectstatic``, then gunicorn with deploy/gunicorn.conf.py and cms.settings.production
   (``--workers`` sync workers, or gthread with ``--threads``; ``--upload-workers``: a second
   gunicorn for uploads only, as an nginx location would route them), Redis for cache, sessions
   and the Celery broker. Without ``--celery`` the receipt e-mails stay queued and are counted;
   with it a real worker sends them to files (bench/load_worker_settings.py), which are read back.
3. Load — ``locust --headless`` with bench/locustfile.py: ``--visitors`` anonymous visitors browse
   all along; one simulated leader per team then logs in through the login form, opens the edit
   form, saves the draft (with its version), submits (with its version) and opens the receipt.
   ``--uploads`` leaders upload a ``--upload-mb`` proposal PDF all at once ``--upload-at`` s in,
   while a probe asks for a cheap page every 0.2 s; gunicorn's workers' RSS is sampled all along.
   The run ends when every leader is done, or at the time or request bound if that comes first.
4. Check — "nothing lost": every draft save answered with success has its ``EntryDraftVersion``;
   every submission answered with a redirect to a receipt has its ``EntryRevision`` with that
   receipt code, holding the text of the saved draft, and the entry is SUBMITTED at that version;
   every new revision's receipt e-mail is queued in Redis exactly once (or, with ``--celery``,
   e-mailed, never twice to one address); every upload answered with success is the entry's
   current proposal with the SHA-256 and size sent, and the stored bytes hash to it.

Figures per scenario and step: requests, throughput, p50/p95/p99, errors (5xx or no answer) and
other unexpected answers. Printed as markdown and written to bench/results/load-<date>.md.

tests/integration/test_load_short.py runs the same functions with a handful of teams for seconds.
"""

import argparse
import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
SEARCH = "/search/?q=%E5%85%BB%E8%80%81"  # 养老
LISTINGS = ["/scenes/", "/scenes/?level=listed", "/scenes/?year=2024", "/scenes/?level=listed&year=2023"]
RECEIPT_TASK = "contests.send_submission_receipt"


# --- data (in a process where Django is set up: this script after setup, or the test) -----------------


def prepare(teams, *, uploads=0, deadline_in=300, scene_pages=20, rehash_passwords=False):
    """Make the demo contest ready for a rush of ``teams`` leaders; return the plan's data part.

    ``uploads`` more teams (after the leaders' ones) get drafts too: their leaders upload a new
    proposal during the rush (``uploaders`` in the plan).

    The contest's submission deadline moves to ``deadline_in`` seconds from now. The first ``teams``
    teams' entries (by team id) become drafts — whatever state the demo gave them — with a proposal
    PDF, so that each can be saved and submitted. Earlier revisions stay (a new submission is the
    next number). ``rehash_passwords``: give the leaders the demo password hashed as production
    does (PBKDF2), for data created under settings with a fast test hasher.
    """
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from contests.choices import EntryStatus, FileKind, TeamRole
    from contests.demo.contest import CONTEST_SLUG, TEAM_PASSWORD
    from contests.demo.entries import make_pdf
    from contests.models import Contest, ContestPage, Entry, EntryFile, TeamMembership
    from contests.models.entries import private_storage
    from scenes.models import ScenePage

    contest = Contest.objects.get(slug=CONTEST_SLUG)
    deadline = timezone.now() + dt.timedelta(seconds=deadline_in)
    wanted = teams + uploads
    entries = list(Entry.objects.filter(contest=contest).order_by("team_id", "pk")[:wanted])  # one per team
    if len(entries) < wanted:
        raise SystemExit(f"only {len(entries)} teams with an entry; load the demo with --teams {wanted}")
    emails = dict(
        TeamMembership.objects.filter(team_id__in=[e.team_id for e in entries], role=TeamRole.LEADER).values_list(
            "team_id", "user__email"
        )
    )
    with_proposal = set(
        EntryFile.objects.filter(entry__in=entries, kind=FileKind.PROPOSAL, removed_at__isnull=True).values_list(
            "entry_id", flat=True
        )
    )
    with transaction.atomic():
        if rehash_passwords:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.hashers import PBKDF2PasswordHasher

            hasher = PBKDF2PasswordHasher()
            get_user_model().objects.filter(email__in=emails.values()).update(
                password=hasher.encode(TEAM_PASSWORD, hasher.salt())
            )
        Contest.objects.filter(pk=contest.pk).update(submission_deadline=deadline)
        Entry.objects.filter(pk__in=[e.pk for e in entries]).update(
            status=EntryStatus.DRAFT,
            submitted_at=None,
            eligibility_reason="",
            eligibility_note="",
            eligibility_reviewed_by=None,
            eligibility_reviewed_at=None,
        )
        for entry in entries:
            if entry.pk in with_proposal:
                continue
            data = make_pdf([f"Load run proposal - entry {entry.uuid}"], title=f"Proposal {entry.uuid}")
            name = private_storage().save(f"entries/{entry.uuid}/{secrets.token_hex(16)}", ContentFile(data))
            EntryFile.objects.create(
                entry=entry,
                kind=FileKind.PROPOSAL,
                file=name,
                original_name=f"{entry.title}-方案书.pdf",
                content_type="application/pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=entry.created_by,
            )
    scenes = [page.url for page in ScenePage.objects.live().public().order_by("pk")[:scene_pages]]
    contest_page = ContestPage.objects.live().filter(contest=contest).first()
    people = [
        {
            "email": emails[entry.team_id],
            "password": TEAM_PASSWORD,
            "entry": str(entry.uuid),
            "ip": f"10.77.{number // 250}.{number % 250 + 1}",
        }
        for number, entry in enumerate(entries)
    ]
    return {
        "token": secrets.token_hex(4),  # marks this run's saved text
        "deadline": deadline.isoformat(),
        "leaders": people[:teams],
        "uploaders": people[teams:],
        "listings": LISTINGS,
        "scenes": [url for url in scenes if url] or ["/"],
        "contest_page": contest_page.url if contest_page is not None else "/",
    }


def verify(records, token):
    """ "Nothing lost": check every success the clients saw against the database; return the findings.

    ``token`` is the plan's: the leaders' saved text carries it, so the submitted revision must too.
    """
    from contests.choices import EntryStatus
    from contests.models import EntryDraftVersion, EntryRevision

    saves = {(r["entry"], r["version"]) for r in records if r.get("kind") == "save" and r["ok"]}
    receipts = {(r["entry"], r["receipt"]) for r in records if "receipt" in r}
    submits_ok = sum(1 for r in records if r.get("kind") == "submit" and r["ok"])
    found_versions = {
        (str(uuid), version)
        for uuid, version in EntryDraftVersion.objects.filter(entry__uuid__in={e for e, _v in saves}).values_list(
            "entry__uuid", "version"
        )
    }
    revisions = {
        (str(rev.entry.uuid), rev.receipt_code): rev
        for rev in EntryRevision.objects.filter(receipt_code__in={c for _e, c in receipts}).select_related("entry")
    }
    problems = []
    for key in sorted(saves - found_versions):
        problems.append(f"draft save answered 302 but no EntryDraftVersion {key}")
    for key in sorted(receipts):
        revision = revisions.get(key)
        if revision is None:
            problems.append(f"receipt {key} shown but no EntryRevision with that code")
            continue
        entry = revision.entry
        if entry.status != EntryStatus.SUBMITTED or entry.version != revision.entry_version:
            problems.append(f"{key}: entry {entry.status} v{entry.version}, revision of v{revision.entry_version}")
        if f"（终稿 {token} " not in revision.snapshot["fields"]["approach"]:
            problems.append(f"{key}: the revision does not hold the saved draft's text")
    if submits_ok != len(receipts):
        problems.append(f"{submits_ok} submissions answered with a receipt redirect, {len(receipts)} receipts read")
    return {
        "saves": len(saves),
        "saves_found": len(saves & found_versions),
        "submits": len(receipts),
        "revisions_found": len(revisions),
        "revision_ids": sorted(rev.pk for rev in revisions.values()),
        "problems": problems,
    }


def make_sessions(plan, *, login_sample=0):
    """Sign the leaders in beforehand, as a "记住我" login days earlier would have: one session per
    leader (except the first ``login_sample``, who log in through the form during the run) and per
    uploader, written to the database (the cached_db engine falls back to it), its key put in the
    plan for locust's cookie. The session is what ``django.contrib.auth.login`` stores, with the
    expiry of the login view's "记住我" (``contests.services.sessions``)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from contests.services.sessions import keep_session

    people = plan["leaders"][login_sample:] + plan["uploaders"]
    users = get_user_model().objects.in_bulk([p["email"] for p in people], field_name="email")
    for person in people:
        user = users[person["email"]]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        keep_session(session, remember=True)
        session.create()
        person["session"] = session.session_key
    plan["session_cookie"] = settings.SESSION_COOKIE_NAME
    return plan


def verify_uploads(records):
    """Every upload answered with success: the entry's current proposal is the file sent, byte for
    byte (SHA-256 of the stored file), with that hash and size recorded; return the findings."""
    from contests.choices import FileKind
    from contests.models import EntryFile

    sent = {r["upload"]: r for r in records if "upload" in r}
    attempted = sum(1 for r in records if r.get("kind") == "upload")
    shown = sum(1 for r in records if r.get("shown"))
    stored = {
        str(f.entry.uuid): f
        for f in EntryFile.objects.filter(
            entry__uuid__in=list(sent), kind=FileKind.PROPOSAL, removed_at__isnull=True
        ).select_related("entry")
    }
    problems = []
    exact = 0
    for entry, upload in sorted(sent.items()):
        found = stored.get(entry)
        if found is None:
            problems.append(f"upload to {entry} answered with success but no current proposal")
            continue
        digest = hashlib.sha256()
        with found.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        if (found.sha256, digest.hexdigest(), found.size) != (upload["sha256"], upload["sha256"], upload["size"]):
            problems.append(
                f"{entry}: sent {upload['sha256'][:12]} ({upload['size']} B), recorded "
                f"{found.sha256[:12]} ({found.size} B), stored bytes {digest.hexdigest()[:12]}"
            )
        else:
            exact += 1
    return {"attempted": attempted, "ok": len(sent), "exact": exact, "shown": shown, "problems": problems}


def mailed_receipts(mail_dir, codes):
    """The receipt e-mails the Celery worker sent (Django's file-based backend in ``mail_dir``):
    {code: [recipients]} for each receipt code in ``codes`` — one message per team member."""
    import email
    from email import policy

    sent = {code: [] for code in codes}
    for path in Path(mail_dir).glob("*.log"):
        for raw in path.read_bytes().split(b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw, policy=policy.default)
            body = message.get_body(("plain",))
            text = body.get_content() if body is not None else ""
            for code in codes:
                if code in text:
                    sent[code].append(str(message["To"]))
    return sent


def queued_receipts(redis_url, revision_ids, *, remove=True):
    """How many receipt e-mails are queued per revision in ``revision_ids`` (Celery's default queue
    in Redis); with ``remove``, take those messages out (no worker runs during the load run)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    wanted, counts = set(revision_ids), {}
    for key in client.scan_iter(match="celery*"):
        if client.type(key) != b"list":
            continue
        for raw in client.lrange(key, 0, -1):
            try:
                message = json.loads(raw)
                if message["headers"]["task"] != RECEIPT_TASK:
                    continue
                _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            except (ValueError, KeyError, TypeError):
                continue
            if kwargs.get("entry_revision_id") in wanted:
                counts[kwargs["entry_revision_id"]] = counts.get(kwargs["entry_revision_id"], 0) + 1
                if remove:
                    client.lrem(key, 1, raw)
    return counts


# --- the load itself (no Django needed) ---------------------------------------------------------------


def warm_up(base_url, plan):
    """Request every page the visitors will browse once, unmeasured: the first rendering of a page
    makes its image renditions (seconds each), which a live site has long done."""
    import http.client
    from urllib.parse import urlsplit

    host, port = urlsplit(base_url).netloc.rsplit(":", 1)
    paths = ["/", *plan["listings"], *plan["scenes"], SEARCH, plan["contest_page"], "/accounts/login/"]
    statuses = {}
    for path in paths:
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        try:
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            statuses[path] = response.status
        finally:
            connection.close()
    return statuses


def run_locust(
    base_url,
    plan,
    folder,
    *,
    visitors,
    duration,
    max_requests,
    spawn_rate,
    rush_think,
    browse_think,
    stop_after_rush=True,
    upload_at=10,
    upload_bytes=20_000_000,
    upload_bps=0,
):
    """Run locust headless against ``base_url``; return (records, locust's summary text, wall seconds).

    The run stops after ``duration`` seconds, after ``max_requests`` requests, or (``stop_after_rush``)
    once every leader is done — whichever comes first.
    """
    folder = Path(folder)
    records_path = folder / "records.jsonl"
    records_path.write_text("")
    plan = {
        **plan,
        "visitors": visitors,
        "max_requests": max_requests,
        "stop_after_rush": stop_after_rush,
        "records": str(records_path),
        "rush_think": list(rush_think),
        "browse_think": list(browse_think),
        "upload_at": upload_at,
        "upload_bytes": upload_bytes,
        "upload_bps": upload_bps,
        "uploaders": plan.get("uploaders", []),
        "session_cookie": plan.get("session_cookie", "sessionid"),
    }
    plan_path = folder / "plan.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False))
    users = visitors + len(plan["leaders"]) + (1 if plan["uploaders"] else 0)
    command = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base_url,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{int(duration)}s",
        "--stop-timeout",
        "5",
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "LOAD_PLAN": str(plan_path)}
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


def percentile(values, fraction):
    """Nearest-rank percentile of ``values`` (ms)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def summarise(records):
    """Rows per scenario (then per step): requests, span, throughput, percentiles, errors, failures."""
    requests = [r for r in records if "name" in r]
    rows = []
    groups = {}
    for r in requests:
        groups.setdefault((r["scenario"], "all"), []).append(r)
        groups.setdefault((r["scenario"], r["name"].split(": ", 1)[1]), []).append(r)
    groups[("all", "all")] = requests
    for (scenario, step), items in groups.items():
        times = [r["ms"] for r in items]
        start = min(r["t"] for r in items)
        end = max(r["t"] + r["ms"] / 1000 for r in items)
        errors = sum(1 for r in items if r["status"] >= 500 or r["status"] == 0)
        failures = sum(1 for r in items if not r["ok"]) - errors
        rows.append(
            {
                "scenario": scenario,
                "step": step,
                "requests": len(items),
                "span_s": end - start,
                "rps": len(items) / max(end - start, 0.001),
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "max": max(times),
                "errors": errors,
                "failures": failures,
                "error_rate": errors / len(items),
            }
        )
    order = {"rush": 0, "upload": 1, "probe": 2, "browse": 3, "all": 4}
    rows.sort(key=lambda row: (order.get(row["scenario"], 3), row["step"] != "all"))
    return rows


def failure_samples(records, limit=10):
    """A few distinct reasons for unexpected answers, for the report."""
    seen = {}
    for r in records:
        if "name" in r and not r["ok"]:
            seen.setdefault(f"{r['name']}: {r['error']}", 0)
            seen[f"{r['name']}: {r['error']}"] += 1
    return sorted(seen.items(), key=lambda item: -item[1])[:limit]


def step_table(title, setting, rows):
    """The report's heading and its client-side table: one row per scenario and step (``summarise``)."""
    lines = [
        f"# {title}",
        "",
        setting,
        "",
        "| scenario | step | requests | span s | req/s | p50 ms | p95 ms | p99 ms | max ms | errors (5xx) "
        "| other failures |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        step = f"**{row['step']}**" if row["step"] == "all" else row["step"]
        lines.append(
            f"| {row['scenario']} | {step} | {row['requests']:,} | {row['span_s']:.1f} | {row['rps']:.1f} | "
            f"{row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | "
            f"{row['errors']} ({row['error_rate']:.1%}) | {row['failures']} |"
        )
    return lines


def server_table(server, intro, percentiles=("p50", "p95")):
    """The time-inside-gunicorn table (``server_times`` rows) with the given percentile columns."""
    if not server:
        return []
    lines = [
        "",
        intro,
        "",
        "| step | requests | " + " | ".join(f"{p} ms" for p in percentiles) + " | worker-seconds | share |",
        "| --- | ---: | " + " | ".join("---:" for _p in percentiles) + " | ---: | ---: |",
    ]
    for r in server:
        figures = " | ".join(f"{r[p]:.0f}" for p in percentiles)
        lines.append(f"| {r['step']} | {r['requests']:,} | {figures} | {r['busy_s']:.1f} | {r['share']:.0%} |")
    return lines


def failure_lines(failures):
    return (
        ["", "Unexpected answers (count):", "", *[f"- {reason} ({count})" for reason, count in failures]]
        if failures
        else []
    )


def upload_lines(uploads, rss, probe):
    """The uploads' paragraph: stored exactly, the workers' peak memory, the probe's waits."""
    if uploads is None:
        return []
    lines = [
        "",
        f"Uploads: {uploads['ok']} / {uploads['attempted']} answered with success; {uploads['exact']} / "
        f"{uploads['ok']} stored exactly (recorded SHA-256 and size = what was sent = SHA-256 of the stored "
        f"bytes); the hash's beginning shown to the team {uploads['shown']} / {uploads['ok']}. "
        + ("**No problems.**" if not uploads["problems"] else f"**{len(uploads['problems'])} problems:**"),
    ]
    lines += [f"- {problem}" for problem in uploads["problems"][:20]]
    if rss:
        lines.append(
            f"Worker memory (RSS, sampled every 0.25 s): peak {rss['peak_mb']:.0f} MB in one worker over the run, "
            f"{rss['peak_uploads_mb']:.0f} MB while uploads were in flight (before the run {rss['start_mb']:.0f} MB)."
        )
    if probe:
        lines.append(
            f"Probe (a cached listing every 0.2 s while uploads were in flight): {probe['requests']} requests, "
            f"p50 {probe['p50']:.0f} ms, p95 {probe['p95']:.0f} ms, max {probe['max']:.0f} ms; "
            f"{probe['over_1s']} over 1 s."
        )
    return lines


def receipt_mail_line(mailed):
    """The worker's receipts: every receipt code e-mailed, never twice to one address."""
    if mailed is None:
        return []
    sent = sum(1 for recipients in mailed.values() if recipients)
    twice = sum(1 for recipients in mailed.values() if len(recipients) != len(set(recipients)))
    messages = sum(len(recipients) for recipients in mailed.values())
    return [
        "",
        f"Receipts by the Celery worker: {sent} / {len(mailed)} receipts e-mailed ({messages} messages, one per "
        f"team member), {twice} sent twice to an address.",
    ]


def markdown(
    rows,
    check,
    *,
    title,
    setting,
    receipts_queued=None,
    failures=(),
    server=(),
    uploads=None,
    rss=None,
    probe=None,
    mailed=None,
):
    lines = step_table(title, setting, rows)
    lines += [
        "",
        f"Nothing lost: {check['saves_found']} / {check['saves']} successful draft saves have their "
        f"EntryDraftVersion; {check['revisions_found']} / {check['submits']} receipts shown have their "
        "EntryRevision (entry SUBMITTED at that version, holding the saved text)"
        + (
            f"; {sum(1 for n in receipts_queued.values() if n == 1)} / {check['submits']} receipt e-mails queued once"
            if receipts_queued is not None
            else ""
        )
        + ". "
        + ("**No problems.**" if not check["problems"] else f"**{len(check['problems'])} problems:**"),
    ]
    lines += [f"- {problem}" for problem in check["problems"][:20]]
    lines += receipt_mail_line(mailed)
    lines += upload_lines(uploads, rss, probe)
    intro = (
        "Time inside gunicorn (its access log), without the wait in the listen queue — where the workers' time went:"
    )
    lines += server_table(server, intro)
    lines += failure_lines(failures)
    return "\n".join(lines) + "\n"


# --- the server -------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(database_url, redis_url, folder, port, workers, *, collected_static=True, **extra):
    """cms.settings.production behind an imagined nginx on loopback (see deploy/); files in ``folder``.

    Without ``collected_static``: bench/load_settings.py, the same but with plain static storage, so
    that no ``collectstatic`` is needed (the short run in CI).
    """
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cms.settings.production" if collected_static else "bench.load_settings",
        "SECRET_KEY": "load-run-only-not-secret-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(Path(folder) / "static"),
        "MEDIA_ROOT": str(Path(folder) / "media"),
        "PRIVATE_MEDIA_ROOT": str(Path(folder) / "private-media"),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(workers),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    return {name: value for name, value in env.items() if value is not None}


def collectstatic(env):
    command = [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)  # noqa: S603


def start_server(env, log_path, *, timeout=90):
    """gunicorn -c deploy/gunicorn.conf.py; returns the process once every worker has booted."""
    command = [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    host, port = env["GUNICORN_BIND"].rsplit(":", 1)
    workers = int(env["WEB_CONCURRENCY"])
    deadline = time.monotonic() + timeout
    while True:
        text = Path(log_path).read_text(errors="replace")
        if text.count("Booting worker") >= workers and _accepts(host, int(port)):
            return process
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            raise RuntimeError(f"gunicorn did not start:\n{text[-3000:]}")
        time.sleep(0.2)


def _accepts(host, port):
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) == 0


def stop_server(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


ACCESS_LINE = re.compile(r'"(?P<method>GET|POST) (?P<path>\S+) HTTP/1\.1" (?P<status>\d+) \S+ (?P<us>\d+)us')
ROUTES = (  # (method, test on the path without query, step name), first match wins
    ("POST", lambda p: p.startswith("/accounts/login/"), "log in"),
    ("GET", lambda p: p.startswith("/accounts/login/"), "login form"),
    ("GET", lambda p: p.endswith("/edit/"), "edit form"),
    ("POST", lambda p: p.endswith("/edit/"), "save draft"),
    ("POST", lambda p: p.endswith("/submit/"), "submit"),
    ("POST", lambda p: "/files/upload/" in p, "upload proposal"),
    ("GET", lambda p: "/receipts/" in p, "receipt"),
    ("GET", lambda p: p.startswith("/portal/entries/"), "entry page"),
    ("GET", lambda p: p == "/", "home"),
    ("GET", lambda p: p == "/scenes/", "scene listing + filters (and the probe)"),
    ("GET", lambda p: p.startswith("/scenes/"), "scene page"),
    ("GET", lambda p: p.startswith("/search/"), "search 养老"),
)


def server_times(log_path, offset=0, routes=None):
    """Time spent inside gunicorn per step (its access log's %(D)s), apart from queueing: rows of
    step, requests, p50/p95/p99 ms, busy seconds and share of all busy time. Lines after the
    from character ``offset`` on (after the warm-up); steps named by ``routes`` (default ROUTES)."""
    routes = ROUTES if routes is None else routes
    text = Path(log_path).read_text(errors="replace")[offset:]
    times = {}
    for match in ACCESS_LINE.finditer(text):
        path = match["path"].split("?")[0]
        step = next((name for method, test, name in routes if method == match["method"] and test(path)), None)
        step = step or ("contest page" if path.startswith("/contests/") else f"{match['method']} other")
        times.setdefault(step, []).append(int(match["us"]) / 1000)
    busy = sum(sum(values) for values in times.values()) / 1000 or 1
    return [
        {
            "step": step,
            "requests": len(values),
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
            "busy_s": sum(values) / 1000,
            "share": sum(values) / 1000 / busy,
        }
        for step, values in sorted(times.items(), key=lambda item: -sum(item[1]))
    ]


def server_errors(log_path):
    """Tracebacks and worker timeouts in gunicorn's log (errors the clients may not have seen)."""
    text = Path(log_path).read_text(errors="replace")
    return text.count("Traceback"), text.count("WORKER TIMEOUT")


def start_worker(env, log_path, mail_dir, *, timeout=90):
    """A real ``celery -A cms worker`` (one prefork child, as deployed but small) for the server in
    ``env``; its e-mails go to files in ``mail_dir`` (bench/load_worker_settings.py)."""
    Path(mail_dir).mkdir(parents=True, exist_ok=True)
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.load_worker_settings",
        "LOAD_SERVER_SETTINGS": env["DJANGO_SETTINGS_MODULE"],
        "LOAD_MAIL_DIR": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    command = [PYTHON, "-m", "celery", "-A", "cms", "worker", "--loglevel=INFO", "--pool=prefork"]
    command += ["--concurrency=1", "-n", f"load-{secrets.token_hex(3)}@%h"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + timeout
    while " ready." not in Path(log_path).read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            raise RuntimeError(f"Celery worker did not start:\n{Path(log_path).read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    return process


def wait_for_receipts(mail_dir, codes, *, timeout=180):
    """Wait until the worker has e-mailed every receipt in ``codes`` (or ``timeout``); return
    ``mailed_receipts`` and the seconds waited after the load ended."""
    started = time.monotonic()
    while True:
        mailed = mailed_receipts(mail_dir, codes)
        if all(mailed.values()) or time.monotonic() - started > timeout:
            return mailed, time.monotonic() - started
        time.sleep(1)


class RssSampler(threading.Thread):
    """The resident memory of gunicorn's workers (the master's children), every ``every`` seconds."""

    def __init__(self, master_pid, every=0.25):
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.every = every
        self.samples = []  # (wall time, worker pid, rss bytes)
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            now = time.time()
            for child in self.master.children():
                # A worker may be recycled (max_requests) between the listing and the reading.
                with contextlib.suppress(psutil.Error):
                    self.samples.append((now, child.pid, child.memory_info().rss))
            self.done.wait(self.every)

    def stop(self):
        self.done.set()
        self.join()

    def figures(self, window=None, also=None):
        """Peaks in MB over the run and inside ``window``; ``also``: another sampler (the upload pool)."""
        mb = 1024 * 1024
        samples = self.samples + (also.samples if also is not None else [])
        inside = [rss for t, _pid, rss in samples if window and window[0] <= t <= window[1]]
        return {
            "start_mb": max((rss for t, _pid, rss in self.samples[:8]), default=0) / mb,
            "peak_mb": max((rss for _t, _pid, rss in samples), default=0) / mb,
            "peak_uploads_mb": max(inside, default=0) / mb,
        }


def upload_window(records):
    """(start, end) wall time of the upload requests, or None."""
    uploads = [r for r in records if r.get("kind") == "upload" and "name" in r]
    if not uploads:
        return None
    return min(r["t"] for r in uploads), max(r["t"] + r["ms"] / 1000 for r in uploads)


def probe_figures(records):
    times = [r["ms"] for r in records if r.get("scenario") == "probe"]
    if not times:
        return None
    return {
        "requests": len(times),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "over_1s": sum(1 for t in times if t > 1000),
    }


# --- the full run -------------------------------------------------------------------------------------------


def _psql(database_url, sql):
    from urllib.parse import urlsplit

    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)  # noqa: S603, S607


def _manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--teams", type=int, default=200, help="leaders in the rush (demo teams loaded)")
    parser.add_argument("--visitors", type=int, default=10, help="anonymous visitors browsing all along")
    parser.add_argument("--duration", type=int, default=300, help="stop after this many seconds")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop after this many requests")
    parser.add_argument("--spawn-rate", type=float, default=1.0, help="simulated people arriving per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (> 1: gthread workers)")
    parser.add_argument("--deadline-in", type=int, default=600, help="seconds from the start to the deadline")
    parser.add_argument("--rush-think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument("--browse-think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--logged-in", action="store_true", help="leaders arrive signed in (记住我 sessions)")
    parser.add_argument("--login-sample", type=int, default=10, help="with --logged-in: leaders who log in anyway")
    parser.add_argument("--uploads", type=int, default=0, help="proposal uploads, all at once, during the rush")
    parser.add_argument("--upload-mb", type=float, default=20, help="size of each uploaded PDF (MB, 10^6 bytes)")
    parser.add_argument("--upload-at", type=float, default=20, help="seconds into the run when the uploads start")
    parser.add_argument("--upload-kbps", type=int, default=0, help="pace each upload (KB/s; 0: loopback speed)")
    parser.add_argument(
        "--upload-workers", type=int, default=0, help="serve uploads from a gunicorn pool of their own (as nginx would)"
    )
    parser.add_argument("--celery", action="store_true", help="a real Celery worker sends the receipts")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shuyong_load_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--build-only", action="store_true", help="build the database (--teams + --uploads), stop")
    parser.add_argument("--label", default="", help="results go to bench/results/load-<date>[-<label>].md")
    args = parser.parse_args()

    folder = Path(f"/tmp/shuyong-load-{args.database.rsplit('/', 1)[1]}")  # noqa: S108 - throw-away run folder
    folder.mkdir(exist_ok=True)
    port = free_port()
    extra = {"GUNICORN_THREADS": str(args.threads)} if args.threads > 1 else {}
    env = server_env(args.database, args.redis, folder, port, args.workers, CACHE_KEY_PREFIX="load", **extra)
    load_started = os.getloadavg()
    if not args.reuse:
        name = args.database.rsplit("/", 1)[1]
        _psql(args.database, f"DROP DATABASE IF EXISTS {name}")
        _psql(args.database, f"CREATE DATABASE {name}")
        print("migrate, load_demo", flush=True)
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "load_demo", "--teams", str(args.teams + args.uploads))
    if args.build_only:
        return 0
    collectstatic(env)

    os.environ.update({k: v for k, v in env.items() if k != "PATH"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache

    plan = prepare(args.teams, uploads=args.uploads, deadline_in=args.deadline_in)
    cache.delete_pattern("*")  # the catalogue pages of an earlier run (django-redis: our prefix only)
    if args.logged_in or args.uploads:
        make_sessions(plan, login_sample=args.login_sample if args.logged_in else len(plan["leaders"]))
    print(f"{len(plan['leaders'])} leaders, deadline {plan['deadline']}; starting gunicorn", flush=True)
    worker = start_worker(env, folder / "celery.log", folder / "mail") if args.celery else None
    server = start_server(env, folder / "gunicorn.log")
    sampler = RssSampler(server.pid)
    upload_server = upload_sampler = None
    if args.upload_workers:
        upload_port = free_port()
        upload_env = {**env, "GUNICORN_BIND": f"{HOST}:{upload_port}", "WEB_CONCURRENCY": str(args.upload_workers)}
        upload_server = start_server(upload_env, folder / "gunicorn-uploads.log")
        upload_sampler = RssSampler(upload_server.pid)
        upload_sampler.start()
        plan["upload_host"] = f"http://{HOST}:{upload_port}"
    try:
        print("warming up (image renditions)", flush=True)
        warm_up(f"http://{HOST}:{port}", plan)
        time.sleep(0.5)  # the warm-up's access log lines are written after each response
        warmed_up_at = len((folder / "gunicorn.log").read_text(errors="replace"))
        sampler.start()
        print(f"locust: ≤ {args.duration} s, ≤ {args.max_requests} requests", flush=True)
        records, summary, wall = run_locust(
            f"http://{HOST}:{port}",
            plan,
            folder,
            visitors=args.visitors,
            duration=args.duration,
            max_requests=args.max_requests,
            spawn_rate=args.spawn_rate,
            rush_think=args.rush_think,
            browse_think=args.browse_think,
            upload_at=args.upload_at,
            upload_bytes=int(args.upload_mb * 1_000_000),
            upload_bps=args.upload_kbps * 1000,
        )
    finally:
        sampler.stop()
        stop_server(server)
        if upload_server is not None:
            upload_sampler.stop()
            stop_server(upload_server)
    load_ended = os.getloadavg()
    tracebacks, timeouts = server_errors(folder / "gunicorn.log")
    check = verify(records, plan["token"])
    mailed = waited = None
    if worker is not None:
        codes = [r["receipt"] for r in records if "receipt" in r]
        print(f"waiting for the worker's {len(codes)} receipts", flush=True)
        mailed, waited = wait_for_receipts(folder / "mail", codes)
        stop_server(worker)
        queued = None
    else:
        queued = queued_receipts(args.redis, check["revision_ids"])
    uploads = verify_uploads(records) if args.uploads else None
    cache.delete_pattern("*")
    rows = summarise(records)
    today = dt.date.today().isoformat()
    kind = (
        f"{args.workers} gthread workers × {args.threads} threads"
        if args.threads > 1
        else f"{args.workers} sync workers"
    )
    setting = (
        f"{today}. gunicorn {kind} (deploy/gunicorn.conf.py, cms.settings.production), PostgreSQL, Redis (cache, "
        "sessions, Celery broker"
        + ("; a Celery worker with one process sends the receipts). " if args.celery else "; no worker). ")
        + (
            f"Demo data `load_demo --teams {args.teams + args.uploads}`. "
            if not args.reuse
            else "Demo data of an earlier run. "
        )
        + f"{len(plan['leaders'])} team leaders ("
        + (
            f"signed in beforehand by a 记住我 session, except {min(args.login_sample, len(plan['leaders']))} who "
            "log in through the form; "
            if args.logged_in
            else "log in, "
        )
        + f"edit form, save draft, entry page, submit, receipt; {args.rush_think[0]}–{args.rush_think[1]} s pauses) "
        f"arriving after {args.visitors} anonymous visitors ({args.browse_think[0]}–{args.browse_think[1]} s between "
        f"pages), {args.spawn_rate}/s spawn rate"
        + (
            f"; {args.uploads} uploads of a {args.upload_mb:g} MB proposal PDF all at once {args.upload_at:g} s in"
            + (f", each paced at {args.upload_kbps} KB/s" if args.upload_kbps else ", at loopback speed")
            if args.uploads
            else ""
        )
        + f"; bounded by {args.duration} s and {args.max_requests:,} requests, ran {wall:.0f} s"
        + (f" (then {waited:.0f} s for the last receipts)" if waited is not None else "")
        + f". Machine: {os.cpu_count()} cores shared with other work, load average {load_started[0]:.1f} at the "
        f"start and {load_ended[0]:.1f} at the end; locust runs on the same machine. "
        f"Server log: {tracebacks} tracebacks, {timeouts} worker timeouts."
    )
    window = upload_window(records)
    text = markdown(
        rows,
        check,
        title=f"Load run, {today}{' (' + args.label + ')' if args.label else ''}",
        setting=setting,
        receipts_queued={rid: queued.get(rid, 0) for rid in check["revision_ids"]} if queued is not None else None,
        failures=failure_samples(records),
        server=server_times(folder / "gunicorn.log", offset=warmed_up_at),
        uploads=uploads,
        rss=sampler.figures(window, also=upload_sampler),
        probe=probe_figures(records),
        mailed=mailed,
    )
    write_report(f"load-{today}{'-' + args.label if args.label else ''}.md", text, summary)
    problems = check["problems"] + (uploads["problems"] if uploads else [])
    if mailed is not None and not all(mailed.values()):
        problems.append("receipts not e-mailed")
    return 1 if problems else 0


def write_report(name, text, summary):
    """bench/results/<name> and the console: the report, then the tail of locust's own summary."""
    path = ROOT / "bench" / "results" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    print(text)
    print(summary[-3000:])
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
