"""The loop's sheets of the "all" workbook: 需求与赛题, 数据申请, 下载记录, 数据质量问题 — values in
Beijing time, the decision clock in working days and hours, constant queries whatever the rows."""

import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.choices import AccessLevel, DataRequestStatus, FindingCategory, FindingStatus
from contests.models import DataDownload, DataFinding, DataRequest, Entry, EntryDataUse, OfferedFile
from contests.services.exports import ExportContext, build_workbook
from contests.services.judging.judges import blind_code
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, leader_of
from tests.contests.loop import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
UTC = datetime.UTC


def rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _story(contest, demo_site, n=1, prefix=""):
    """``n`` 赛题 with an answering entry each, a decided request, a download and a finding."""
    decider = UserFactory(real_name="审批人")
    for index in range(n):
        track = TrackFactory(contest=contest, name=f"赛道{index}")
        need = helpers.need(demo_site, title=f"需求{index}")
        item = helpers.challenge(track, unit_=helpers.unit(f"{prefix}单位{index}"), need_=need, title=f"赛题{index}",
                                 offers=(AccessLevel.OPEN, AccessLevel.SANDBOX))  # fmt: skip
        offer = helpers.offer(item, AccessLevel.AGREEMENT)
        entry = EntryFactory(contest=contest, team__contest=contest, track=track, title=f"作品{index}")
        Entry.objects.filter(pk=entry.pk).update(challenge=item)
        leader = leader_of(entry.team)
        requested = datetime.datetime(2026, 12, 4, 2, 0, tzinfo=UTC)  # Friday 10:00 in Beijing
        request = DataRequest.objects.create(
            team=entry.team, offer=offer, purpose="=评估覆盖率", status=DataRequestStatus.APPROVED,
            requested_by=leader, requested_at=requested, due_at=requested + datetime.timedelta(days=7),
            decided_at=requested + datetime.timedelta(days=3, hours=6), decided_by=decider, decision_reason="同意",
        )  # fmt: skip
        data_file = OfferedFile.objects.create(
            offer=offer, file="data-desk/x", original_name="样例.csv", size=123, sha256="0" * 64, uploaded_by=decider
        )
        DataDownload.objects.create(
            request=request, file=data_file, user=leader, downloaded_at=requested, size=123, ip_address="10.0.0.1"
        )
        EntryDataUse.objects.create(entry=entry, resource=offer.resource, how="统计")
        DataFinding.objects.create(
            entry=entry, resource=offer.resource, category=FindingCategory.UPDATE_LAG, description="数据更新滞后",
            reported_by=leader, reported_at=requested, status=FindingStatus.HANDLED, response="已更新",
            responded_at=requested,
        )  # fmt: skip
    return entry


def _build(tmp_path, contest):
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(contest), "all", path)
    return openpyxl.load_workbook(path)


def test_the_all_workbook_has_the_loop_sheets(tmp_path, demo_site):
    contest = ContestFactory(name="2026数据应用创新大赛")
    entry = _story(contest, demo_site)
    wb = _build(tmp_path, contest)
    challenges = rows(wb["需求与赛题"])
    assert challenges[0][:5] == ["赛道", "赛题", "出题单位", "来源需求", "需求状态"]
    assert challenges[1][:5] == ["赛道0", "赛题0", "单位0", "需求0", "征集中"]
    for label in ("（开放下载）", "（沙箱使用）", "（协议开放）"):
        assert label in challenges[1][9]
    requests = rows(wb["数据申请"])
    header = requests[0]
    row = dict(zip(header, requests[1], strict=True))
    assert (row["团队"], row["赛题"], row["状态"], row["审批人"]) == (entry.team.name, "赛题0", "已批准", "审批人")
    assert row["用途说明"] == "'=评估覆盖率"  # neutralised
    assert row["申请时间"] == datetime.datetime(2026, 12, 4, 10, 0)
    # Friday 10:00 → Monday 16:00: one working day, 78 hours.
    assert (row["审批用时（工作日）"], row["审批用时（小时）"], row["是否超期"]) == (1, 78, "否")
    downloads = rows(wb["下载记录"])
    assert downloads[1][1:] == [entry.team.name, leader_of(entry.team).real_name, leader_of(entry.team).email,
                                downloads[1][4], "样例.csv", 123, "10.0.0.1", DataRequest.objects.get().pk]  # fmt: skip
    findings = rows(wb["数据质量问题"])
    assert findings[1][1:3] == [blind_code(entry), "作品0"]
    assert findings[1][6:8] == ["更新滞后", "数据更新滞后"] and findings[1][10:12] == ["已处理", "已更新"]


def test_the_loop_sheets_read_constant_queries(tmp_path, demo_site):
    small, large = ContestFactory(), ContestFactory()
    _story(small, demo_site, n=1, prefix="小")
    _story(large, demo_site, n=6, prefix="大")
    counts = []
    for contest in (small, large):
        with CaptureQueriesContext(connection) as captured:
            _build(tmp_path, contest)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
