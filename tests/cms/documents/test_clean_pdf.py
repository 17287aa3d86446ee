"""A PDF judge copy carries no identity and keeps what the team wrote."""

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from cms.documents.kinds import PDF
from cms.documents.limits import DocumentRejected, Limits
from tests.cms.documents.conftest import cleaned
from tests.cms.documents.hostile import BODY, marker
from tests.cms.documents.hostile_pdf import BODY_ASCII, hostile_pdf, page_pdf
from tests.cms.documents.scanning import leaks, missing


@pytest.fixture(scope="module")
def hostile():
    return hostile_pdf()


def test_every_marker_is_really_in_the_hostile_pdf(hostile):
    data, markers = hostile
    assert missing(data, markers) == []


def test_clean_pdf_leaves_no_marker_anywhere(hostile):
    data, markers = hostile
    assert leaks(cleaned(data, PDF), markers) == {}


def test_clean_pdf_keeps_the_page_text_links_notes_and_form_values(hostile):
    data, _markers = hostile
    result = cleaned(data, PDF)
    assert PdfReader(io.BytesIO(result)).pages[0].extract_text().split() == [BODY, BODY_ASCII]
    with pikepdf.open(io.BytesIO(result)) as pdf:
        annotations = pdf.pages[0].Annots
        assert [str(annotation.Subtype) for annotation in annotations] == [
            "/Text",
            "/Popup",
            "/Link",
            "/Link",
            "/Widget",
        ]
        assert str(annotations[0].Contents) == "批注保留"
        assert str(annotations[2].A.URI) == "https://example.org/keep"
        assert "/A" not in annotations[3]  # the Launch action
        assert (str(annotations[4].T), str(annotations[4].V)) == ("field1", "表单保留")
        assert set(pdf.trailer.keys()) == {"/ID", "/Root", "/Size"}
        assert set(pdf.Root.keys()) == {"/AcroForm", "/Names", "/PageMode", "/Pages", "/Type"}


def test_clean_pdf_writes_a_fresh_file_not_an_incremental_update(hostile):
    data, _markers = hostile
    assert data.count(b"%%EOF") == 2
    result = cleaned(data, PDF)
    assert result.count(b"%%EOF") == 1
    assert b"MARKER-PDF-OLD-REVISION" in data
    assert b"MARKER-PDF-OLD-REVISION" not in result


def test_clean_pdf_is_the_same_for_the_same_input(hostile):
    data, _markers = hostile
    assert cleaned(data, PDF) == cleaned(data, PDF)


def test_clean_pdf_refuses_a_password_protected_file():
    source = io.BytesIO()
    with pikepdf.open(io.BytesIO(page_pdf([("x", 72, 700)]))) as pdf:
        pdf.save(source, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    with pytest.raises(DocumentRejected) as refused:
        cleaned(source.getvalue(), PDF)
    assert refused.value.code == "encrypted"
    assert str(refused.value) == "文件已加密，无法检查和清理。"


def test_clean_pdf_refuses_a_file_that_is_not_a_pdf():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(b"%PDF-1.7\nnot really", PDF)
    assert refused.value.code == "corrupt"


def test_clean_pdf_reaches_direct_objects_inside_arrays_and_bookmark_actions():
    source = io.BytesIO()
    with pikepdf.open(io.BytesIO(page_pdf([("x", 72, 700)]))) as pdf:
        # A form field written inline in an indirect /Fields array, with a keystroke script.
        script = Dictionary(S=Name.JavaScript, JS=String(marker("PDF-DIRECT-FIELD-JS")))
        field = Dictionary(FT=Name.Tx, T=String("field"), V=String("表单保留"), AA=Dictionary(K=script))
        pdf.Root.AcroForm = Dictionary(Fields=pdf.make_indirect(Array([field])))
        outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
        action = Dictionary(S=Name.JavaScript, JS=String(marker("PDF-BOOKMARK-JS")))
        item = pdf.make_indirect(Dictionary(Title=String("书签保留"), Parent=outlines, A=action))
        outlines.First = outlines.Last = item
        pdf.Root.Outlines = outlines
        pdf.save(source)
    markers = [marker("PDF-DIRECT-FIELD-JS"), marker("PDF-BOOKMARK-JS")]
    assert missing(source.getvalue(), markers) == []
    result = cleaned(source.getvalue(), PDF)
    assert leaks(result, markers) == {}
    with pikepdf.open(io.BytesIO(result)) as pdf:
        assert str(pdf.Root.Outlines.First.Title) == "书签保留"
        assert str(pdf.Root.AcroForm.Fields[0].V) == "表单保留"


def test_clean_pdf_charges_object_streams_to_the_expansion_budget():
    source = io.BytesIO()
    with pikepdf.open(io.BytesIO(page_pdf([("x", 72, 700)]))) as pdf:
        pdf.Root.Padding = pdf.make_indirect(Dictionary(Text=String(" " * (2 * 1024 * 1024))))
        pdf.save(source, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = source.getvalue()
    assert len(data) < 64 * 1024
    assert PdfReader(io.BytesIO(cleaned(data, PDF, Limits(max_expanded_bytes=3 * 1024 * 1024)))).pages
    with pytest.raises(DocumentRejected) as refused:
        cleaned(data, PDF, Limits(max_expanded_bytes=1024 * 1024))
    assert refused.value.code == "bomb"


def test_clean_pdf_opens_a_pdf_that_only_restricts_printing_and_writes_it_unrestricted():
    restricted = io.BytesIO()
    with pikepdf.open(io.BytesIO(page_pdf([(BODY, 72, 700)]))) as pdf:
        pdf.save(
            restricted,
            encryption=pikepdf.Encryption(user="", owner="owner", allow=pikepdf.Permissions(print_highres=False)),
        )
    result = cleaned(restricted.getvalue(), PDF)
    with pikepdf.open(io.BytesIO(result)) as pdf:
        assert not pdf.is_encrypted
    assert PdfReader(io.BytesIO(result)).pages[0].extract_text().strip() == BODY
