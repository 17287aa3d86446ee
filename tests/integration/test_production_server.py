"""The production stack for real: collectstatic, then gunicorn with deploy/gunicorn.conf.py and
cms.settings.production against the test database (and Redis when the suite has it)."""

import http.client
import json
import re
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.services import REPO_DIR, production_env, subprocess_database_env

HOST = "example.org"
# The server uses the test database; pytest-django creates it only for sessions with database tests.
pytestmark = pytest.mark.django_db


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, port, log_path):
        self.port = port
        self.log_path = log_path

    def get(self, path, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": HOST, **headers})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def log(self):
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def production_server(postgres, django_db_setup, tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = production_env(
        **subprocess_database_env(),
        REDIS_URL=settings.REDIS_URL,
        STATIC_ROOT=str(folder / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput"]
    subprocess.run(collect, cwd=REPO_DIR, env=env, capture_output=True, timeout=300, check=True)

    server = Server(port, folder / "gunicorn.log")
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
    with open(server.log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "Booting worker" not in server.log() or not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{server.log()}", pytrace=False)
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def _accepts(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_production_server_redirects_plain_http_to_https(production_server):
    response, _body = production_server.get("/admin/login/")
    assert (response.status, response.getheader("Location")) == (301, f"https://{HOST}/admin/login/")


def test_production_server_answers_healthz_over_plain_http(production_server):
    response, body = production_server.get("/healthz")
    report = json.loads(body)
    assert response.status == 200
    assert report["status"] == "ok"
    assert (report["checks"]["database"]["ok"], report["checks"]["database"]["detail"]) == (True, "postgresql")


def test_production_server_sends_security_headers_over_https(production_server):
    response, _body = production_server.get("/admin/login/", **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Content-Security-Policy").endswith("; upgrade-insecure-requests")
    csrf_cookie = next(value for name, value in response.getheaders() if value.startswith("csrftoken="))
    assert "; Secure" in csrf_cookie


def test_production_server_serves_hashed_static_files_compressed_for_a_year(production_server):
    _response, body = production_server.get("/admin/login/", **{"X-Forwarded-Proto": "https"})
    stylesheet = re.search(r"/static/wagtailadmin/css/core\.[0-9a-f]{12}\.css", body.decode()).group()
    response, _css = production_server.get(stylesheet, **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"
    assert response.getheader("Content-Encoding") == "gzip"


def test_production_server_access_log_names_the_client_behind_nginx(production_server):
    production_server.get("/healthz", **{"X-Real-IP": "203.0.113.7"})
    time.sleep(0.2)  # the access log line is written after the response
    assert '203.0.113.7 127.0.0.1 "GET /healthz HTTP/1.1" 200' in production_server.log()
