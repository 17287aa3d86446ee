"""Load run of the public vote (人气奖): 1,000 votes a minute on 2 cores, none lost, none counted twice.

    .venv/bin/python bench/votes.py                       # 1,000 voters, 16 client threads, 2 sync workers
    .venv/bin/python bench/votes.py --voters 300 --threads 8

Bounded, local and self-stopping: gunicorn listens on 127.0.0.1 only and the client connects there
only; every voter makes at most four requests; the run stops at ``--timeout`` seconds whatever happens,
and the script stops the server it started. Steps (the helpers of bench/load.py):

1. Data — a PostgreSQL database of its own (``--database``, dropped and created),
   migrated; then through the ORM: a contest with a final round of 12 entries in 3 tracks and its
   public vote, open now (one vote per track per person); ``--voters`` people with verified mobile
   numbers and accounts older than the vote, each signed in beforehand (a session written as a
   "记住我" login would have, as bench/load.py does for its leaders).
2. Server — gunicorn with deploy/gunicorn.conf.py and the production settings (bench/load_settings.py:
   no collectstatic), ``--workers`` sync workers, Redis for cache (rate limits), sessions and the
   broker. Requests carry what nginx would add: ``X-Forwarded-Proto: https`` and ``X-Real-IP`` — each
   voter its own address in its own /24, so the per-network limit does what it does for real people.
3. Load — ``--threads`` client threads (http.client, one connection each) take voters from a queue:
   each opens the confirmation page (GET: the CSRF cookie and token), then confirms (POST). Every
   ``--duplicate-every``-th voter is a double submission: two POSTs at the same moment from two
   connections, for two entries of the same track (the race the unique constraint must win).
4. Check — accepted answers (a redirect to the voting page) == vote rows; every accepted voter has
   exactly one row, for the entry of the accepted answer; every double submission produced one row
   and one refusal ("已经在这个类别投过票"); no 5xx, no answer lost.

Prints a markdown report and writes it to bench/results/votes-<date>.md.
"""

import argparse
import datetime as dt
import http.client
import os
import queue
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import HOST, ROOT, _manage, _psql, free_port, server_env, start_server, stop_server

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DUPLICATE_TEXT = "已经在这个类别投过票"
ENTRIES, TRACKS = 12, 3


def build(voters):
    """The contest, its open vote and the signed-in voters; returns the plan for the client."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from contests.choices import EntryStatus, OrganisationType, RoundKind, TeamRole
    from contests.models import Contest, Entry, PublicVote, Round, Team, TeamMembership, Track, VoteStatus
    from contests.services.sessions import keep_session

    User = get_user_model()
    now = timezone.now()
    day = dt.timedelta(days=1)
    boss = User.objects.create(email="bench-boss@shuyong.example", password=make_password(None), is_active=True)
    contest = Contest.objects.create(
        name="人气奖投票压测大赛", slug="vote-bench", year=2026, registration_opens=now - 60 * day,
        registration_closes=now - 50 * day, submission_deadline=now - 40 * day, judging_starts=now - 30 * day,
        judging_ends=now + 10 * day, results_date=now + 20 * day,
    )  # fmt: skip
    final = Round.objects.create(
        contest=contest, number=1, kind=RoundKind.FINAL, opens_at=now - day, closes_at=now + day
    )
    tracks = [
        Track.objects.create(contest=contest, name=f"赛道{i + 1}", slug=f"t{i + 1}", sort_order=i) for i in range(3)
    ]
    entries = []
    for i in range(ENTRIES):
        team = Team.objects.create(
            contest=contest, name=f"压测团队{i + 1}", organisation=f"压测单位{i + 1}",
            organisation_type=OrganisationType.ENTERPRISE, created_by=boss,
        )  # fmt: skip
        TeamMembership.objects.create(team=team, user=boss, role=TeamRole.LEADER) if i == 0 else None
        entries.append(
            Entry.objects.create(
                contest=contest,
                track=tracks[i % TRACKS],
                team=team,
                title=f"压测作品{i + 1}",
                abstract="基于共享数据的服务。",
                status=EntryStatus.ELIGIBLE,
                created_by=boss,
                updated_by=boss,
            )
        )
    PublicVote.objects.create(
        round=final, opens_at=now - dt.timedelta(minutes=5), closes_at=now + dt.timedelta(hours=2),
        rules="每人每个赛道一票。", status=VoteStatus.PUBLISHED, published_at=now - day, created_by=boss,
        daily_cap=TRACKS,
    )  # fmt: skip
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"voter{n}@bench.example",
                real_name=f"投票人{n}",
                password=unusable,
                is_active=True,
                phone=f"137{n:08d}",
                phone_verified_at=now - 30 * day,
                date_joined=now - 90 * day,
            )
            for n in range(voters)
        ]
    )
    people = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    plan = []
    for n, user in enumerate(people):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        keep_session(session, remember=True)
        session.create()
        # Each voter an entry of the first track; a double submission also the next entry of that track.
        first = entries[(n * TRACKS) % ENTRIES]
        second = entries[(n * TRACKS + TRACKS) % ENTRIES]
        plan.append(
            {"user": user.pk, "session": session.session_key, "address": f"10.{n // 250}.{n % 250}.{1 + n % 200}",
             "entry": str(first.uuid), "entry_pk": first.pk, "other": str(second.uuid), "other_pk": second.pk}
        )  # fmt: skip
    return {"voters": plan, "cookie": settings.SESSION_COOKIE_NAME, "contest": contest.slug, "round": final.number}


class Voter:
    """One connection, the voter's cookies, and what nginx would add to each request."""

    def __init__(self, port, plan, person):
        self.port, self.plan, self.person = port, plan, person
        self.cookies = {plan["cookie"]: person["session"], "vote_device": f"bench-{person['user']}"}

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.person["address"],
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "bench-votes",
        }
        if body is not None:
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://{HOST}{path}",
                 "Origin": f"https://{HOST}"}
            )  # fmt: skip
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), text, time.perf_counter() - started
        finally:
            connection.close()

    def path(self, entry):
        return f"/vote/{self.plan['contest']}/{self.plan['round']}/{entry}/"


