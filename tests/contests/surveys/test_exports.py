"""The after-award sheets of the "all" workbook: 落地里程碑, 跟踪问卷 (answers as columns per survey),
尽职调查 and 晋级确认 — values, formula-like text kept as text, constant queries whatever the rows."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.choices import RoundKind
from contests.models import (
    AdoptionMilestone,
    AdvancementDecision,
    Award,
    DueDiligenceCase,
    DueDiligenceDocument,
    DueDiligenceRequest,
    DueDiligenceStatus,
    FinalistConfirmation,
    FinalistStatus,
    MilestoneEvidence,
    MilestoneKind,
    MilestoneStatus,
    SurveyResponse,
)
from contests.services.exports import ExportContext, build_workbook
from contests.services.judging.judges import blind_code
from tests.contests.factories import RoundFactory, UserFactory
from tests.contests.surveys.helpers import FINAL_AT, QUESTIONS, judged_contest, make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
UTC = datetime.UTC
AT = datetime.datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
LOCAL_AT = datetime.datetime(2026, 3, 1, 10, 0)


def rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def build(tmp_path, contest):
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(contest), "all", path)
    return openpyxl.load_workbook(path)


def story(judged, *, n=1):
    """``n`` milestones, responses, cases and confirmations on the judged contest's entries."""
    reviewer = UserFactory(real_name="市级编辑")
    entries = [judged.winner, judged.runner_up]
    for index in range(n):
        entry = entries[index % 2]
        milestone = AdoptionMilestone.objects.create(
            entry=entry, kind=MilestoneKind.GO_LIVE, title=f"=HYPERLINK(\"x\")上线{index}",
            happened_on=datetime.date(2026, 2, 1 + index), unit_name="济南市民政局", beneficiaries=120000,
            investment_wan=Decimal("35.50"), status=MilestoneStatus.CONFIRMED, reviewed_by=reviewer, reviewed_at=AT,
            created_by=judged.member,
        )  # fmt: skip
        MilestoneEvidence.objects.create(
            milestone=milestone, file="milestones/x", original_name="上线证明.pdf", content_type="application/pdf",
            size=10, sha256="0" * 64, uploaded_by=judged.member,
        )  # fmt: skip
    return reviewer


def test_the_all_workbook_ends_with_the_after_award_sheets(tmp_path):
    judged = judged_contest()
    wb = build(tmp_path, judged.contest)
    assert wb.sheetnames[-4:] == ["落地里程碑", "跟踪问卷", "尽职调查", "晋级确认"]


def test_milestone_sheet_lists_review_awards_and_evidence(tmp_path):
    judged = judged_contest()
    story(judged)
    wb = build(tmp_path, judged.contest)
    assert rows(wb["落地里程碑"]) == [
        ["作品编号", "作品名称", "团队", "奖项", "里程碑类型", "简述", "发生日期", "落地城市", "落地单位",
         "服务人次/用户数", "投资或资金（万元）", "投资方或孵化项目", "状态", "确认意见", "确认人", "确认时间",
         "证明材料数"],
        [blind_code(judged.winner), "作品0", judged.winner.team.name, "一等奖", "正式上线", "'=HYPERLINK(\"x\")上线0",
         datetime.datetime(2026, 2, 1), None, "济南市民政局", 120000, 35.5, None, "已确认", None, "市级编辑", LOCAL_AT,
         1],
    ]  # fmt: skip


def test_survey_sheet_has_one_row_per_response_with_answers_per_survey(tmp_path):
    judged = judged_contest()
    six = make_survey(judged.contest, judged.boss, title="=6个月")
    twelve = make_survey(judged.contest, judged.boss, months=12, title="12个月", questions=QUESTIONS[:2])
    SurveyResponse.objects.create(
        survey=six, entry=judged.winner, submitted_by=judged.member, submitted_at=AT,
        answers={"deployed": True, "users": "12000", "stage": "推广", "notes": "@SUM(A1:A2)"},
    )  # fmt: skip
    SurveyResponse.objects.create(
        survey=twelve, entry=judged.winner, submitted_by=judged.member, submitted_at=AT,
        answers={"deployed": False, "users": "=1+1"},
    )  # fmt: skip
    wb = build(tmp_path, judged.contest)
    sheet = rows(wb["跟踪问卷"])
    assert sheet[0] == [
        "问卷", "作品编号", "作品名称", "团队", "奖项", "提交人", "提交时间",
        "'=6个月：方案是否已上线运行？", "'=6个月：累计服务人次", "'=6个月：目前所处阶段", "'=6个月：遇到的困难",
        "12个月：方案是否已上线运行？", "12个月：累计服务人次",
    ]  # fmt: skip
    common = [blind_code(judged.winner), "作品0", judged.winner.team.name, "一等奖", judged.member.real_name, LOCAL_AT]
    assert sheet[1:] == [
        ["'=6个月", *common, "是", 12000, "推广", "'@SUM(A1:A2)", None, None],
        ["12个月", *common, None, None, None, None, "否", "'=1+1"],
    ]


