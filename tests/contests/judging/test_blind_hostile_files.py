"""A judge's copy of a hostile file, end to end: the file passes the team's upload check, a judge
downloads it through /judging/, and the download is searched everywhere — raw bytes, every ZIP
member at every depth, every PDF object and decoded stream, image metadata — for markers planted
in every place a PDF, DOCX, XLSX, PPTX, JPEG, PNG or ZIP can say who made it. The visible body must
survive, so an emptied file cannot pass. Bombs are refused at upload, before anyone opens them."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.documents.text import extract_text
from contests.choices import FileKind
from contests.models import EntryFile
from contests.services.uploads import UploadRejected, check_upload
from tests.cms.documents.hostile import BODY, jpeg_bytes, marker, png_bytes
from tests.cms.documents.hostile_office import hostile_docx, hostile_xlsx
from tests.cms.documents.hostile_pdf import hostile_pdf
from tests.cms.documents.hostile_zip import docx_bomb, hostile_zip, zero_bomb
from tests.cms.documents.scanning import leaks
from tests.contests.factories.judging import assign, eligible_entry, judging_setup

pytestmark = pytest.mark.django_db

KIND = {"pdf": FileKind.PROPOSAL, "jpg": FileKind.IMAGE, "png": FileKind.IMAGE}


def hostile_files():
    pdf, pdf_markers = hostile_pdf()
    docx, docx_markers = hostile_docx()
    xlsx, xlsx_markers = hostile_xlsx()
    archive, zip_markers = hostile_zip()  # holds a PPTX, PDF, DOCX, XLSX, pictures and a nested ZIP
    jpeg_marker, png_marker = marker("UPLOAD-JPEG"), marker("UPLOAD-PNG")
    return [
        ("方案书.pdf", pdf, pdf_markers),  # with an incremental update that left an old revision behind
        ("说明.docx", docx, docx_markers),
        ("预算.xlsx", xlsx, xlsx_markers),
        ("材料.zip", archive, zip_markers),
        ("合影.jpg", jpeg_bytes(jpeg_marker), [jpeg_marker]),
        ("截图.png", png_bytes(png_marker), [png_marker]),
    ]


def accepted(name, data):
    """The file as the portal stores it: through the same check as an upload."""
    extension = name.rsplit(".", 1)[-1]
    checked = check_upload(KIND.get(extension, FileKind.ATTACHMENT), SimpleUploadedFile(name, data))
    checked.content.seek(0)
    return checked, checked.content.read()


@pytest.fixture
def judge_sees():
    _contest, round_, tracks, judges, _entries = judging_setup(judges=1, entries=0)
    entry = eligible_entry(round_.contest, tracks[0])
    assignment = assign(round_, entry, judges[0])

    def download(name, data):
        checked, stored = accepted(name, data)
        entry_file = EntryFile(
            entry=entry, kind=checked.kind, original_name=checked.name, content_type=checked.format.content_type,
            size=len(stored), sha256=hashlib.sha256(stored).hexdigest(), uploaded_by=entry.created_by,
        )  # fmt: skip
        entry_file.file.save("upload", SimpleUploadedFile("upload", stored), save=False)
        entry_file.save()
        position = [f.pk for f in _judge_order(entry)].index(entry_file.pk) + 1
        url = reverse("contests:judging:file", kwargs={"code": assignment.code, "position": position})
        return url

    return assignment.judge.user, download


def _judge_order(entry):
    from contests.judging.views.files import describe_files

    return [described["file"] for described in describe_files(entry)]


def test_hostile_originals_really_carry_every_marker():
    for name, data, markers in hostile_files():
        if name.endswith((".jpg", ".png")):
            continue  # pictures are re-encoded at upload; their markers are checked on the download
        assert set(leaks(data, markers)) == set(markers), name


@pytest.mark.parametrize("index", range(6), ids=["pdf", "docx", "xlsx", "zip", "jpeg", "png"])
def test_a_judge_downloads_a_copy_with_no_marker_and_the_body_intact(client, judge_sees, index):
    name, data, markers = hostile_files()[index]
    user, download = judge_sees
    url = download(name, data)
    client.force_login(user)
    response = client.get(url)
    copy = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert leaks(copy, markers) == {}
    if not name.endswith((".jpg", ".png")):
        visible = extract_text(io.BytesIO(copy), response["Content-Type"])
        assert any(BODY in located.text for located in visible), name


@pytest.mark.parametrize(
    ("name", "bomb"),
    [("报告.docx", lambda: docx_bomb(gib=1)), ("数据.zip", lambda: zero_bomb(gib=2, declared=1024))],
    ids=["docx-1gib", "zip-under-declared"],
)
def test_a_small_upload_that_expands_past_a_gibibyte_is_refused(name, bomb):
    data = bomb()
    assert len(data) < 3 * 1024 * 1024
    with pytest.raises(UploadRejected) as refused:
        check_upload(FileKind.ATTACHMENT, SimpleUploadedFile(name, data))
    assert refused.value.code == "zip_bomb"
    assert "解压后过大" in str(refused.value)
