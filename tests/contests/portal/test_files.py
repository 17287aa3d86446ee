"""Uploading through the portal and downloading: every bad upload is refused with nothing stored."""

import hashlib
import io
import os
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cms.upload_handlers import LimitedHashingUploadHandler
from contests.choices import EntryStatus, FileKind
from contests.demo.entries import make_pdf
from contests.models import EntryFile
from tests.contests.factories.entries import EntryFactory, attach, leader_of

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
PDF = make_pdf(["Proposal"])
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def png(size=(16, 16)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def bomb_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 40_000, 40_000, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 512)) + chunk(b"IEND", b"")
    )


def raw_multipart(filename, data, boundary="----shuyong-boundary"):
    """A body whose file name is sent exactly as given (the test client would strip the path)."""
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(autouse=True)
def files_before():
    """The private storage outlives a test: "nothing stored" means nothing new in it."""
    return stored_files()


@pytest.fixture
def entry():
    return EntryFactory()


@pytest.fixture
def leader_client(client, entry):
    client.force_login(leader_of(entry.team))
    return client


def upload_url(entry, kind):
    return reverse("contests:entry_file_upload", kwargs={"uuid": entry.uuid, "kind": kind})


def post_file(client, entry, kind, name, data):
    response = client.post(upload_url(entry, kind), {"file": SimpleUploadedFile(name, data)})
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def assert_refused(response, messages, expected_message, files_before):
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contests:entry_detail", kwargs={"uuid": response.wsgi_request.resolver_match.kwargs["uuid"]}
    )
    assert messages == [expected_message]
    assert stored_files() == files_before
    assert EntryFile.objects.count() == 0


# --- accepted ----------------------------------------------------------------------------------------


def test_upload_stores_a_pdf_privately_under_a_random_name(leader_client, entry, files_before):
    response, messages = post_file(leader_client, entry, FileKind.PROPOSAL, "智慧养老方案书.pdf", PDF)
    stored = EntryFile.objects.get()
    assert response.status_code == 302
    assert messages == [f"已上传“智慧养老方案书.pdf”（{filesizeformat(len(PDF))}，SHA-256：{stored.sha256[:16]}…）。"]
    assert (stored.entry, stored.kind, stored.original_name, stored.content_type, stored.size) == (
        entry,
        FileKind.PROPOSAL,
        "智慧养老方案书.pdf",
        "application/pdf",
        len(PDF),
    )
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored_files() == sorted([*files_before, stored.file.name])
    assert stored.file.name.startswith(f"entries/{entry.uuid}/") and "方案书" not in stored.file.name
    assert not Path(settings.MEDIA_ROOT, stored.file.name).exists()


def test_a_large_upload_streams_to_disk_and_the_stored_bytes_have_the_recorded_hash(leader_client, entry):
    """A proposal larger than FILE_UPLOAD_MAX_MEMORY_SIZE arrives in dozens of 64 KiB chunks; the
    hash recorded (computed while it streamed in) is the SHA-256 of the bytes sent and stored."""
    data = make_pdf([os.urandom(40).hex() for _ in range(36_000)], title="Large proposal")
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 10 * 64 * 1024
    response, _messages = post_file(leader_client, entry, FileKind.PROPOSAL, "方案书.pdf", data)
    assert response.status_code == 302
    stored = EntryFile.objects.get()
    with stored.file.open("rb") as handle:
        on_disk = handle.read()
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert hashlib.sha256(on_disk).hexdigest() == stored.sha256


def test_upload_of_a_new_proposal_replaces_the_current_one(leader_client, entry):
    first = attach(entry)
    post_file(leader_client, entry, FileKind.PROPOSAL, "第二版.pdf", make_pdf(["v2"]))
    first.refresh_from_db()
    assert first.removed_at is not None
    assert list(entry.files.filter(removed_at__isnull=True).values_list("original_name", flat=True)) == ["第二版.pdf"]


# --- refused, with nothing stored ----------------------------------------------------------------------


def test_upload_refuses_an_executable_renamed_to_pdf(leader_client, entry, files_before):
    response, messages = post_file(leader_client, entry, FileKind.PROPOSAL, "方案书.pdf", EXE)
    assert_refused(response, messages, "“方案书.pdf”的内容是Windows 可执行程序，不允许上传。未保存。", files_before)


def test_upload_refuses_an_oversized_file_while_streaming(leader_client, entry, files_before):
    # Just over 10 MiB: within the Content-Length allowance, so the upload handler must stop it.
    data = png() + b"\0" * (10 * MiB + 1 - len(png()))
    response, messages = post_file(leader_client, entry, FileKind.IMAGE, "大图.png", data)
    assert_refused(response, messages, "文件超过大小上限（10 MB），未保存。", files_before)


def test_upload_refuses_an_oversized_body_before_reading_it(leader_client, entry, files_before):
    data = b"\0" * (11 * MiB)
    response, messages = post_file(leader_client, entry, FileKind.IMAGE, "大图.png", data)
    assert_refused(response, messages, "文件超过大小上限（10 MB），未保存。", files_before)
    assert response.wsgi_request._read_started is False


def test_upload_refuses_a_decompression_bomb(leader_client, entry, files_before):
    response, messages = post_file(leader_client, entry, FileKind.IMAGE, "bomb.png", bomb_png())
    assert_refused(
        response, messages, "“bomb.png”的像素过多（上限 4000 万像素），可能是“解压炸弹”，未保存。", files_before
    )


