"""Benchmark of the showcase pages, served by gunicorn beside a static file of the same size.

    .venv/bin/python bench/showcase.py                  # full run: prepare, count queries, serve, measure
    .venv/bin/python bench/showcase.py --requests 100   # fewer measured requests per URL

Bounded and local: the server listens on 127.0.0.1 only, every URL gets a fixed number of
requests, and the script stops the server it started. Steps:

1. Data — two SQLite files of their own (never db.sqlite3), each made once by ``migrate`` and
   ``load_demo --scenes N --solutions M``: /tmp/bench.sqlite3 (2,000 scenes, 240 solutions) and
   /tmp/bench-100.sqlite3 (100 scenes, 24 solutions). Delete a file to rebuild it.
2. Queries — per page, at 100 and at 2,000 scenes, in a child process with the Django test
   client and CaptureQueriesContext: cold (cache cleared: facet index and figures built), index
   warm (the response rendered anew) and cached (the response from the page cache).
3. Serving — ``collectstatic``, then gunicorn (``--workers 2``, bench/settings.py: the base
   settings with DEBUG off) on the 2,000-scene file. For every page a file of exactly the
   page's byte size is put under STATIC_ROOT/bench/ so the same process serves it through
   WhiteNoise. Requests alternate page / static twin, one at a time, each on a new connection
   (gunicorn's sync workers close it anyway), after a warm-up.
4. Twice: with the listing cache off (uncached listing, search, statistics) and on
   (SHOWCASE_CACHE_LISTINGS: the same listing answered from the cache, invalidated on publish).

Results go to bench/results/showcase-<date>.md (medians, p95, ratio to the static twin).
"""

import argparse
import datetime as dt
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASES = {100: ("/tmp/bench-100.sqlite3", 24), 2000: ("/tmp/bench.sqlite3", 240)}  # noqa: S108
STATIC_TWINS = ROOT / "static" / "bench"
HOST = "127.0.0.1"

# (name, path): the listing with two facets on page 7, a search, the statistics page.
LISTING = "/scenes/?level=listed&year=2023&page=7"
PAGES = [
    ("listing, 2 facets, page 7", LISTING),
    ("search ?q=养老", "/search/?q=" + quote("养老")),
    ("statistics", "/scenes/statistics/"),
]
# Every kind of public page, answered from the page cache (cms/page_cache.py) beside its static twin.
PUBLIC_PAGES = [
    ("home", "/"),
    ("scene listing", "/scenes/"),
    ("listing, 2 facets, page 7", LISTING),
    ("solution listing", "/solutions/"),
    ("scene page", "/scenes/gen-00036/"),
    ("scene page, English", "/en/scenes/gen-00036/"),
    ("solution page", "/solutions/enrolment-platform/"),
    ("statistics", "/scenes/statistics/"),
    ("contest page", "/contests/2026/"),
    ("RSS feed", "/scenes/feed/rss/"),
    ("sitemap", "/sitemap.xml"),
]
CACHED_PAGES = [(f"{name} (cached)", path) for name, path in PUBLIC_PAGES]
QUERY_PAGES = [("home", "/"), *PAGES]
CPU_RUNS = 20  # in-process requests per page for the CPU-time column


def bench_env(database, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
    }
    # Local-memory cache and in-process tasks: no services, as on a fresh machine.
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    env.update(extra)
    return env


def manage(database, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(database), check=True)  # noqa: S603


def prepare(scenes):
    database, solutions = DATABASES[scenes]
    marker = Path(database + ".ready")
    if marker.exists():
        return
    for suffix in ("", "-wal", "-shm"):
        Path(database + suffix).unlink(missing_ok=True)
    print(f"preparing {database}: {scenes} scenes, {solutions} solutions", flush=True)
    manage(database, "migrate", "--noinput", "-v", "0")
    manage(database, "load_demo", "--scenes", str(scenes), "--solutions", str(solutions))
    marker.write_text(dt.datetime.now().isoformat())


# --- query counts (runs in a child process, one per database) --------------------------------------


