"""Timing loop for search through the Django test client (no server): p50 / p95 per URL.

    DATABASE_URL=sqlite:////tmp/search-bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/search-bench.sqlite3 .venv/bin/python manage.py load_demo --scenes 2000
    DATABASE_URL=sqlite:////tmp/search-bench.sqlite3 .venv/bin/python bench/search.py [--runs 50]

Runs with bench.settings (DEBUG off, local-memory cache). Each URL gets a few warm-up requests,
then ``--runs`` timed ones; a bounded loop in one process, nothing is served.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

URLS = [
    "/search/?q=" + quote("养老"),
    "/search/?q=" + quote("養老"),
    "/search/?q=yanglao",
    "/search/?q=ylfw",
    "/search/?q=" + quote("养老院服务质量提升专项行动"),  # few or no results: "did you mean"
    "/scenes/?q=" + quote("养老"),
    "/scenes/?q=yanglao",
    "/search/suggest/?q=" + quote("养老"),
    "/search/suggest/?q=yl",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    client = Client()
    print(f"| URL | status | p50 ms | p95 ms | runs {args.runs} |")
    print("| --- | --- | --- | --- | --- |")
    for url in URLS:
        status = None
        for _ in range(args.warmup):
            status = client.get(url).status_code
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        print(f"| {url} | {status} | {statistics.median(timings):.1f} | {p95:.1f} | |")


if __name__ == "__main__":
    main()