def test_due_diligence_and_finalist_sheets(tmp_path):
    judged = judged_contest()
    request = DueDiligenceRequest.objects.create(
        round=judged.round, documents=["originality"], deadline=AT, created_by=judged.boss
    )
    failed_award = Award.objects.get(entry=judged.revoked)
    successor = Award.objects.create(
        category=failed_award.category, entry=judged.loser, round=judged.round, track=judged.loser.track,
        awarded_by=judged.boss,
    )  # fmt: skip
    case = DueDiligenceCase.objects.create(
        request=request, award=failed_award, status=DueDiligenceStatus.FAILED, submitted_by=judged.member,
        submitted_at=AT, review_reason="=原创性存疑", reviewed_by=judged.boss, reviewed_at=AT,
        successor_award=successor,
    )  # fmt: skip
    DueDiligenceDocument.objects.create(
        case=case, kind="originality", file="due-diligence/x", original_name="声明.pdf", content_type="application/pdf",
        size=1, sha256="0" * 64, uploaded_by=judged.member,
    )  # fmt: skip
    first = RoundFactory(contest=judged.contest, number=3, kind=RoundKind.SEMIFINAL)
    decision = AdvancementDecision.objects.create(
        round=first, next_round=judged.round, method="top_n", parameter=2, ranking=[],
        advanced_entry_ids=[judged.winner.pk], decided_by=judged.boss, decided_at=AT,
    )  # fmt: skip
    declined = FinalistConfirmation.objects.create(
        decision=decision, entry=judged.runner_up, status=FinalistStatus.DECLINED, deadline=AT, responded_at=AT,
        responded_by=judged.member, decline_reason="+团队解散", created_by=judged.boss,
    )  # fmt: skip
    FinalistConfirmation.objects.create(
        decision=decision, entry=judged.loser, status=FinalistStatus.CONFIRMED, deadline=AT, replaces=declined,
        created_by=judged.boss,
    )  # fmt: skip
    wb = build(tmp_path, judged.contest)
    assert rows(wb["尽职调查"])[1:] == [
        ["第2轮·决赛", "一等奖", blind_code(judged.revoked), "作品3", judged.revoked.team.name, "审核未通过", LOCAL_AT,
         LOCAL_AT, 1, judged.boss.real_name, LOCAL_AT, "'=原创性存疑", "作品2", "一等奖"],
    ]  # fmt: skip
    decision_label = "第3轮·复赛 → 第2轮·决赛"
    # The successor's row names the entry whose place it took ("递补对象" read as either).
    assert rows(wb["晋级确认"])[0][9] == "所替代的作品"
    assert rows(wb["晋级确认"])[1:] == [
        [decision_label, blind_code(judged.runner_up), "作品1", judged.runner_up.team.name, "放弃晋级", LOCAL_AT,
         LOCAL_AT, judged.member.real_name, "'+团队解散", None, None],
        [decision_label, blind_code(judged.loser), "作品2", judged.loser.team.name, "已确认参赛", LOCAL_AT, None, None,
         None, "作品1", None],
    ]  # fmt: skip


def test_the_after_award_sheets_read_constant_queries(tmp_path):
    counts = []
    for n in (1, 6):
        judged = judged_contest()
        survey = make_survey(judged.contest, judged.boss)
        story(judged, n=n)
        for entry in [judged.winner, judged.runner_up][: min(n, 2)]:
            SurveyResponse.objects.create(
                survey=survey, entry=entry, submitted_by=judged.member, submitted_at=FINAL_AT, answers={}
            )
        with CaptureQueriesContext(connection) as captured:
            build(tmp_path, judged.contest)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
