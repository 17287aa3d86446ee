"""The workbook itself: sheets, headers, values, time zone, formula neutralisation, cover, filters."""

import datetime

import openpyxl
import pytest
from django.utils import timezone

from contests.choices import EntryStatus, OrganisationType, TeamRole
from contests.models import AdvancementDecision, Appeal, AppealStatus, Award, AwardCategory
from contests.services.exports import ExportContext, build_workbook
from contests.services.exports.cells import neutralise, to_local_naive
from contests.services.judging.judges import blind_code
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.exports import (
    CriterionFactory,
    ExportEntryFactory,
    JudgeFactory,
    add_member,
    result,
    score,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

UTC = datetime.UTC


def build(tmp_path, contest, kind, **ctx_kwargs):
    path = tmp_path / f"{kind}.xlsx"
    result_ = build_workbook(ExportContext.build(contest, **ctx_kwargs), kind, path)
    return openpyxl.load_workbook(path), result_


def rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def column(ws, header):
    headers = [cell.value for cell in ws[1]]
    index = headers.index(header)
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def contest():
    return ContestFactory(name="2026数据应用创新大赛", year=2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),  # XML reads a bare CR as LF: written as LF, after the apostrophe
        ("智慧=养老", "智慧=养老"),
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("a\tb", "a\tb"),
        ("", None),
        (None, None),
        ("a\x00b\x07c", "abc"),
    ],
)
def test_neutralise_prefixes_formula_triggers_only(text, expected):
    assert neutralise(text) == expected


def test_to_local_naive_converts_utc_to_shanghai_wall_clock():
    assert to_local_naive(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == datetime.datetime(2026, 3, 2, 7, 30)


def test_entries_sheet_has_chinese_headers_and_one_row_per_entry(tmp_path, contest):
    track = TrackFactory(contest=contest, name="智慧养老")
    leader = UserFactory(real_name="张三", email="zhang@example.org", phone="13800000000")
    team = TeamFactory(contest=contest, name="数智先锋", organisation="济南数据公司", leader=leader)
    entry = ExportEntryFactory(team=team, track=track, title="养老服务精准匹配", status=EntryStatus.ELIGIBLE)

    wb, built = build(tmp_path, contest, "entries")

    assert wb.sheetnames == ["封面", "作品"]
    ws = wb["作品"]
    assert [c.value for c in ws[1]][:12] == [
        "作品编号", "作品名称", "赛道", "状态", "当前轮次", "团队", "所属单位", "单位类型", "所在城市", "队长",
        "队长邮箱", "队长手机",
    ]  # fmt: skip
    assert rows(ws)[1][:12] == [
        blind_code(entry), "养老服务精准匹配", "智慧养老", "形式审查通过", None, "数智先锋", "济南数据公司", "企业",
        None, "张三", "zhang@example.org", "13800000000",
    ]  # fmt: skip
    assert ws.max_row == 2
    assert built.row_counts == {"作品": 1}


def test_entries_sheet_freezes_header_and_filters_the_data_range(tmp_path, contest):
    ExportEntryFactory.create_batch(3, team__contest=contest, contest=contest)

    wb, _built = build(tmp_path, contest, "entries")

    ws = wb["作品"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Z4"
    assert ws.column_dimensions["B"].width == 30


def test_datetimes_are_written_as_naive_shanghai_time(tmp_path, contest):
    entry = ExportEntryFactory(team__contest=contest, contest=contest)
    type(entry).objects.filter(pk=entry.pk).update(submitted_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))

    wb, _built = build(tmp_path, contest, "entries")

    cell = wb["作品"].cell(row=2, column=18)
    assert wb["作品"].cell(row=1, column=18).value == "最近提交时间"
    assert cell.value == datetime.datetime(2026, 3, 2, 7, 30)
    assert cell.number_format == "yyyy-mm-dd h:mm:ss"


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path, contest):
    team = TeamFactory(contest=contest, name="=1+1", organisation="+cmd")
    ExportEntryFactory(team=team, title="-2+3", abstract="@SUM(A1:A9)", problem="\t=cmd", approach="\r=cmd")

    wb, _built = build(tmp_path, contest, "entries")

    cells = {c.column_letter: c for c in wb["作品"][2]}
    assert [cells[letter].value for letter in "BFGMNO"] == [
        "'-2+3",
        "'=1+1",
        "'+cmd",
        "'@SUM(A1:A9)",
        "'\t=cmd",
        "'\n=cmd",
    ]
    assert {cells[letter].data_type for letter in "BFGMNO"} == {"s"}


