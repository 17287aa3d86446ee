"""deploy/: the gunicorn and nginx settings agree with the site's own limits."""

import re
import runpy

import pytest
from django.conf import settings

from tests.services import REPO_DIR

DEPLOY = REPO_DIR / "deploy"
MiB = 1024 * 1024


def _gunicorn_config(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_reads_workers_and_timeout_from_the_environment(monkeypatch):
    config = _gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="90")
    assert (config["workers"], config["timeout"], config["accesslog"], config["errorlog"]) == (3, 90, "-", "-")


def test_gunicorn_stops_on_a_non_integer_worker_count_naming_the_variable(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be an integer, got 'many'"):
        _gunicorn_config(monkeypatch, WEB_CONCURRENCY="many")


def test_nginx_upload_cap_fits_the_largest_upload_the_site_accepts():
    from contests.services.uploads import MAX_BYTES

    cap = int(re.search(r"^\s*client_max_body_size (\d+)m;", (DEPLOY / "nginx.conf").read_text(), re.M)[1]) * MiB
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, *MAX_BYTES.values())
    # Room for the multipart framing, but not so much that nginx buffers uploads Django will refuse.
    assert largest < cap <= largest + 2 * MiB
