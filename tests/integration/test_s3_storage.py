"""Media, contest files and exports on S3-compatible object storage: a real S3 server (moto, in a
subprocess on a loopback port), the real S3 backend (django-storages over boto3), and ``STORAGES``
built by the settings' own helper from ``S3_*`` variables.

Private files are streamed through the permission-checked views, never handed out as bucket URLs,
and are unreadable to an anonymous request to the bucket; public media (Wagtail images and their
renditions) are linked from pages straight to the bucket; documents stream through Wagtail's view.
The last test runs two gunicorn hosts with production settings and local folders of their own: an
upload on one is downloaded from the other (PostgreSQL and Redis needed; skipped without them).
"""

import gc
import http.client
import importlib.util
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms.storage import storages_from_env
from contests.choices import FileKind
from contests.demo.entries import make_pdf
from contests.models import EntryFile, ExportJob, ExportStatus
from contests.services.exports import jobs
from tests.contests.factories import OrganiserFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member, attach, leader_of
from tests.scenes.factories import ScenePageFactory, renders_images
from tests.services import REPO_DIR, production_env, skip_or_fail, subprocess_database_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MEDIA_BUCKET = "shuyong-media"
PRIVATE_BUCKET = "shuyong-private"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
PDF = make_pdf(["S3 proposal"])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """``python -m moto.server`` on a free loopback port; its URL. Buckets are created per test."""
    if importlib.util.find_spec("moto") is None:
        skip_or_fail("needs moto, a local S3-compatible server: pip install -r requirements/dev.txt")
    port = _free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_DIR, env={**os.environ, **CREDENTIALS}, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"moto exited with {process.returncode}:\n{Path(log_path).read_text()}", pytrace=False)
        try:
            if http_request("GET", f"{url}/moto-api/")[0] == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"moto not ready after 30 s:\n{Path(log_path).read_text()}", pytrace=False)
            time.sleep(0.1)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def s3_variables(endpoint_url):
    return {
        "S3_BUCKET": MEDIA_BUCKET,
        "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "S3_ENDPOINT_URL": endpoint_url,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_ADDRESSING_STYLE": "path",
        # moto applies ACLs like S3 does; a real deployment may use a bucket policy instead.
        "S3_MEDIA_PUBLIC_READ_ACL": "true",
    }


@pytest.fixture
def buckets(s3_server, monkeypatch):
    """Empty buckets on a fresh server state; a boto3 client for looking into them."""
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    assert http_request("POST", f"{s3_server}/moto-api/reset")[0] == 200
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket)
    yield client
    client.close()


@pytest.fixture
def s3(buckets, s3_server, settings, monkeypatch):
    """The buckets, and ``STORAGES`` as ``cms.settings.base`` builds it from the S3_* variables."""
    for name, value in s3_variables(s3_server).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = storages_from_env(settings.STORAGES)
    return buckets