def test_participants_sheet_lists_every_member_leader_first(tmp_path, contest):
    leader = UserFactory(real_name="队长甲", email="lead@example.org")
    team = TeamFactory(contest=contest, name="甲队", organisation_type=OrganisationType.UNIVERSITY, leader=leader)
    add_member(team, UserFactory(real_name="队员乙", email="b@example.org"))
    add_member(team, UserFactory(real_name="老师丙", email="c@example.org"), role=TeamRole.ADVISER)
    ExportEntryFactory(team=team, title="作品一")
    other = TeamFactory(contest=ContestFactory(), name="别的大赛的队")

    wb, built = build(tmp_path, contest, "participants")

    names = column(wb["参赛人员"], "姓名")
    assert names == ["队长甲", "队员乙", "老师丙"]
    assert column(wb["参赛人员"], "角色") == ["队长", "队员", "指导老师"]
    assert column(wb["参赛人员"], "单位类型") == ["高校", "高校", "高校"]
    assert column(wb["参赛人员"], "团队作品") == ["作品一", "作品一", "作品一"]
    assert built.row_counts == {"参赛人员": 3}
    assert other.name not in column(wb["参赛人员"], "团队名称")


def test_filters_narrow_entries_and_are_named_on_the_cover(tmp_path, contest):
    wanted = TrackFactory(contest=contest, name="城市治理")
    other = TrackFactory(contest=contest, name="乡村振兴")
    kept = ExportEntryFactory(team__contest=contest, track=wanted, status=EntryStatus.SUBMITTED)
    ExportEntryFactory(team__contest=contest, track=wanted, status=EntryStatus.DRAFT)
    ExportEntryFactory(team__contest=contest, track=other, status=EntryStatus.SUBMITTED)

    wb, _built = build(tmp_path, contest, "entries", filters={"track": wanted.pk, "status": "submitted"})

    assert column(wb["作品"], "作品编号") == [blind_code(kept)]
    cover = {row[0]: row[1] for row in rows(wb["封面"]) if row and row[0]}
    assert cover["筛选条件"] == "赛道：城市治理；作品状态：已提交"


def test_cover_sheet_comes_first_with_contest_time_and_row_counts(tmp_path, contest):
    ExportEntryFactory.create_batch(2, team__contest=contest, contest=contest)
    now = datetime.datetime(2026, 5, 1, 16, 0, tzinfo=UTC)

    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(contest, now=now), "all", path)
    wb = openpyxl.load_workbook(path)

    assert wb.sheetnames[0] == "封面"
    assert wb.active.title == "封面"
    table = rows(wb["封面"])
    facts = {row[0]: row[1] for row in table if row and row[0]}
    assert facts["大赛"] == "2026数据应用创新大赛"
    assert facts["年度"] == 2026
    assert facts["导出内容"] == "全部数据"
    assert facts["生成时间（北京时间）"] == datetime.datetime(2026, 5, 2, 0, 0)
    assert facts["作品"] == 2
    assert facts["参赛人员"] == 2
    assert facts["申诉"] == 0


