import csv
import datetime
import io
from urllib.parse import quote

import pytest
import time_machine
from openpyxl import load_workbook

from scenes.exports import neutralise
from tests.scenes.factories import ScenePageFactory, city


@pytest.fixture
def exported(scene_index, education):
    ScenePageFactory(
        parent=scene_index,
        title='=HYPERLINK("http://evil")',
        slug="formula",
        node=city("jinan"),
        domains=[education],
        lead_department="+济南市教育局",
        summary="@SUM(A1)",
        beneficiaries_count=5,
        beneficiaries_unit="户",
    )
    ScenePageFactory(parent=scene_index, title="青岛入学", slug="qingdao", node=city("qingdao"), domains=[education])
    return scene_index


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("普通文字", "普通文字"),
        (5, 5),
        (None, None),
    ],
)
def test_neutralise_prefixes_formula_starts_only(value, expected):
    assert neutralise(value) == expected


@pytest.mark.django_db
def test_csv_export_has_bom_chinese_headers_and_the_filtered_rows(client, exported):
    response = client.get("/scenes/?node=qingdao&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["标题", "城市/节点", "应用领域", "数据资源"]
    assert [row[0] for row in rows[1:]] == ["青岛入学"]
    assert rows[1][-1] == "http://testserver/scenes/qingdao/"  # SITE_URL, not the Site record


@pytest.mark.clock
@pytest.mark.django_db
def test_export_file_name_carries_the_beijing_date_and_time(client, exported):
    # 16:30 UTC on 6 December is 00:30 on 7 December in Beijing.
    with time_machine.travel(datetime.datetime(2026, 12, 6, 16, 30, tzinfo=datetime.UTC), tick=False):
        response = client.get("/scenes/?format=csv")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"shuyong-20261207-0030.csv\"; filename*=UTF-8''{quote('应用场景')}-20261207-0030.csv"
    )


@pytest.mark.django_db
def test_xlsx_export_neutralises_formulas(client, exported):
    response = client.get("/scenes/?node=jinan&format=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "标题"
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "'+济南市教育局"
    assert rows[1][7] == 5  # numbers stay numbers
    assert rows[1][11] == "'@SUM(A1)"


@pytest.mark.django_db
def test_landing_page_export_is_prefiltered(client, exported):
    response = client.get("/scenes/city/qingdao/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["青岛入学"]


@pytest.mark.django_db
def test_solution_export_lists_solutions(client, solution_index):
    from tests.scenes.factories import SolutionPageFactory

    SolutionPageFactory(parent=solution_index, title="招生平台", is_excellent=True)
    rows = list(csv.reader(io.StringIO(client.get("/solutions/?format=csv").content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["标题", "提供单位", "统一社会信用代码", "应用领域", "优秀解决方案"]
    assert [(row[0], row[4]) for row in rows[1:]] == [("招生平台", "是")]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_of_text_pasted_from_word_keeps_its_line_break(client, scene_index, education, export_format):
    # Word's soft line break is a vertical tab, which the XLSX format refuses (it answered 500).
    ScenePageFactory(
        parent=scene_index, title="青岛入学", node=city("qingdao"), domains=[education], summary="第一行\x0b第二行"
    )
    response = client.get("/scenes/", {"format": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[0], row[11]) for row in rows[1:]] == [("青岛入学", "第一行\n第二行")]


@pytest.mark.django_db
def test_export_is_named_after_the_listing_with_an_ascii_fallback(client, exported):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC), tick=False):
        response = client.get("/scenes/city/qingdao/", {"format": "xlsx"})
    # Asia/Shanghai wall-clock time: 07:30 on 2 March.
    assert response["Content-Disposition"] == (
        'attachment; filename="shuyong-20260302-0730.xlsx"; '
        "filename*=UTF-8''%E9%9D%92%E5%B2%9B%20%E5%BA%94%E7%94%A8%E5%9C%BA%E6%99%AF-20260302-0730.xlsx"
    )


@pytest.mark.django_db
def test_exported_links_name_the_configured_site(client, exported, settings):
    settings.SITE_URL = "https://shuyong.example.cn"
    rows = list(csv.reader(io.StringIO(client.get("/scenes/?node=qingdao&format=csv").content.decode("utf-8-sig"))))
    assert rows[1][-1] == "https://shuyong.example.cn/scenes/qingdao/"
