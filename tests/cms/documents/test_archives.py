"""ZIP attachments: every member cleaned by its kind, names neutralised, nesting limited."""

import io
import zipfile

import openpyxl
import pikepdf
import pytest

from cms.documents.archives import ArchiveMember, neutral_name, validate_zip
from cms.documents.kinds import ZIP
from cms.documents.limits import DocumentRejected, Limits
from tests.cms.documents.conftest import cleaned, package_problems
from tests.cms.documents.hostile import BODY, marker, png_bytes, zip_bytes
from tests.cms.documents.hostile_pdf import page_pdf
from tests.cms.documents.hostile_zip import TEAM_DIR, hostile_zip, raw_zip
from tests.cms.documents.scanning import blobs, leaks, missing


@pytest.fixture(scope="module")
def hostile():
    return hostile_zip()


@pytest.fixture(scope="module")
def result(hostile):
    return cleaned(hostile[0], ZIP)


def _members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_every_marker_is_really_in_the_hostile_zip(hostile):
    data, markers = hostile
    assert missing(data, markers) == []


def test_clean_zip_leaves_no_marker_anywhere_at_any_depth(hostile, result):
    _data, markers = hostile
    assert leaks(result, markers) == {}


def test_clean_zip_names_members_neutrally_and_flattens_folders(result):
    members = _members(result)
    assert list(members) == [
        "文件-001.pdf",
        "文件-002.docx",
        "文件-003.xlsx",
        "文件-004.pptx",
        "文件-005.zip",
        "文件-006",
    ]
    assert list(_members(members["文件-005.zip"])) == ["文件-001.jpg", "文件-002.txt", "文件-003.zip"]
    assert list(_members(_members(members["文件-005.zip"])["文件-003.zip"])) == ["文件-001.png"]


def test_clean_zip_keeps_every_members_content(result):
    texts = " ".join(text for _where, text in blobs(result))
    for kept in ("BODY-KEEP-PDF", "BODY-KEEP-DOCX", "BODY-KEEP-XLSX", "BODY-KEEP-PPTX"):
        assert kept in texts
    members = _members(result)
    assert members["文件-006"] == "说明保留".encode()
    assert _members(members["文件-005.zip"])["文件-002.txt"] == "纯文本保留\n".encode()
    workbook = openpyxl.load_workbook(io.BytesIO(members["文件-003.xlsx"]))
    assert workbook["预算"]["A1"].value == f"{BODY} BODY-KEEP-XLSX"
    assert package_problems(members["文件-002.docx"]) == []


