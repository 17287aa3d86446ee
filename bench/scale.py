"""Issue #15, target 3: the showcase at 10× the article's volume (20,000 scenes, 2,400 solutions).

    .venv/bin/python bench/scale.py                        # builds the data once, then about 10 minutes
    .venv/bin/python bench/scale.py --rebuild              # time load_demo again on fresh files
    .venv/bin/python bench/scale.py --requests 20          # a short run

Bounded and local, like bench/showcase.py (whose server helpers it uses): SQLite files of its own,
gunicorn on 127.0.0.1 only, a fixed number of requests, the server stopped by the script. Steps:

1. Data — ``migrate`` and ``load_demo --scenes N --solutions M`` into /tmp/scale-<N>.sqlite3, for the
   large volume and a small one (2,000 / 240, the article's volume) to compare query counts; each
   timed (wall and CPU of the child) and made once (a ``.ready`` file keeps the timings).
2. In-process, per database (a child process with bench/settings.py, Django test client): the
   facet index build of the scene and the solution catalogue (median of 5, no cache); search
   timings (p50 / p95 wall and CPU over ``--search-runs``); **recall**: for each query word, every
   live public scene and solution whose searchable text contains it (title, summary, body,
   department, beneficiaries, city, domains, data resources, tags — read straight from the tables,
   the StreamField JSON decoded) must be among the catalogue search's matches; query counts of the
   listings and search, cold (cache cleared) and warm.
3. Served — gunicorn, 2 sync workers, the large database, listing cache off: ``--requests`` rounds
   over listings (filters, pages, sorts, landing pages), searches and the statistics page; each
   worker's VmRSS and VmHWM (peak) from /proc after start, after one round and at the end, and the
   median per URL.

Results go to bench/results/scale-<date>.md.
"""

import argparse
import datetime as dt
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.showcase import bench_env, get, percentile, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LISTING = "/scenes/?level=listed&year=2023&page=7"
RECALL_WORDS = ["养老", "医保", "不动产", "公积金", "一网通办", "助餐", "学籍", "预警", "企业", "数据"]
SEARCH_URLS = [
    "/search/?q=" + quote("养老"),
    "/search/?q=yanglao",
    "/scenes/?q=" + quote("养老"),
    "/scenes/?q=yanglao",
    "/solutions/?q=" + quote("养老"),
]
QUERY_URLS = ["/scenes/", LISTING, "/scenes/?q=" + quote("养老"), "/search/?q=" + quote("养老"), "/solutions/"]
SERVED_URLS = [
    "/scenes/",
    LISTING,
    "/scenes/?node=jinan&domain=education",
    "/scenes/?sort=title&page=300",
    "/scenes/?sort=beneficiaries&level=provincial",
    "/scenes/city/qingdao/",
    "/scenes/?q=" + quote("养老"),
    "/search/?q=" + quote("养老"),
    "/search/?q=" + quote("医保"),
    "/search/?q=yanglao",
    "/scenes/statistics/",
    "/solutions/",
    "/solutions/?excellent=1&page=5",
]


def database_for(scenes):
    return f"/tmp/scale-{scenes}.sqlite3"  # noqa: S108 - a throw-away benchmark file


