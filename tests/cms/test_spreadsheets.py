"""One cell-text function for every export (cms/spreadsheets.py): no formulas, nothing XML refuses."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from cms.spreadsheets import safe_cell_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("智慧=养老", "智慧=养老"),
        ("第一行\r\n第二行\t", "第一行\r\n第二行\t"),
        ("第一行\x0b第二行", "第一行\n第二行"),  # Word's soft line break
        ("a\x00b\x07c\x0c\x1fd", "abcd"),
        ("\x00=1", "'=1"),  # a trigger behind a dropped control is still a trigger
        ("x\ufffey\uffffz", "xyz"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("", ""),
    ],
)
def test_safe_cell_text(text, expected):
    assert safe_cell_text(text) == expected


def test_safe_cell_text_is_accepted_by_openpyxl():
    text = safe_cell_text("=换行\x0b制表\t回车\r空\x00字\ufffe符\ud800")
    workbook = Workbook()
    workbook.active.append([text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert load_workbook(buffer).active["A1"].value == "'=换行\n制表\t回车\r空字符"