def test_clean_zip_has_no_comment_dates_or_extra_fields_at_any_depth(result):
    def check(data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.comment == b""
            for info in archive.infolist():
                assert (info.date_time, info.extra, info.comment) == ((1980, 1, 1, 0, 0, 0), b"", b"")
                if info.filename.endswith(".zip"):
                    check(archive.read(info))

    check(result)


def test_neutral_name_keeps_only_a_short_lower_case_extension():
    assert neutral_name(1, "张三团队/张三简历.PDF") == "文件-001.pdf"
    assert neutral_name(12, "报告.张三的最终版本") == "文件-012"
    assert neutral_name(7, "no-extension") == "文件-007"


def test_validate_zip_lists_every_file_at_every_depth(hostile):
    members = validate_zip(io.BytesIO(hostile[0]))
    nested = f"内层-{marker('ZIPNAME-NESTED')}.zip"
    assert [(member.path, member.kind) for member in members] == [
        (f"{TEAM_DIR}/{marker('ZIPNAME-PROPOSAL')}.pdf", "pdf"),
        (f"{TEAM_DIR}/方案-{marker('ZIPNAME-DOCX')}.docx", "office"),
        (f"{TEAM_DIR}/预算-{marker('ZIPNAME-XLSX')}.xlsx", "office"),
        (f"演示-{marker('ZIPNAME-PPTX')}.pptx", "office"),
        (nested, "zip"),
        (f"{nested}/照片-{marker('ZIPNAME-JPEG')}.JPG", "image"),
        (f"{nested}/说明-{marker('ZIPNAME-TXT')}.txt", "other"),
        (f"{nested}/更深-{marker('ZIPNAME-DEEP')}.zip", "zip"),
        (f"{nested}/更深-{marker('ZIPNAME-DEEP')}.zip/{marker('ZIPNAME-PNG')}.png", "image"),
        ("readme", "other"),
    ]


def test_validate_zip_reports_real_sizes():
    data = zip_bytes({"a.txt": "x" * 1000, "sub/b.txt": "yy"})
    assert validate_zip(io.BytesIO(data)) == [
        ArchiveMember("a.txt", 1000, "other"),
        ArchiveMember("sub/b.txt", 2, "other"),
    ]


def _nest(levels):
    data = zip_bytes({"x.txt": "最里层"})
    for level in range(levels):
        data = zip_bytes({f"level{level}.zip": data})
    return data


def test_zip_nesting_is_limited(settings_chinese):
    assert len(validate_zip(io.BytesIO(_nest(3)))) == 4
    assert list(_members(cleaned(_nest(3), ZIP))) == ["文件-001.zip"]
    for refuse in (lambda data: validate_zip(io.BytesIO(data)), lambda data: cleaned(data, ZIP)):
        with pytest.raises(DocumentRejected) as refused:
            refuse(_nest(4))
        assert refused.value.code == "too_deep"
        assert str(refused.value) == "压缩文件嵌套过深（最多 3 层）。"


def test_zip_member_count_is_limited():
    data = zip_bytes({f"{number}.txt": "" for number in range(11)})
    assert len(validate_zip(io.BytesIO(data), Limits(max_members=11))) == 11
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(data), Limits(max_members=10))
    assert refused.value.code == "too_many"
    assert str(refused.value) == "压缩文件中的文件过多（上限 10 个）。"


def test_zip_members_of_nested_archives_count_towards_the_same_limit():
    data = zip_bytes({"a.zip": zip_bytes({f"{number}.txt": "" for number in range(6)}), "b.txt": ""})
    with pytest.raises(DocumentRejected) as refused:
        cleaned(data, ZIP, Limits(max_members=7))
    assert refused.value.code == "too_many"


def test_zip_with_an_encrypted_member_is_refused():
    data = raw_zip([("secret.txt", zipfile.ZIP_STORED, b"xxxx", 4, 0x1)])
    for refuse in (lambda: validate_zip(io.BytesIO(data)), lambda: cleaned(data, ZIP)):
        with pytest.raises(DocumentRejected) as refused:
            refuse()
        assert refused.value.code == "encrypted"


def test_zip_with_a_compression_method_we_cannot_bound_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("a.txt", "x" * 100)
    with pytest.raises(DocumentRejected) as refused:
        validate_zip(io.BytesIO(out.getvalue()))
    assert refused.value.code == "unsupported"


@pytest.mark.parametrize("member", ["encrypted pdf", "huge picture"])
def test_validate_zip_refuses_members_that_cleaning_would_refuse(member):
    if member == "encrypted pdf":
        locked = io.BytesIO()
        with pikepdf.open(io.BytesIO(page_pdf([("x", 72, 700)]))) as pdf:
            pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="secret"))
        data, code = zip_bytes({"a/locked.pdf": locked.getvalue()}), "encrypted"
    else:
        data, code = zip_bytes({"a/big.png": png_bytes(size=(300, 300))}), "bomb"
    limits = Limits(max_image_pixels=50_000)
    for refuse in (lambda: validate_zip(io.BytesIO(data), limits), lambda: cleaned(data, ZIP, limits)):
        with pytest.raises(DocumentRejected) as refused:
            refuse()
        assert refused.value.code == code
