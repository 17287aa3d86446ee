"""The judges' load run of bench/load_judges.py in a short, bounded form: a smoke check of scoring
under concurrency (not a benchmark — the figures are in bench/README.md).

gunicorn with cms.settings.production (2 sync workers) serves the test database (PostgreSQL) with
Redis for cache and sessions; locust, headless on loopback, sends 6 judges at once who each log in
through the form, open the portal and the round list, and for 2 assignments declare no conflict,
save a draft with its version and submit it — the second submit sent twice at the same moment.
The run ends when the last judge is done; bounded by 60 s and 1,000 requests. Static files are not
collected (bench/load_settings.py).
"""

import pytest
from django.conf import settings

from bench import load, load_judges
from tests.services import subprocess_database_env

JUDGES = 6
PER_JUDGE = 2
DURATION = 60  # seconds at most; the run ends when the last judge is done (~15 s)
MAX_REQUESTS = 1000
P95_BOUND_MS = 10_000  # generous: a smoke check on a shared machine, not a benchmark


@pytest.fixture
def judges_ready(postgres, redis_url, transactional_db):
    """Demo site, the contest with a few teams, entries, judges, round-1 assignments; the round open now."""
    from cms.demo import load_site
    from contests.demo.contest import load_contest
    from contests.demo.entries import load_entries
    from contests.demo.judging import load_judging

    options = {"seed": 2026, "teams": 12, "judges": JUDGES, "scenes": None, "solutions": None}
    for loader in (load_site, load_contest, load_entries, load_judging):
        loader(None, options)
    return load_judges.prepare(JUDGES, PER_JUDGE, scene_pages=0, rehash_passwords=True, open_for=600)


@pytest.fixture
def server(judges_ready, redis_url, tmp_path):
    env = load.server_env(
        subprocess_database_env()["DATABASE_URL"],
        redis_url,
        tmp_path,
        load.free_port(),
        2,
        collected_static=False,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    process = load.start_server(env, tmp_path / "gunicorn.log")
    try:
        yield f"http://{env['GUNICORN_BIND']}", tmp_path
    finally:
        load.stop_server(process)


def test_judges_scoring_at_once_lose_nothing(judges_ready, server):
    base_url, folder = server
    records, _summary, wall = load_judges.run_locust(
        base_url,
        judges_ready,
        folder,
        visitors=0,
        duration=DURATION,
        max_requests=MAX_REQUESTS,
        spawn_rate=JUDGES,
        judge_think=(0.1, 0.4),
        browse_think=(1, 1),
    )
    rows = {(row["scenario"], row["step"]): row for row in load.summarise(records)}
    check = load_judges.verify(records, judges_ready)
    report = load_judges.markdown(
        load.summarise(records), check, title="short judges load run", failures=load.failure_samples(records),
        setting="", server=load_judges.server_times(folder / "gunicorn.log"),
    )  # fmt: skip
    tracebacks, timeouts = load.server_errors(folder / "gunicorn.log")
    print(report)  # shown with -s, or with the failure

    assert wall < DURATION + 30, report
    assert rows[("all", "all")]["requests"] < MAX_REQUESTS, report  # ended by the judges, not a bound
    assert (tracebacks, timeouts) == (0, 0), (folder / "gunicorn.log").read_text()[-5000:]
    assert rows[("judging", "all")]["errors"] == 0, report
    assert load.failure_samples(records) == [], report
    # Every judge got through: each assignment declared, drafted and submitted; the double click counted once.
    planned = JUDGES * PER_JUDGE
    assert (check["declared"], check["saves"], check["submits"], check["doubles"]) == (
        planned,
        planned,
        planned,
        JUDGES,
    ), report
    assert check["problems"] == [], report
    assert (check["submitted_in_db"], check["submit_events"]) == (planned, planned), report
    assert rows[("judging", "all")]["p95"] < P95_BOUND_MS, report