def count_queries_here():
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scenes.models import ScenePage

    def cpu_ms(path, clear):
        times = []
        for _ in range(CPU_RUNS):
            if clear:
                cache.clear()
            started = time.process_time()
            client.get(path)
            times.append((time.process_time() - started) * 1000)
        return round(statistics.median(times), 1)

    client = Client()
    counts = {"scenes": ScenePage.objects.live().count(), "pages": {}, "cpu_ms": {}}
    for name, path in QUERY_PAGES:
        client.get(path)  # renditions, site root paths
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        counts["pages"][name] = [len(cold), len(warm)]
        counts["cpu_ms"][name] = [cpu_ms(path, clear=True), cpu_ms(path, clear=False)]
    print(json.dumps(counts))


def query_counts(scenes):
    """Per page: [cold, index warm (response not cached), response cached] queries and CPU ms.

    Cold is the first request after the cache is cleared (as after a publish): the catalogue's
    facet index and the figures are built. Two children: with the listing cache off, the second
    request renders the page from the warm index; with it on, it is answered from the page cache.
    """
    database, _solutions = DATABASES[scenes]
    runs = {}
    for cache_listings in ("false", "true"):
        env = bench_env(database, SHOWCASE_CACHE_LISTINGS=cache_listings)
        command = [PYTHON, __file__, "--count-queries"]
        result = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        runs[cache_listings] = json.loads(result.stdout.decode().strip().splitlines()[-1])
    off, on = runs["false"], runs["true"]
    merged = {"scenes": off["scenes"], "pages": {}, "cpu_ms": {}}
    for name in off["pages"]:
        for part in ("pages", "cpu_ms"):
            merged[part][name] = [off[part][name][0], off[part][name][1], on[part][name][1]]
    return merged


# --- serving ----------------------------------------------------------------------------------------