def vote_once(port, plan, person, double, records, lock):
    voter = Voter(port, plan, person)
    status, _where, text, took = voter.request("GET", voter.path(person["entry"]))
    form = TOKEN.search(text)
    if status != 200 or form is None:
        with lock:
            records.append({"user": person["user"], "kind": "page", "status": status, "ms": took * 1000})
        return
    body = urlencode({"csrfmiddlewaretoken": form.group(1), "confirm": "on"})
    targets = [(person["entry"], person["entry_pk"])] + ([(person["other"], person["other_pk"])] if double else [])
    start = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def post(index, entry, entry_pk):
        start.wait()
        status, where, text, took = voter.request("POST", voter.path(entry), body)
        results[index] = {
            "user": person["user"], "entry": entry_pk, "kind": "post", "status": status, "ms": took * 1000,
            "accepted": status == 302 and where.startswith("/vote/"), "duplicate": DUPLICATE_TEXT in text,
            "double": double,
        }  # fmt: skip

    threads = [threading.Thread(target=post, args=(i, *t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with lock:
        records.extend(r for r in results if r is not None)


def run_load(port, plan, threads, duplicate_every, timeout):
    work = queue.Queue()
    for n, person in enumerate(plan["voters"]):
        work.put((person, duplicate_every > 0 and n % duplicate_every == duplicate_every - 1))
    records, lock = [], threading.Lock()
    deadline = time.monotonic() + timeout

    def worker():
        while time.monotonic() < deadline:
            try:
                person, double = work.get_nowait()
            except queue.Empty:
                return
            try:
                vote_once(port, plan, person, double, records, lock)
            except OSError as error:
                with lock:
                    records.append({"user": person["user"], "kind": "error", "status": 0, "error": str(error)})

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return records, time.perf_counter() - started, work.qsize()


def check(records):
    """Accepted answers against the rows in the database."""
    from contests.models import Vote

    posts = [r for r in records if r["kind"] == "post"]
    accepted = [r for r in posts if r["accepted"]]
    rows = list(Vote.objects.values_list("voter_id", "entry_id", "category"))
    by_voter = {}
    for voter, entry, category in rows:
        by_voter.setdefault((voter, category), []).append(entry)
    accepted_pairs = {(r["user"], r["entry"]) for r in accepted}
    row_pairs = {(voter, entry) for voter, entry, _c in rows}
    doubles = {}
    for r in posts:
        if r["double"]:
            doubles.setdefault(r["user"], []).append(r)
    return {
        "posts": len(posts),
        "accepted": len(accepted),
        "rows": len(rows),
        "lost": len(accepted_pairs - row_pairs),  # accepted, but no row
        "unanswered_rows": len(row_pairs - accepted_pairs),  # a row nobody was told about
        "double_counted": sum(1 for entries in by_voter.values() if len(entries) > 1),
        "doubles": len(doubles),
        "doubles_ok": sum(
            1 for rs in doubles.values() if sum(r["accepted"] for r in rs) == 1 and sum(r["duplicate"] for r in rs) == 1
        ),
        "errors": sum(1 for r in records if r["kind"] == "error" or r["status"] >= 500),
        "refused_other": [r["status"] for r in posts if not r["accepted"] and not r["duplicate"]],
        "pages_failed": sum(1 for r in records if r["kind"] == "page"),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0


def report(args, outcome, elapsed, left, records, load_before):
    posts = [r["ms"] for r in records if r["kind"] == "post"]
    rate = outcome["accepted"] / elapsed * 60 if elapsed else 0
    ok = (
        outcome["lost"] == 0 and outcome["double_counted"] == 0 and outcome["unanswered_rows"] == 0
        and outcome["errors"] == 0 and outcome["doubles_ok"] == outcome["doubles"] and left == 0
    )  # fmt: skip
    lines = [
        f"# Public vote load run, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`bench/votes.py --voters {args.voters} --threads {args.threads} --workers {args.workers} "
        f"--duplicate-every {args.duplicate_every}` · {os.cpu_count()} cores, load average before "
        f"{load_before:.2f} · PostgreSQL + Redis, gunicorn {args.workers} sync workers, production settings",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| voters (each: confirmation page, then the vote) | {args.voters} (not reached: {left}) |",
        f"| double submissions (two POSTs at once, same track) | {outcome['doubles']} |",
        f"| POSTs sent | {outcome['posts']} |",
        f"| votes accepted (redirect to the voting page) | {outcome['accepted']} |",
        f"| vote rows in the database | {outcome['rows']} |",
        f"| accepted but not recorded (lost) | {outcome['lost']} |",
        f"| recorded but not accepted | {outcome['unanswered_rows']} |",
        f"| double-counted (two rows, one voter and track) | {outcome['double_counted']} |",
        f"| double submissions answered one vote + one refusal | {outcome['doubles_ok']} / {outcome['doubles']} |",
        f"| other refusals (status) | {outcome['refused_other'] or 'none'} |",
        f"| 5xx or no answer | {outcome['errors']} |",
        f"| elapsed | {elapsed:.1f} s |",
        f"| **accepted votes per minute** | **{rate:.0f}** |",
        f"| POST p50 / p95 / p99 | {percentile(posts, 0.5):.0f} / {percentile(posts, 0.95):.0f} / "
        f"{percentile(posts, 0.99):.0f} ms |",
        "",
        f"Result: {'PASS' if ok and rate >= 1000 else 'FAIL'} "
        "(target: ≥ 1,000 votes a minute, 0 lost, 0 double-counted).",
    ]
    if posts:
        lines.append(f"Mean POST {statistics.mean(posts):.0f} ms.")
    return "\n".join(lines) + "\n", ok and rate >= 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duplicate-every", type=int, default=10, help="every n-th voter submits twice at once")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shuyong_vote_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--timeout", type=int, default=150, help="stop sending after this many seconds")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    folder = tempfile.mkdtemp(prefix="vote-bench-")
    port = free_port()
    env = server_env(args.database, args.redis, folder, port, args.workers, collected_static=False)
    name = args.database.rsplit("/", 1)[1]
    _psql(args.database, f"DROP DATABASE IF EXISTS {name}")
    _psql(args.database, f"CREATE DATABASE {name}")
    started = time.perf_counter()
    _manage(env, "migrate", "-v", "0")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()  # the rate limits of an earlier run
    plan = build(args.voters)
    print(f"set-up {time.perf_counter() - started:.0f} s; {args.voters} voters signed in")
    server = start_server(env, Path(folder) / "gunicorn.log")
    try:
        records, elapsed, left = run_load(port, plan, args.threads, args.duplicate_every, args.timeout)
    finally:
        stop_server(server)
    outcome = check(records)
    text, ok = report(args, outcome, elapsed, left, records, load_before)
    print(text)
    if not args.no_write:
        path = ROOT / "bench" / "results" / f"votes-{dt.datetime.now(dt.UTC):%Y-%m-%d}.md"
        path.write_text(text)
        print(f"written to {path.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