def test_all_kind_writes_every_sheet_with_the_appeals_and_their_review(tmp_path, contest):
    round_ = RoundFactory(contest=contest, number=1)
    entry = ExportEntryFactory(team__contest=contest, contest=contest, title="作品丙", team__name="丙队")
    filed = datetime.datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    appeal = Appeal.objects.create(
        round=round_, team=entry.team, entry=entry, reasons="=HYPERLINK(\"x\")评分有误", filed_by=UserFactory(),
        filed_at=filed, status=AppealStatus.REJECTED, review="复核后维持原评分。", reviewed_at=filed,
    )  # fmt: skip

    wb, built = build(tmp_path, contest, "all")

    assert wb.sheetnames == [
        "封面",
        "作品",
        "参赛人员",
        "评分-第1轮·初赛",
        "成绩-第1轮·初赛",
        "评委-第1轮·初赛",
        "申诉",
        "需求与赛题",
        "数据申请",
        "下载记录",
        "数据质量问题",
        "落地里程碑",
    ]
    appeals = rows(wb["申诉"])
    assert appeals[0][:3] == ["申诉编号", "作品编号", "作品名称"]
    assert appeals[1] == [
        appeal.pk, blind_code(entry), "作品丙", "丙队", "第1轮·初赛", "'=HYPERLINK(\"x\")评分有误",
        datetime.datetime(2026, 6, 1, 10, 0), "申诉驳回", "复核后维持原评分。", datetime.datetime(2026, 6, 1, 10, 0),
    ]  # fmt: skip
    assert built.placeholders == []


def test_score_matrix_has_one_row_per_assignment_and_numbers_stay_numbers(tmp_path, contest):
    round_ = RoundFactory(contest=contest, number=1)
    innovation = CriterionFactory(round=round_, name="创新性", weight=60, max_score=10)
    feasibility = CriterionFactory(round=round_, name="可行性", weight=40, max_score=20)
    entry = ExportEntryFactory(team__contest=contest, contest=contest, title="作品甲")
    judge_a = JudgeFactory(contest=contest, name="王评委")
    judge_b = JudgeFactory(contest=contest, name="李评委")
    score(entry, judge_a, round_, {innovation: "8.5", feasibility: "15"}, comment='=HYPERLINK("x")')
    score(entry, judge_b, round_, {innovation: "7"}, status="draft")

    wb, built = build(tmp_path, contest, "scores")

    ws = wb["评分-第1轮·初赛"]
    assert [c.value for c in ws[1]] == [
        "作品编号", "作品名称", "赛道", "评委", "评委单位", "分配状态", "评分状态",
        "创新性（60%，满分10）", "可行性（40%，满分20）", "加权总分（百分制）", "评语", "提交时间",
    ]  # fmt: skip
    data = rows(ws)[1:]
    assert [row[3] for row in data] == ["王评委", "李评委"]
    assert [row[0] for row in data] == [blind_code(entry)] * 2  # the code shown on the admin pages
    assert data[0][6:10] == ["已提交", 8.5, 15, 81]
    assert data[1][6:10] == ["草稿", 7, None, None]
    assert data[0][10] == '\'=HYPERLINK("x")'
    assert ws.cell(row=2, column=8).data_type == "n"
    assert built.row_counts == {"评分-第1轮·初赛": 2}


def test_results_sheet_has_every_method_flags_and_outcome_columns(tmp_path, contest):
    round_ = RoundFactory(contest=contest, number=1)
    CriterionFactory(round=round_, name="创新性", weight=100)
    entry = ExportEntryFactory(team__contest=contest, contest=contest, title="作品乙", team__name="乙队")
    result(
        entry, round_, rank=1, score=-0.5, mean=80.0, median=81.0, trimmed_mean=79.5, trimmed=True, zscore=-0.5,
        total=400.0, std_dev=3.2, score_range=9.0, criteria_means=[8.25], judges_assigned=5, judges_scored=5,
        disagreement=True,
    )  # fmt: skip

    wb, _built = build(tmp_path, contest, "results")

    ws = wb["成绩-第1轮·初赛"]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["赛道", "赛道排名", "作品编号", "作品名称", "团队", "排名得分"]
    assert "创新性平均分" in headers
    values = dict(zip(headers, rows(ws)[1], strict=True))
    assert values["作品编号"] == blind_code(entry)
    assert values["排名得分"] == -0.5
    assert ws.cell(row=2, column=6).data_type == "n"
    assert values["评分分歧"] == "是"
    assert values["已去掉最高分和最低分"] == "是"
    assert values["创新性平均分"] == 8.25
    assert (values["晋级"], values["奖项"]) == (None, None)

    # An entry that advanced from this round and won two awards, one of them revoked.
    winner = ExportEntryFactory(team__contest=contest, contest=contest, title="作品丁", track=entry.track)
    result(winner, round_, rank=2, score=70.0)
    boss = UserFactory()
    AdvancementDecision.objects.create(
        round=round_, next_round=RoundFactory(contest=contest, number=2), method="top_n", parameter=1, ranking=[],
        advanced_entry_ids=[winner.pk], decided_by=boss, decided_at=timezone.now(),
    )  # fmt: skip
    for order, name in enumerate(["一等奖", "最佳数据应用奖", "二等奖"]):
        category = AwardCategory.objects.create(contest=contest, name=name, level="first", sort_order=order)
        award = Award.objects.create(category=category, entry=winner, round=round_, track=winner.track, awarded_by=boss)
    award.revoked_at = timezone.now()
    award.save()

    wb, _built = build(tmp_path, contest, "results")
    ws = wb["成绩-第1轮·初赛"]
    by_title = {row[3]: dict(zip(headers, row, strict=True)) for row in rows(ws)[1:]}
    assert (by_title["作品丁"]["晋级"], by_title["作品丁"]["奖项"]) == ("是", "一等奖、最佳数据应用奖")
    assert (by_title["作品乙"]["晋级"], by_title["作品乙"]["奖项"]) == (None, None)