def get(port, path, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed, body, response


def start_server(port, database, cache_listings):
    env = bench_env(database, SHOWCASE_CACHE_LISTINGS="true" if cache_listings else "false")
    command = [PYTHON, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", "2", "--log-level", "warning"]
    process = subprocess.Popen([*command, "cms.wsgi:application"], cwd=ROOT, env=env)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(port, "/healthz")
            return process
        except (OSError, RuntimeError):
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def winner_page(database):
    """[(name, path)] of a demo contest's first public winner page (the 2025 contest's results are final)."""
    code = (
        "from contests.models import Award, ContestPage\n"
        "from contests.services.outcomes.public_results import final_awards\n"
        "found = [(p, a) for p in ContestPage.objects.live().select_related('contest')\n"
        "         for a in final_awards(p.contest).select_related('entry')[:1]]\n"
        "page, award = found[0] if found else (None, None)\n"
        "print(page.url + page.reverse_subpage('winner', kwargs={'uuid': award.entry.uuid}) if award else '')"
    )
    command = [PYTHON, "manage.py", "shell", "-c", code]
    done = subprocess.run(command, env=bench_env(database), cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    path = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return [("winner page (cached)", path)] if path.startswith("/") else []


def twin_name(name):
    return "".join(ch if ch.isalnum() else "-" for ch in name.encode("ascii", "ignore").decode()).strip("-") + ".html"


def write_twins(port, database, pages):
    """A static file of each page's exact size; WhiteNoise indexes STATIC_ROOT when a worker starts."""
    server = start_server(port, database, cache_listings=False)
    try:
        sizes = {name: len(get(port, path)[1]) for name, path in pages}
    finally:
        stop_server(server)
    STATIC_TWINS.mkdir(parents=True, exist_ok=True)
    for name, size in sizes.items():
        (STATIC_TWINS / twin_name(name)).write_bytes(b"<!-- static twin -->".ljust(size, b" "))
    return sizes


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(port, pages, requests, warmup):
    rows = []
    for name, path in pages:
        twin = f"/static/bench/{twin_name(name)}"
        for _ in range(warmup):
            get(port, path)
            get(port, twin)
        page_times, static_times = [], []
        for _ in range(requests):
            elapsed, body, response = get(port, path)
            page_times.append(elapsed)
            static_times.append(get(port, twin)[0])
        rows.append(
            {
                "name": name,
                "path": path,
                "bytes": len(body),
                "cache": response.getheader("X-Showcase-Cache") or "-",
                "median_ms": statistics.median(page_times) * 1000,
                "p95_ms": percentile(page_times, 0.95) * 1000,
                "static_median_ms": statistics.median(static_times) * 1000,
                "static_p95_ms": percentile(static_times, 0.95) * 1000,
            }
        )
        rows[-1]["ratio"] = rows[-1]["median_ms"] / rows[-1]["static_median_ms"]
        print(f"  {name}: {rows[-1]['median_ms']:.1f} ms median, ratio {rows[-1]['ratio']:.1f}", flush=True)
    return rows


def report(rows, counts, requests):
    today = dt.date.today().isoformat()
    lines = [
        f"# Showcase benchmark, {today}",
        "",
        f"gunicorn, 2 sync workers, bench/settings.py (base settings, DEBUG off), SQLite /tmp/bench.sqlite3 with "
        f"{counts[2000]['scenes']} live scenes; {requests} sequential requests per URL after a warm-up, "
        "each followed by a request for its static twin (same byte size, WhiteNoise, same process). "
        f"Machine: {os.cpu_count()} cores, shared with other work; load average at start "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "| page | bytes | served | median ms | p95 ms | static median ms | static p95 ms | ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} `{row['path']}` | {row['bytes']:,} | {row['cache']} | {row['median_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['static_median_ms']:.2f} | {row['static_p95_ms']:.2f} | {row['ratio']:.1f}× |"
        )
    lines += [
        "",
        "Database queries per page and the CPU time of rendering it in-process (Django test client; "
        f"median of {CPU_RUNS}, less disturbed than wall-clock time by other work on the machine), each as "
        "cold / index warm / cached: *cold* is the first request after the cache is cleared, as after a "
        "publish (the catalogue's facet index and the figures are built); *index warm* renders the "
        'response anew with the facet index and figures cached (the served "uncached" rows above); '
        "*cached* is the response from the page cache (SHOWCASE_CACHE_LISTINGS).",
        "",
        f"| page | queries, {counts[100]['scenes']} scenes | queries, {counts[2000]['scenes']} scenes "
        f"| CPU ms, {counts[2000]['scenes']} scenes |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, _path in QUERY_PAGES:
        small, large = counts[100]["pages"][name], counts[2000]["pages"][name]
        cpu = counts[2000]["cpu_ms"][name]
        lines.append(
            f"| {name} | {' / '.join(map(str, small))} | {' / '.join(map(str, large))} | {' / '.join(map(str, cpu))} |"
        )
    path = ROOT / "bench" / "results" / f"showcase-{today}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {path.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per URL first")
    parser.add_argument("--port", type=int, default=8302)
    parser.add_argument("--prepare", action="store_true", help="only create the two databases")
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:
        return count_queries_here()

    for scenes in DATABASES:
        prepare(scenes)
    if args.prepare:
        return None
    database = DATABASES[2000][0]
    manage(database, "collectstatic", "--noinput", "-v", "0")
    counts = {scenes: query_counts(scenes) for scenes in DATABASES}
    print("queries:", json.dumps(counts, ensure_ascii=False), flush=True)

    cached_pages = CACHED_PAGES + winner_page(database)
    write_twins(args.port, database, PAGES + cached_pages)
    rows = []
    try:
        for cache_listings, pages in ((False, PAGES), (True, cached_pages)):
            print(f"serving with SHOWCASE_CACHE_LISTINGS={cache_listings}", flush=True)
            server = start_server(args.port, database, cache_listings)
            try:
                rows += measure(args.port, pages, args.requests, args.warmup)
            finally:
                stop_server(server)
    finally:
        for twin in STATIC_TWINS.glob("*.html"):
            twin.unlink()
    report(rows, counts, args.requests)


if __name__ == "__main__":
    main()
