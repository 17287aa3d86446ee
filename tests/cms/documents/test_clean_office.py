"""DOCX, XLSX and PPTX judge copies: no identity anywhere, and still the same document."""

import io
import zipfile

import docx
import openpyxl
import pytest

from cms.documents.kinds import DOCX, PPTX, XLSX
from cms.documents.limits import DocumentRejected
from tests.cms.documents.conftest import cleaned, package_problems
from tests.cms.documents.hostile import BODY, R, W, content_types, image_markers, jpeg_bytes, marker, rels, zip_bytes
from tests.cms.documents.hostile_office import DOCX_EMAIL, WML, XLSX_PHONE, hostile_docx, hostile_xlsx
from tests.cms.documents.hostile_pptx import hostile_pptx
from tests.cms.documents.scanning import leaks, missing

BUILDERS = {DOCX: hostile_docx, XLSX: hostile_xlsx, PPTX: hostile_pptx}


@pytest.fixture(scope="module", params=[DOCX, XLSX, PPTX], ids=["docx", "xlsx", "pptx"])
def hostile(request):
    data, markers = BUILDERS[request.param]()
    return request.param, data, markers


def test_every_marker_is_really_in_the_hostile_file(hostile):
    _content_type, data, markers = hostile
    assert missing(data, markers) == []


def test_clean_office_leaves_no_marker_anywhere(hostile):
    content_type, data, markers = hostile
    assert leaks(cleaned(data, content_type), markers) == {}


def test_clean_office_output_is_a_consistent_package(hostile):
    content_type, data, _markers = hostile
    assert package_problems(cleaned(data, content_type)) == []


def test_clean_office_members_carry_no_dates_comment_or_extra_fields(hostile):
    content_type, data, _markers = hostile
    with zipfile.ZipFile(io.BytesIO(cleaned(data, content_type))) as archive:
        assert archive.comment == b""
        assert {(info.date_time, info.extra) for info in archive.infolist()} == {((1980, 1, 1, 0, 0, 0), b"")}


def test_clean_docx_keeps_body_header_footer_and_comment_text():
    data, _markers = hostile_docx()
    result = cleaned(data, DOCX)
    document = docx.Document(io.BytesIO(result))
    # python-docx leaves tracked insertions out of .text; they are checked in the XML below.
    assert [p.text for p in document.paragraphs if p.text] == [
        f"{BODY} BODY-KEEP-DOCX",
        "批注处",
        "网站链接共享链接",
        "可编辑区",
    ]
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        body = archive.read("word/document.xml").decode()
    assert '<w:ins w:id="1" w:author=""><w:r><w:t>插入保留</w:t></w:r></w:ins>' in body
    section = document.sections[0]
    assert section.header.paragraphs[0].text == f"页眉保留 联系邮箱 {DOCX_EMAIL}"
    assert section.footer.paragraphs[0].text == "页脚保留"
    assert [comment.text for comment in document.comments] == ["批注保留"]
    assert [comment.author for comment in document.comments] == [""]


def test_clean_docx_keeps_web_links_and_drops_links_to_files():
    data, _markers = hostile_docx()
    with zipfile.ZipFile(io.BytesIO(cleaned(data, DOCX))) as archive:
        relationships = archive.read("word/_rels/document.xml.rels").decode()
        document = archive.read("word/document.xml").decode()
    assert 'Target="https://example.org/keep" TargetMode="External"' in relationships
    assert relationships.count('TargetMode="External"') == 1
    assert '<w:hyperlink r:id="rIdWeb">' in document
    assert "<w:hyperlink><w:r><w:t>共享链接</w:t>" in document  # the link is gone, its text stays


def test_clean_xlsx_opens_with_openpyxl_and_keeps_cells_and_comments():
    data, _markers = hostile_xlsx()
    workbook = openpyxl.load_workbook(io.BytesIO(cleaned(data, XLSX)))
    sheet = workbook["预算"]
    assert workbook.sheetnames == ["预算"]
    assert [sheet["A1"].value, sheet["A2"].value, sheet["B1"].value] == [f"{BODY} BODY-KEEP-XLSX", XLSX_PHONE, "批注格"]
    assert sheet["B1"].comment.text == "批注保留"
    # The formula read another workbook on the team's disk: the cell keeps the value it showed.
    assert sheet["C1"].value == 42
    with zipfile.ZipFile(io.BytesIO(cleaned(data, XLSX))) as archive:
        assert "<authors><author/></authors>" in archive.read("xl/comments/comment1.xml").decode()


def test_clean_pptx_keeps_the_slide_text_and_drops_comments():
    data, _markers = hostile_pptx()
    with zipfile.ZipFile(io.BytesIO(cleaned(data, PPTX))) as archive:
        slide = archive.read("ppt/slides/slide1.xml").decode()
        names = set(archive.namelist())
    assert f"<a:t>{BODY} BODY-KEEP-PPTX</a:t>" in slide
    assert "<a:hlinkClick/>" in slide
    assert {"ppt/comments/comment1.xml", "ppt/commentAuthors.xml", "ppt/authors.xml"} & names == set()


def _package(main_type):
    return zip_bytes({
        "[Content_Types].xml": content_types({"word/document.xml": main_type}),
        "_rels/.rels": rels(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": "<w:document xmlns:w='x'/>",
    })  # fmt: skip


def test_clean_office_refuses_a_macro_enabled_document():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(_package("application/vnd.ms-word.document.macroEnabled.main+xml"), DOCX)
    assert refused.value.code == "macro"
    assert str(refused.value) == "含有宏的 Office 文档不能处理，请另存为不含宏的文件。"


def test_clean_office_refuses_a_zip_that_is_not_an_office_file():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(zip_bytes({"a.txt": "x"}), DOCX)
    assert refused.value.code == "corrupt"


def test_clean_office_refuses_a_part_with_a_doctype():
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><w:document xmlns:w="x">&a;</w:document>'
    data = zip_bytes({
        "[Content_Types].xml": content_types(
            {"word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}
        ),
        "_rels/.rels": rels(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": bomb,
    })  # fmt: skip
    with pytest.raises(DocumentRejected) as refused:
        cleaned(data, DOCX)
    assert refused.value.code == "corrupt"


def test_clean_office_recognises_pictures_by_their_bytes_not_their_declared_type():
    picture = jpeg_bytes(marker("DOCX-JPG"))
    document = (
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:p><w:r><w:t>{BODY}</w:t></w:r></w:p></w:body></w:document>'
    )
    data = zip_bytes({
        "[Content_Types].xml": content_types(
            {"word/document.xml": WML + "document.main+xml"}, defaults=[("jpg", "image/jpg")]
        ),
        "_rels/.rels": rels(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": rels(("rIdPicture", "image", "media/photo.jpg")),
        "word/media/photo.jpg": picture,
    })  # fmt: skip
    markers = image_markers(marker("DOCX-JPG"), "jpeg")
    assert missing(data, markers) == []
    result = cleaned(data, DOCX)
    assert leaks(result, markers) == {}
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        assert archive.read("word/media/photo.jpg")[:3] == b"\xff\xd8\xff"
