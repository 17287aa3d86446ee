"""The 落地里程碑 sheet of the "all" workbook: every milestone of the contest, with its review."""

from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.services.exports import ExportContext, build_workbook
from tests.contests.adoption.conftest import make_milestone

pytestmark = pytest.mark.django_db


def _sheet(tmp_path, contest):
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(contest), "all", path)
    sheet = openpyxl.load_workbook(path)["落地里程碑"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_all_workbook_lists_the_milestones_with_their_review(world, tmp_path):
    make_milestone(world.entry, status="confirmed", beneficiaries=120_000, investment_wan=Decimal("150.5"))
    make_milestone(world.entry, node="qingdao", status="more_info", review_note="请补充上线通知", title="青岛上线")
    rows = _sheet(tmp_path, world.contest)
    assert rows[0][:6] == ["作品编号", "作品名称", "团队", "奖项", "里程碑类型", "简述"]
    first = dict(zip(rows[0], rows[1], strict=True))
    shown = (first["团队"], first["里程碑类型"], first["状态"], first["落地城市"])
    assert shown == ("银龄队", "正式上线", "已确认", "济南")
    assert (first["服务人次/用户数"], first["投资或资金（万元）"]) == (120000, 150.5)
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["状态"], second["确认意见"]) == ("需补充材料", "请补充上线通知")


def test_the_sheet_reads_constant_queries(world, tmp_path):
    counts = []
    for extra in (1, 6):
        while world.entry.milestones.count() < extra:
            make_milestone(world.entry, status="confirmed")
        with CaptureQueriesContext(connection) as captured:
            _sheet(tmp_path, world.contest)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