def test_upload_refuses_an_svg_with_a_script(leader_client, entry, files_before):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/portal/")</script></svg>'
    response, messages = post_file(leader_client, entry, FileKind.IMAGE, "logo.svg", svg)
    expected = "“logo.svg”是 SVG/HTML 等标记文件，可能包含脚本，不允许上传。请转换为 PNG 或 JPEG。"
    assert_refused(response, messages, expected, files_before)


@pytest.mark.parametrize("filename", ["../../../etc/cron.d/方案书.pdf", "..\\..\\方案书.pdf", "C:/Users/x/方案书.pdf"])
def test_upload_refuses_a_path_traversal_name(leader_client, entry, filename, files_before):
    body, content_type = raw_multipart(filename, PDF)
    response = leader_client.post(upload_url(entry, FileKind.PROPOSAL), data=body, content_type=content_type)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert_refused(response, messages, "文件名不能包含路径（/、\\ 或 ..）或不可见字符，未保存。", files_before)


def test_upload_refuses_an_empty_file(leader_client, entry, files_before):
    response, messages = post_file(leader_client, entry, FileKind.PROPOSAL, "空.pdf", b"")
    assert_refused(response, messages, "“空.pdf”是空文件，未保存。", files_before)


def test_upload_refuses_a_zip_disguised_as_docx(leader_client, entry, files_before):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    response, messages = post_file(leader_client, entry, FileKind.ATTACHMENT, "报告.docx", out.getvalue())
    assert_refused(
        response, messages, "“报告.docx”的扩展名与内容不符：内容是 ZIP 文件，扩展名应为 .zip。未保存。", files_before
    )


def test_upload_refuses_a_request_without_a_file(leader_client, entry, files_before):
    response = leader_client.post(upload_url(entry, FileKind.PROPOSAL), {})
    assert_refused(
        response, [str(m) for m in get_messages(response.wsgi_request)], "请选择要上传的文件。", files_before
    )


@pytest.mark.clock
def test_upload_refuses_after_the_deadline(leader_client, entry, files_before):
    # A deadline within the session's lifetime, so that the user is still signed in after it.
    entry.contest.submission_deadline = timezone.now() + timedelta(hours=1)
    entry.contest.save()
    with time_machine.travel(entry.contest.submission_deadline + timedelta(seconds=1), tick=False):
        response, messages = post_file(leader_client, entry, FileKind.PROPOSAL, "方案书.pdf", PDF)
    assert_refused(response, messages, "作品提交已截止，作品只能查看，不能再修改。", files_before)


def test_upload_refuses_on_a_submitted_entry(leader_client, entry, files_before):
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
    response, messages = post_file(leader_client, entry, FileKind.PROPOSAL, "方案书.pdf", PDF)
    assert_refused(
        response, messages, "作品已提交，不能修改。如需修改，请先撤回提交（截止前可以再次提交）。", files_before
    )


def test_upload_refuses_an_eleventh_image(leader_client, entry):
    for number in range(10):
        attach(entry, FileKind.IMAGE, SimpleUploadedFile(f"图{number}.png", png()))
    before = stored_files()
    _response, messages = post_file(leader_client, entry, FileKind.IMAGE, "图10.png", png())
    assert messages == ["每件作品最多上传 10 个图片，请先删除不需要的文件。"]
    assert (stored_files(), entry.files.count()) == (before, 10)


# --- the upload handler on its own ------------------------------------------------------------------


class CountingStream(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def handler_request(name, data, max_bytes):
    body, content_type = raw_multipart(name, data)
    stream = CountingStream(body)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST", CONTENT_TYPE=content_type, CONTENT_LENGTH=str(len(body)), **{"wsgi.input": stream}
    )
    request = WSGIRequest(environ)
    handler = LimitedHashingUploadHandler(request, max_bytes=max_bytes, too_large_message="too large")
    request.upload_handlers = [handler]
    return request, handler, stream


def test_upload_handler_stops_reading_the_body_once_the_limit_is_passed():
    request, handler, stream = handler_request("big.pdf", b"\0" * (8 * MiB), max_bytes=1 * MiB)
    assert dict(request.FILES) == {}
    assert handler.error == "too large"
    # It read at most one 64 KiB chunk beyond the limit, not the 8 MiB body.
    assert stream.bytes_read < 1 * MiB + 2 * 64 * 1024
    assert not os.path.exists(handler.file.temporary_file_path())


def test_upload_handler_hashes_the_file_while_streaming():
    data = os.urandom(300 * 1024)
    request, handler, _stream = handler_request("数据.pdf", data, max_bytes=1 * MiB)
    upload = request.FILES["file"]
    with upload:
        received = (upload.name, upload.size, upload.sha256, upload.read())
    assert received == ("数据.pdf", len(data), hashlib.sha256(data).hexdigest(), data)
    assert handler.error is None


# --- downloads --------------------------------------------------------------------------------------


def test_download_streams_the_file_as_an_attachment_with_both_filename_forms(leader_client, entry):
    stored = attach(entry)
    response = leader_client.get(
        reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": stored.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"file.pdf\"; filename*=UTF-8''%E6%96%B9%E6%A1%88%E4%B9%A6.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))
    assert response["Cache-Control"] == "private, no-store"


def test_download_of_a_file_of_another_entry_is_not_found(leader_client, entry):
    other = attach(EntryFactory())
    url = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": other.pk})
    assert leader_client.get(url).status_code == 404