def keys(client, bucket):
    listing = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def http_request(method, url):
    """(status, body) of a request without credentials, as a visitor's browser would send it."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request(method, parts.path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def png_bytes(size=(320, 180)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 92, 173)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_settings_put_media_and_private_files_in_their_own_buckets(s3, settings):
    from django.core.files.storage import default_storage, storages

    from contests.models.entries import private_storage

    assert (settings.STORAGES["default"]["BACKEND"], settings.STORAGES["private"]["BACKEND"]) == (
        "storages.backends.s3.S3Storage",
        "storages.backends.s3.S3Storage",
    )
    assert (default_storage.bucket_name, default_storage.location) == (MEDIA_BUCKET, "media")
    # The models' storage follows the setting (cms.storage.PrivateStorage).
    assert (private_storage().bucket_name, private_storage().location) == (PRIVATE_BUCKET, "private")
    assert storages["private"].querystring_auth is True
    assert storages["private"].default_acl is None


def test_entry_file_upload_lands_in_the_private_bucket_and_downloads_only_through_the_view(s3, client, s3_server):
    entry = EntryFactory()
    member = add_member(entry.team)
    client.force_login(leader_of(entry.team))
    upload = SimpleUploadedFile("智慧养老方案书.pdf", PDF)
    response = client.post(
        reverse("contests:entry_file_upload", kwargs={"uuid": entry.uuid, "kind": "proposal"}), {"file": upload}
    )
    assert response.status_code == 302

    stored = EntryFile.objects.get(entry=entry, kind=FileKind.PROPOSAL)
    assert keys(s3, PRIVATE_BUCKET) == [f"private/{stored.file.name}"]
    assert keys(s3, MEDIA_BUCKET) == []
    # Not readable from the bucket without credentials: the object has no public ACL.
    assert http_request("GET", f"{s3_server}/{PRIVATE_BUCKET}/private/{stored.file.name}")[0] == 403

    url = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": stored.pk})
    client.force_login(member)
    response = client.get(url)
    assert (response.status_code, response.get("Location")) == (200, None)  # streamed, not redirected
    # Reading the whole stream closes the response (and the object it streams from).
    assert b"".join(response.streaming_content) == PDF
    assert (response["Content-Type"], response["Content-Length"]) == ("application/pdf", str(len(PDF)))

    client.force_login(leader_of(EntryFactory(contest=entry.contest).team))
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    # To the login page, never to the bucket.
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (302, True)


def test_judges_blind_copy_is_cached_in_the_private_bucket(s3):
    from contests.services.judging.blind import CACHE_PREFIX, open_blind_copy

    stored = attach(EntryFactory())
    with open_blind_copy(stored) as copy:
        first = copy.read()
    assert keys(s3, PRIVATE_BUCKET) == sorted(
        [f"private/{stored.file.name}", f"private/{CACHE_PREFIX}/{stored.sha256}"]
    )
    # The second read comes from the cached object alone: the original is not needed any more.
    s3.delete_object(Bucket=PRIVATE_BUCKET, Key=f"private/{stored.file.name}")
    with open_blind_copy(stored) as copy:
        assert copy.read() == first


def test_export_is_written_to_the_private_bucket_and_downloaded_by_an_organiser(
    s3, client, s3_server, django_capture_on_commit_callbacks
):
    entry = EntryFactory()
    organiser = OrganiserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_export(contest=entry.contest, kind="entries", user=organiser)
    job.refresh_from_db()
    assert (job.status, job.file.name) == (ExportStatus.DONE, f"exports/{job.uuid}.xlsx")
    assert keys(s3, PRIVATE_BUCKET) == [f"private/exports/{job.uuid}.xlsx"]
    assert http_request("GET", f"{s3_server}/{PRIVATE_BUCKET}/private/exports/{job.uuid}.xlsx")[0] == 403

    client.force_login(organiser)
    response = client.get(reverse("contests:export_download", args=[job.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert (len(body), body[:2]) == (job.size, b"PK")  # the whole workbook (a zip)

    client.force_login(UserFactory())
    assert client.get(reverse("contests:export_download", args=[job.pk])).status_code == 404

    # Expiry deletes the object from the bucket, not just the row's reference to it.
    ExportJob.objects.filter(pk=job.pk).update(expires_at=job.finished_at)
    assert jobs.expire_exports() == [job.pk]
    assert keys(s3, PRIVATE_BUCKET) == []


@renders_images
def test_wagtail_image_uploaded_in_the_admin_renders_on_a_page_from_the_media_bucket(s3, client, demo_site):
    from scenes.models import SceneIndexPage

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "封面",
            "description": "蓝色封面图",  # required by cms.image_forms
            "file": SimpleUploadedFile("cover.png", png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="封面")
    assert keys(s3, MEDIA_BUCKET) == [f"media/{image.file.name}"]

    index = demo_site.add_child(instance=SceneIndexPage(title="应用场景", slug="scenes"))
    scene = ScenePageFactory(parent=index, cover_image=image)
    client.logout()
    response = client.get(scene.url)
    assert response.status_code == 200
    html = response.content.decode()
    sources = sorted(
        set(re.findall(rf"{re.escape(s3.meta.endpoint_url)}/{MEDIA_BUCKET}/media/images/[^\s\"',]+", html))
    )
    renditions = sorted(f"media/{r.file.name}" for r in image.renditions.all())
    # Each rendition (AVIF, WebP and JPEG in two sizes, and the Open Graph image) was made from the
    # original read back from the bucket, stored there, and linked from the page straight to the bucket.
    assert len(renditions) == 7
    assert keys(s3, MEDIA_BUCKET) == sorted([f"media/{image.file.name}", *renditions])
    assert [url.split(f"/{MEDIA_BUCKET}/", 1)[1] for url in sources] == renditions
    status, body = http_request("GET", sources[0])
    assert (status, body == s3.get_object(Bucket=MEDIA_BUCKET, Key=renditions[0])["Body"].read()) == (200, True)


def test_wagtail_document_in_the_media_bucket_streams_through_wagtails_view(s3, client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="申报指南")
    document.file.save("guide.pdf", ContentFile(PDF), save=True)
    assert keys(s3, MEDIA_BUCKET) == [f"media/{document.file.name}"]

    response = client.get(document.url)
    # Served by the view that checks collection permissions, not redirected to the bucket.
    assert (response.status_code, response.get("Location")) == (200, None)
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture(autouse=True)
def _collect_rendition_garbage():
    """Wagtail leaves the temporary file of each rendition it renders unclosed (as in
    tests/scenes/conftest.py): collect them here, dropping just those warnings."""
    yield
    previous = sys.unraisablehook

    def hook(unraisable):
        leaked = isinstance(unraisable.exc_value, ResourceWarning) and (
            getattr(unraisable.object, "__qualname__", "") == "SpooledTemporaryFile.__del__"
            or (isinstance(unraisable.object, io.FileIO) and unraisable.object.mode == "rb+")
        )
        if not leaked:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


# --- two web hosts sharing nothing but PostgreSQL, Redis and the buckets -------------------------------

HOST = "example.org"


class WebHost:
    """gunicorn with deploy/gunicorn.conf.py and production settings, with media folders of its own."""

    def __init__(self, folder, env):
        self.folder = folder
        self.port = _free_port()
        self.log_path = folder / "gunicorn.log"
        (folder / "static").mkdir(parents=True)
        self.env = production_env(
            **env,
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
        )
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, deadline):
        while "Booting worker" not in self.log() or not self._accepts():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{self.log()}", pytrace=False)
            time.sleep(0.2)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight
            self.process.wait(timeout=30)

    def _accepts(self):
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def request(self, method, path, *, cookies, body=None, content_type=None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",  # as nginx sends it
            "Origin": f"https://{HOST}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        }
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stored_locally(self):
        return sorted(str(path) for path in self.folder.rglob("*") if path.is_file() and path.suffix != ".log")


def multipart(fields, file_field, filename, data, boundary="----shuyong-s3-boundary"):
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def two_hosts(postgres, redis_url, s3_server, buckets, tmp_path, settings):
    # One SECRET_KEY for every host (and this process, which makes the session): sessions are signed.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    env = {**CREDENTIALS, **s3_variables(s3_server), **subprocess_database_env(), "REDIS_URL": redis_url}
    env |= {"SECRET_KEY": settings.SECRET_KEY}
    env |= {"WEB_CONCURRENCY": "1", "SHOWCASE_CACHE_LISTINGS": "false"}
    hosts = [WebHost(tmp_path / name, env) for name in ("web-a", "web-b")]
    try:
        for host in hosts:
            host.start()
        deadline = time.monotonic() + 90
        for host in hosts:
            host.wait_ready(deadline)
        yield hosts
    finally:
        for host in hosts:
            host.stop()


@pytest.mark.django_db(transaction=True)
def test_a_file_uploaded_on_one_web_host_is_downloaded_from_another(two_hosts, buckets):
    from django.test import Client

    web_a, web_b = two_hosts
    entry = EntryFactory()
    # A session made here: the hosts find it in PostgreSQL (through the Redis cache), not in memory.
    browser = Client()
    browser.force_login(leader_of(entry.team))
    csrf_secret = "s3test" + "0" * 26  # a 32-character CSRF secret; the form sends it unmasked
    cookies = {"sessionid": browser.cookies["sessionid"].value, "csrftoken": csrf_secret}

    body, content_type = multipart({"csrfmiddlewaretoken": csrf_secret}, "file", "跨主机方案书.pdf", PDF)
    upload = reverse("contests:entry_file_upload", kwargs={"uuid": entry.uuid, "kind": "proposal"})
    response, _body = web_b.request("POST", upload, cookies=cookies, body=body, content_type=content_type)
    detail = reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    assert (response.status, response.getheader("Location")) == (302, detail), web_b.log()

    stored = EntryFile.objects.get(entry=entry)
    download = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": stored.pk})
    response, downloaded = web_a.request("GET", download, cookies=cookies)
    assert (response.status, downloaded) == (200, PDF), web_a.log()
    assert keys(buckets, PRIVATE_BUCKET) == [f"private/{stored.file.name}"]
    # Neither host kept a copy on its own disk.
    assert (web_a.stored_locally(), web_b.stored_locally()) == ([], [])