def test_judges_sheet_counts_workload_and_progress(tmp_path, contest):
    round_ = RoundFactory(contest=contest, number=1)
    criterion = CriterionFactory(round=round_, weight=100)
    judge = JudgeFactory(contest=contest, name="赵评委", load_limit=30)
    idle = JudgeFactory(contest=contest, name="钱评委")
    for status in ("submitted", "submitted", "draft"):
        score(ExportEntryFactory(team__contest=contest, contest=contest), judge, round_, {criterion: 5}, status=status)

    wb, _built = build(tmp_path, contest, "judges")

    ws = wb["评委-第1轮·初赛"]
    headers = [c.value for c in ws[1]]
    by_name = {row[1]: dict(zip(headers, row, strict=True)) for row in rows(ws)[1:]}
    busy = by_name["赵评委"]
    assert (busy["有效分配"], busy["已提交"], busy["草稿中"], busy["未开始"], busy["每轮评审上限"]) == (3, 2, 1, 0, 30)
    assert busy["完成率"] == pytest.approx(2 / 3)
    assert by_name[idle.name]["有效分配"] == 0
    assert by_name[idle.name]["完成率"] is None


def test_export_of_an_empty_contest_writes_headers_only(tmp_path, contest):
    wb, built = build(tmp_path, contest, "entries")

    assert rows(wb["作品"])[1:] == []
    assert built.total_rows == 0
    assert timezone.is_aware(timezone.now())


def test_entries_sheet_lists_files_with_links_and_data_resources(tmp_path, contest):
    from contests.models import EntryFile
    from scenes.models import DataResource

    entry = ExportEntryFactory(team__contest=contest, contest=contest)
    entry.data_resources.add(
        DataResource.objects.create(name="户籍数据", slug="huji", department="公安厅"),
        DataResource.objects.create(name="不动产登记", slug="budongchan", department="自然资源厅"),
    )
    common = {"entry": entry, "content_type": "application/pdf", "size": 10, "sha256": "0" * 64}
    proposal = EntryFile.objects.create(
        kind="proposal", file="x/1", original_name="方案书.pdf", uploaded_by=entry.created_by, **common
    )
    image = EntryFile.objects.create(
        kind="image", file="x/2", original_name="截图.png", uploaded_by=entry.created_by, **common
    )
    EntryFile.objects.create(
        kind="attachment",
        file="x/3",
        original_name="已删除.zip",
        uploaded_by=entry.created_by,
        removed_at=timezone.now(),
        **common,
    )

    wb, _built = build(tmp_path, contest, "entries")

    ws = wb["作品"]
    assert column(ws, "使用的数据资源") == ["不动产登记、户籍数据"]
    assert column(ws, "方案书") == ["方案书.pdf"]
    assert column(ws, "附件与图片") == ["截图.png"]
    assert column(ws, "文件链接") == [
        f"http://testserver/portal/entries/{entry.uuid}/files/{proposal.pk}/\n"
        f"http://testserver/portal/entries/{entry.uuid}/files/{image.pk}/"
    ]
