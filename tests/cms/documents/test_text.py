"""Finding self-identification in what a judge will read: text with its location, and mentions
of given names, e-mails, phone numbers … however the document spaced or punctuated them."""

import io

import pikepdf
import pytest

from cms.documents.kinds import DOCX, PDF, PPTX, XLSX, ZIP
from cms.documents.limits import Limits
from cms.documents.text import LocatedText, Mention, extract_text, find_mentions
from tests.cms.documents.hostile import BODY, zip_bytes
from tests.cms.documents.hostile_office import DOCX_EMAIL, hostile_docx, hostile_xlsx
from tests.cms.documents.hostile_pdf import page_pdf
from tests.cms.documents.hostile_pptx import hostile_pptx

# A name split by a space, another across a line break, a phone number with dashes.
CONTACT_PDF_LINES = [("联系人：张 三", 72, 760), ("负责人 王", 72, 740), ("五 电话 138-1234-5678", 72, 720)]


@pytest.fixture(scope="module")
def contact_pdf():
    return page_pdf(CONTACT_PDF_LINES)


def test_extract_text_reads_pdf_pages(contact_pdf):
    assert extract_text(io.BytesIO(contact_pdf), PDF) == [
        LocatedText("第 1 页", "联系人：张 三\n负责人 王\n五 电话 138-1234-5678")
    ]


def test_find_mentions_sees_through_spaces_line_breaks_and_dashes(contact_pdf):
    texts = extract_text(io.BytesIO(contact_pdf), PDF)
    assert find_mentions(texts, ["张三", "王五", "+86 138 1234 5678", "李四"]) == [
        Mention("张三", "第 1 页", "联系人：张 三 负责人 王 五 电话 138"),
        Mention("王五", "第 1 页", "联系人：张 三 负责人 王 五 电话 138-1234-56"),
        Mention("+86 138 1234 5678", "第 1 页", "张 三 负责人 王 五 电话 138-1234-5678"),
    ]


def test_extract_text_reads_a_word_files_body_comments_header_and_footer():
    data, _markers = hostile_docx()
    texts = extract_text(io.BytesIO(data), DOCX)
    assert [text.location for text in texts] == ["正文", "批注", "页眉", "页脚"]
    assert texts[0].text.startswith(f"{BODY} BODY-KEEP-DOCX\n插入保留删除\n批注处\n")
    assert texts[2] == LocatedText("页眉", f"页眉保留 联系邮箱 {DOCX_EMAIL}")


def test_find_mentions_finds_an_email_in_a_docx_header_whatever_its_case():
    data, _markers = hostile_docx()
    texts = extract_text(io.BytesIO(data), DOCX)
    assert find_mentions(texts, ["zhang.san@EXAMPLE.com"]) == [
        Mention("zhang.san@EXAMPLE.com", "页眉", f"页眉保留 联系邮箱 {DOCX_EMAIL}")
    ]


def test_extract_text_reads_sheet_names_cells_and_comments_of_a_spreadsheet():
    data, _markers = hostile_xlsx()
    assert extract_text(io.BytesIO(data), XLSX) == [
        LocatedText("工作表名称", "预算"),
        LocatedText("工作表“预算”", f"{BODY} BODY-KEEP-XLSX\n批注格\n42\n\n13812345678"),
        LocatedText("批注", "批注保留"),
    ]


def test_extract_text_reads_slides():
    data, _markers = hostile_pptx()
    assert extract_text(io.BytesIO(data), PPTX) == [LocatedText("第 1 张幻灯片", f"{BODY} BODY-KEEP-PPTX")]


def test_extract_text_treats_zip_member_names_as_text_and_reads_members_by_content(contact_pdf):
    data = zip_bytes({
        "材料/张三-简历.pdf": contact_pdf,
        "内层.zip": zip_bytes({"说明.txt": "联系 王五".encode("gb18030")}),
    })  # fmt: skip
    texts = extract_text(io.BytesIO(data), ZIP)
    assert [text.location for text in texts] == [
        "材料/张三-简历.pdf", "材料/张三-简历.pdf › 第 1 页", "内层.zip", "内层.zip/说明.txt", "内层.zip/说明.txt"
    ]  # fmt: skip
    assert texts[-1].text == "联系 王五"
    assert [(m.location, m.snippet) for m in find_mentions(texts, ["张三"])] == [
        ("材料/张三-简历.pdf", "材料/张三-简历.pdf"),
        ("材料/张三-简历.pdf › 第 1 页", "联系人：张 三 负责人 王 五 电话 138"),
    ]


def test_extract_text_stops_quietly_at_the_text_budget():
    data, _markers = hostile_docx()
    texts = extract_text(io.BytesIO(data), DOCX, Limits(max_text_chars=30))
    assert [text.location for text in texts] == ["正文"]
    assert len(texts[0].text) == 30


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("电话：(010) 1234-5678。", "010-12345678"),
        ("手机１３８１２３４５６７８", "13812345678"),
        ("手机 +86 138 1234 5678", "008613812345678"),
        ("单位：某某 数据 科技\n有限公司", "某某数据科技有限公司"),
        ("信用代码 91110108mA01abcd2x", "91110108MA01ABCD2X"),
        ("邮箱 ZHANG_SAN@example.COM", "zhang_san@example.com"),
    ],
)
def test_find_mentions_normalises_width_case_and_separators(text, needle):
    assert [mention.needle for mention in find_mentions([LocatedText("正文", text)], [needle])] == [needle]


def test_find_mentions_ignores_needles_too_short_to_mean_anything():
    assert find_mentions([LocatedText("正文", "张三 A 1")], ["", "A", " 1 ", "张"]) == []


def test_find_mentions_reports_every_occurrence_up_to_the_limit():
    texts = [LocatedText("第 1 页", "张三 张三"), LocatedText("第 2 页", "张三")]
    assert [m.location for m in find_mentions(texts, ["张三"])] == ["第 1 页", "第 1 页", "第 2 页"]
    assert len(find_mentions(texts, ["张三"], limit=2)) == 2


def test_extract_text_opens_a_pdf_that_only_restricts_copying(contact_pdf):
    restricted = io.BytesIO()
    with pikepdf.open(io.BytesIO(contact_pdf)) as pdf:
        pdf.save(restricted, encryption=pikepdf.Encryption(user="", owner="owner", R=4, aes=False, metadata=False))
    assert extract_text(io.BytesIO(restricted.getvalue()), PDF) == extract_text(io.BytesIO(contact_pdf), PDF)
