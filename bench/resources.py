"""Benchmark of the data resource catalogue (/data/) and a resource's page at scale, against a scene page.

    .venv/bin/python bench/resources.py                       # 150,000 resources in /tmp/bench-resources.sqlite3
    .venv/bin/python bench/resources.py --resources 20000 --database /tmp/bench-resources-20k.sqlite3

1. Data — a SQLite file of its own (never db.sqlite3), made once by ``migrate`` and
   ``load_demo --resources N`` (the load is timed); delete the file to rebuild it.
2. Pages — in this process with the Django test client, each URL answered ``--repeat`` times as a
   signed-in visitor gets it (never from the page cache; the session costs the same on every page) and once more from
   the page cache (anonymous, second visit): the median time, and the queries of one answer.
   After a content change the catalogue's facet index is built anew (by the warm-up task, else by
   the first request): timed apart.
3. The resource page and the catalogue against a scene page (the ratio of medians).

Prints a Markdown table; ``--output FILE`` writes it there too.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "/tmp/bench-resources.sqlite3"  # noqa: S108 - a throw-away benchmark file

SCENE_PAGE = ("scene page (reference)", "/scenes/compulsory-education-enrolment-online/")
PAGES = [
    ("catalogue /data/", "/data/"),
    ("search ?q=户籍", "/data/?q=" + quote("户籍")),
    ("search ?q=养老机构 (many matches)", "/data/?q=" + quote("养老机构")),
    ("facet ?domain=education", "/data/?domain=education"),
    ("2 facets ?owner=省民政厅&node=jinan", "/data/?owner=" + quote("省民政厅") + "&node=jinan"),
    ("page 500 sorted by update", "/data/?sort=updated&page=500"),
    ("resource page", "/data/household-registration/"),
    ("resource page, English", "/en/data/household-registration/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap file of resources", "/sitemap-data.xml?p=3"),
    ("API, 20 resources", "/api/v2/data-resources/?fields=*"),
    SCENE_PAGE,
]


def run(*command, env):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def ensure_database(path, resources):
    env = {**os.environ, "SQLITE_PATH": path, "LOG_LEVEL": "WARNING"}
    if Path(path).exists():
        return None
    run("migrate", "-v0", env=env)
    started = time.monotonic()
    run("load_demo", "--resources", str(resources), env=env)
    return time.monotonic() - started


def setup_django(path):
    os.environ["SQLITE_PATH"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def measure(repeat):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scenes.choices import RESOURCE_SORTS
    from scenes.services.facet_index import build_index
    from scenes.services.resources import RESOURCE_FACETS, all_resources

    # A signed-in visitor (the demo's 公众用户) is never answered from the page cache.
    signed_in = Client()
    reader, _created = get_user_model().objects.get_or_create(email="reader@shuyong.example")
    signed_in.force_login(reader)
    anonymous = Client()

    # What a content change costs /data/: its facet index built anew (by the warm-up task after the
    # commit, or by the first request when no task ran).
    started = time.perf_counter()
    build_index(all_resources(), RESOURCE_FACETS, RESOURCE_SORTS)
    cold = time.perf_counter() - started

    rows = []
    for name, url in PAGES:
        response = signed_in.get(url)  # warm this process (segmenter, templates, site root paths)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            signed_in.get(url)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(url)
        query_count = len(queries)  # now: the next request starts a new query log
        assert "X-Showcase-Cache" not in response, url
        anonymous.get(url)
        started = time.perf_counter()
        cached = anonymous.get(url)
        cached_time = time.perf_counter() - started
        rows.append(
            {
                "name": name,
                "url": url,
                "median": statistics.median(times),
                "p95": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
                "queries": query_count,
                "cached": cached_time if cached.get("X-Showcase-Cache") == "hit" else None,
            }
        )
    return cold, rows


def report(resources, load_seconds, cold, rows):
    from scenes.models import DataResource

    scene = next(row for row in rows if row["name"] == SCENE_PAGE[0])
    lines = [
        f"Resources in the catalogue: {DataResource.objects.count():,} (asked for {resources:,}).",
        f"Load (`load_demo --resources {resources}` on a fresh migrate): "
        + (f"{load_seconds:.0f} s." if load_seconds is not None else "not timed in this run (file existed)."),
        f"Facet index of the catalogue built anew (after any content change): {cold * 1000:.0f} ms.",
        "",
        "| page | median ms | p95 ms | queries | ratio to scene page | from page cache ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = row["median"] / scene["median"]
        cached = f"{row['cached'] * 1000:.1f}" if row["cached"] is not None else "—"
        lines.append(
            f"| {row['name']} | {row['median'] * 1000:.1f} | {row['p95'] * 1000:.1f} | {row['queries']} "
            f"| {ratio:.2f} | {cached} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=150_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--output")
    args = parser.parse_args()
    load_seconds = ensure_database(args.database, args.resources)
    setup_django(args.database)
    cold, rows = measure(args.repeat)
    text = report(args.resources, load_seconds, cold, rows)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
