"""The 开放数林 利用层 workbook and its command: valid outcomes are final, unrevoked winners only."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.contests.impact import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(demo_site):
    return world.build(demo_site, title_prefix="+")


def _rows(book, title):
    return list(book[title].iter_rows(values_only=True))


def test_command_writes_per_dataset_domain_city_and_outcome_sheets(w, tmp_path, capsys):
    path = tmp_path / "use.xlsx"
    call_command("export_open_data_use", "all", output=str(path))
    assert "数据资源 1 行" in capsys.readouterr().out
    book = load_workbook(path)
    assert book.sheetnames == ["开放数林利用层报送", "数据资源", "应用领域", "城市", "成果明细"]
    resources = _rows(book, "数据资源")
    assert resources[0][:4] == ("数据资源名称", "网址标识", "数据责任单位", "责任部门")
    # Used by a winner (live), a revoked winner and a non-winner: one valid outcome.
    name, slug, _unit, department, domains, city, openness, _portal, outcomes, live, served, link = resources[1]
    assert (name, slug, department, domains, city, openness) == (
        "养老机构名录",
        "elderly-homes",
        "省民政厅",
        "智慧养老",
        w.jinan.name,
        "暂未开放",
    )
    assert (outcomes, live, served) == (1, 1, 1000)
    assert link.endswith("/data/elderly-homes/")
    assert _rows(book, "应用领域")[1] == ("智慧养老", 1, 1, 1, 1000)
    assert _rows(book, "城市")[1] == (w.jinan.name, 1, 1, 1, 1000)
    outcome = _rows(book, "成果明细")[1]
    assert outcome[:10] == (
        "养老机构名录",
        "省民政厅",
        "'+助老餐桌",
        w.e1.team.name,
        "2025 数据应用大赛",
        2025,
        "一等奖",
        "是",
        "2026-03-01",
        w.jinan.name,
    )
    assert outcome[11] == "匹配助餐点"
    assert outcome[12].endswith(f"/contests/impact-2025/winners/{w.e1.uuid}/")
    assert len(_rows(book, "成果明细")) == 2


def test_command_for_one_contest_without_declared_uses(w, tmp_path, capsys):
    path = tmp_path / "use.xlsx"
    call_command("export_open_data_use", "impact-2026", output=str(path))
    assert "数据资源 0 行，应用领域 0 行，城市 0 行，成果明细 0 行" in capsys.readouterr().out
    assert _rows(load_workbook(path), "成果明细")[1:] == []


@pytest.mark.parametrize(("contest", "output"), [("no-such", "a.xlsx"), ("all", "a.csv")])
def test_command_refuses_unknown_contest_or_wrong_extension(w, tmp_path, contest, output):
    with pytest.raises(CommandError):
        call_command("export_open_data_use", contest, output=str(tmp_path / output))