def run_timed(database, *args):
    """(wall s, CPU s of the child) of ``manage.py args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=bench_env(database), check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return round(time.perf_counter() - started, 1), round(cpu, 1)


def prepare(scenes, solutions, rebuild):
    """Build the database once; returns its load timings (kept beside it)."""
    database = database_for(scenes)
    marker = Path(database + ".ready")
    if marker.exists() and not rebuild:
        return json.loads(marker.read_text())
    for suffix in ("", "-wal", "-shm", ".ready"):
        Path(database + suffix).unlink(missing_ok=True)
    print(f"building {database}: {scenes} scenes, {solutions} solutions", flush=True)
    load = os.getloadavg()[0]
    migrate = run_timed(database, "migrate", "--noinput", "-v", "0")
    demo = run_timed(database, "load_demo", "--scenes", str(scenes), "--solutions", str(solutions))
    timings = {
        "migrate": migrate,
        "load_demo": demo,
        "load_average": round(load, 1),
        "when": dt.datetime.now().isoformat(),
    }
    marker.write_text(json.dumps(timings))
    print(f"  migrate {migrate[0]} s, load_demo {demo[0]} s wall / {demo[1]} s CPU", flush=True)
    return timings


# --- in-process measurements (a child process per database) ----------------------------------------


def _timed(function, runs):
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def _texts(value):
    if isinstance(value, str):
        return [re.sub(r"<[^>]+>", "", value)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


def searchable_text(model, columns, relations, queryset):
    """{pk: text} of ``queryset``'s pages: their own text columns, StreamField JSON decoded (its
    Chinese is stored escaped) and the names of related taxonomy rows — read from the tables, not
    from the search index."""
    texts = {}
    stream_columns = {f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}
    stream_columns |= {c for c in columns if type(model._meta.get_field(c)).__name__ == "StreamField"}
    plain = [c for c in columns if c not in stream_columns]
    for row in queryset.values_list("pk", *plain):
        texts[row[0]] = list(row[1:])
    from django.db import connection

    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        for column in [c for c in columns if c in stream_columns]:
            cursor.execute(f'SELECT "{pk_column}", "{column}" FROM "{table}"')  # noqa: S608 - our own names
            for pk, raw in cursor.fetchall():
                if pk in texts and raw:
                    texts[pk] += _texts(json.loads(raw))
    for relation in relations:
        for pk, name in queryset.values_list("pk", relation).exclude(**{f"{relation}__isnull": True}):
            texts[pk].append(name)
    return {pk: " ".join(str(t) for t in parts if t) for pk, parts in texts.items()}


def measure_here(search_runs):
    import django

    django.setup()
    import pickle

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scenes.choices import SCENE_SORTS, SOLUTION_SORTS
    from scenes.models import SceneIndexPage, ScenePage, SolutionIndexPage, SolutionPage
    from scenes.services import catalogue
    from scenes.services.facet_index import build_index

    result = {"scenes": ScenePage.objects.live().count(), "solutions": SolutionPage.objects.live().count()}

    scene_index, solution_index = SceneIndexPage.objects.live().first(), SolutionIndexPage.objects.live().first()
    builds = {
        "scenes": lambda: build_index(catalogue.live_scenes(scene_index), catalogue.SCENE_FACETS, SCENE_SORTS),
        "solutions": lambda: build_index(
            catalogue.live_solutions(solution_index), catalogue.SOLUTION_FACETS, SOLUTION_SORTS
        ),
    }
    result["facet_build"] = {}
    for name, build in builds.items():
        walls, cpus = _timed(build, 5)
        with CaptureQueriesContext(connection) as queries:
            index = build()
        result["facet_build"][name] = {
            "wall_ms": round(statistics.median(walls)),
            "cpu_ms": round(statistics.median(cpus)),
            "queries": len(queries),
            "rows": len(index.pks),
            "pickled_kb": round(len(pickle.dumps(index)) / 1024),
        }

    client = Client()
    result["search"] = {}
    for url in SEARCH_URLS:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        walls, cpus = _timed(lambda url=url: client.get(url), search_runs)
        result["search"][url] = {
            "p50": round(statistics.median(walls), 1),
            "p95": round(percentile(walls, 0.95), 1),
            "cpu_p50": round(statistics.median(cpus), 1),
        }

    result["recall"] = recall(catalogue)

    result["queries"] = {}
    for url in QUERY_URLS:
        client.get(url)  # renditions, site root paths
        cache.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counts.append(len(queries))
        result["queries"][url] = counts
    print(json.dumps(result, ensure_ascii=False))


def recall(catalogue):
    """Per word: how many live public scenes and solutions contain it in their text, how many of
    them the catalogue search finds, and how many it finds in all (more is fine: pinyin, parts)."""
    from scenes.models import ScenePage, SolutionPage

    corpora = [
        (
            ScenePage,
            catalogue.live_scenes(),
            catalogue.search_scenes,
            ["title", "summary", "body", "lead_department", "beneficiaries_text"],
            ["node__name", "domains__name", "data_resources__name", "tagged_items__tag__name"],
        ),
        (
            SolutionPage,
            catalogue.live_solutions(),
            catalogue.search_solutions,
            ["title", "summary", "body", "capabilities"],
            ["provider__name", "data_resources__name", "tagged_items__tag__name"],
        ),
    ]
    texts = [
        searchable_text(model, columns, relations, queryset) for model, queryset, _s, columns, relations in corpora
    ]
    rows = {}
    for word in RECALL_WORDS:
        expected, found, missing = 0, 0, []
        for (_model, queryset, search, _c, _r), text in zip(corpora, texts, strict=True):
            wanted = {pk for pk, body in text.items() if word in body}
            matches = set(search(queryset, word).values_list("pk", flat=True))
            expected += len(wanted)
            found += len(matches)
            missing += sorted(wanted - matches)[:5]
        rows[word] = {"expected": expected, "found": found, "missed": missing}
    return rows


def measurements(database, search_runs):
    env = bench_env(database)
    command = [PYTHON, __file__, "--measure-here", "--search-runs", str(search_runs)]
    result = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


# --- served: worker memory ---------------------------------------------------------------------------


def worker_memory(master_pid):
    """{pid: (VmRSS MB, VmHWM MB)} of the gunicorn master's children (the workers)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    memory = {}
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
        memory[int(pid)] = (round(int(fields["VmRSS"]) / 1024), round(int(fields["VmHWM"]) / 1024))
    return memory


