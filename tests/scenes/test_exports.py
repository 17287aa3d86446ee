import csv
import datetime as dt
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
    assert rows[1][-1] == "http://localhost/scenes/qingdao/"  # the default site's address


@pytest.mark.clock
@pytest.mark.django_db
def test_export_file_name_carries_the_beijing_date_and_time(client, exported):
    # 16:30 UTC on 6 December is 00:30 on 7 December in Beijing.
    with time_machine.travel(dt.datetime(2026, 12, 6, 16, 30, tzinfo=dt.UTC), tick=False):
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