def serve(database, port, rounds):
    server = start_server(port, database, cache_listings=False)
    try:
        snapshots = {"started": worker_memory(server.pid)}
        times = {url: [] for url in SERVED_URLS}
        for round_number in range(rounds):
            for url in SERVED_URLS:
                times[url].append(get(port, url)[0] * 1000)
            if round_number == 0:
                snapshots["after one round"] = worker_memory(server.pid)
        snapshots[f"after {rounds} rounds"] = worker_memory(server.pid)
    finally:
        stop_server(server)
    medians = {url: (round(statistics.median(t), 1), round(percentile(t, 0.95), 1)) for url, t in times.items()}
    return snapshots, medians


# --- report -----------------------------------------------------------------------------------------


def report(args, loads, results, snapshots, served, load_before):
    large, small = results[args.scenes], results[args.small_scenes]
    today = dt.date.today().isoformat()
    lines = [
        f"# Scale benchmark, {today}",
        "",
        f"{large['scenes']:,} live scenes and {large['solutions']:,} solutions (SQLite, bench/settings.py: DEBUG off, "
        f"local-memory cache), compared with {small['scenes']:,} / {small['solutions']:,}. Machine: {os.cpu_count()} "
        f"cores shared with other work; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the "
        "end. CPU times are steadier than wall times on a shared machine.",
        "",
        "## load_demo",
        "",
        "| volume | migrate wall s | load_demo wall s | load_demo CPU s | load average when built |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for scenes, timing in loads.items():
        lines.append(
            f"| {scenes:,} scenes | {timing['migrate'][0]} | {timing['load_demo'][0]} | {timing['load_demo'][1]} "
            f"| {timing.get('load_average', '?')} |"
        )
    lines += [
        "",
        "## Facet index build (median of 5, no cache)",
        "",
        "| catalogue | rows | wall ms | CPU ms | queries | pickled KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenes in (args.small_scenes, args.scenes):
        for name, build in results[scenes]["facet_build"].items():
            lines.append(
                f"| {name} | {build['rows']:,} | {build['wall_ms']} | {build['cpu_ms']} | {build['queries']} "
                f"| {build['pickled_kb']} |"
            )
    lines += [
        "",
        f"## Search, in-process (test client, {args.search_runs} requests per URL after 3 warm-up ones)",
        "",
        f"| URL | p50 ms, {small['scenes']:,} | p50 ms, {large['scenes']:,} | p95 ms | CPU p50 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for url, row in large["search"].items():
        lines.append(f"| `{url}` | {small['search'][url]['p50']} | {row['p50']} | {row['p95']} | {row['cpu_p50']} |")
    lines += [
        "",
        "## Recall",
        "",
        "Every live public scene and solution whose text contains the word (read from the tables) must be "
        "among the catalogue search's matches.",
        "",
        f"| word | containing it ({large['scenes']:,}) | found by search | missed |",
        "| --- | ---: | ---: | --- |",
    ]
    for word, row in large["recall"].items():
        missed = ", ".join(map(str, row["missed"])) or "none"
        lines.append(f"| {word} | {row['expected']:,} | {row['found']:,} | {missed} |")
    lines += [
        "",
        "## Queries per request (cache cleared / warm, listing cache off)",
        "",
        f"| URL | {small['scenes']:,} scenes | {large['scenes']:,} scenes |",
        "| --- | ---: | ---: |",
    ]
    for url in QUERY_URLS:
        lines.append(
            f"| `{url}` | {' / '.join(map(str, small['queries'][url]))} | "
            f"{' / '.join(map(str, large['queries'][url]))} |"
        )
    lines += [
        "",
        f"## Served: gunicorn, 2 sync workers, {large['scenes']:,} scenes, listing cache off",
        "",
        f"{args.requests} rounds over {len(SERVED_URLS)} URLs, one request at a time. Worker memory from /proc "
        "(RSS now / peak VmHWM, MB):",
        "",
        "| when | " + " | ".join(f"worker {n}" for n in range(1, 3)) + " |",
        "| --- | --- | --- |",
    ]
    for when, memory in snapshots.items():
        lines.append(f"| {when} | " + " | ".join(f"{rss} / {hwm}" for rss, hwm in memory.values()) + " |")
    lines += ["", "| URL | median ms | p95 ms |", "| --- | ---: | ---: |"]
    for url, (median, p95) in served.items():
        lines.append(f"| `{url}` | {median} | {p95} |")
    path = ROOT / "bench" / "results" / f"scale-{today}.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {path.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scenes", type=int, default=20000)
    parser.add_argument("--solutions", type=int, default=2400)
    parser.add_argument("--small-scenes", type=int, default=2000)
    parser.add_argument("--small-solutions", type=int, default=240)
    parser.add_argument("--rebuild", action="store_true", help="build the databases again (times load_demo)")
    parser.add_argument("--requests", type=int, default=30, help="rounds over the served URLs")
    parser.add_argument("--search-runs", type=int, default=30)
    parser.add_argument("--port", type=int, default=8315)
    parser.add_argument("--measure-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_here:
        return measure_here(args.search_runs)

    load_before = os.getloadavg()[0]
    volumes = {args.small_scenes: args.small_solutions, args.scenes: args.solutions}
    loads = {scenes: prepare(scenes, solutions, args.rebuild) for scenes, solutions in volumes.items()}
    results = {}
    for scenes in volumes:
        print(f"measuring in-process at {scenes} scenes", flush=True)
        results[scenes] = measurements(database_for(scenes), args.search_runs)
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=bench_env(database_for(args.scenes)),
        check=True,
    )
    print("serving", flush=True)
    snapshots, served = serve(database_for(args.scenes), args.port, args.requests)
    report(args, loads, results, snapshots, served, load_before)
    return None


if __name__ == "__main__":
    main()
