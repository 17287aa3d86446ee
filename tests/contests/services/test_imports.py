"""Imports: the template, a row-by-row error report that names exactly the bad row and column,
nothing written unless every row is valid (or only the valid rows on request), idempotent
re-imports, the commands and the admin upload."""

import datetime
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from contests.models import AuditEvent, Entry, EntryDraftVersion, JudgeProfile, Team, TeamMembership
from contests.services.imports import import_judges, import_teams
from contests.services.imports.template import build_template
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

JUDGE_HEADERS = [
    "姓名 *", "电子邮箱 *", "手机号", "工作单位", "单位统一社会信用代码", "职称/职务", "评审赛道", "每轮评审上限",
    "申报回避的单位",
]  # fmt: skip
TEAM_HEADERS = [
    "团队名称 *", "所属单位", "单位类型 *", "统一社会信用代码", "所在城市", "队长邮箱 *", "队长姓名 *", "队长手机",
    "队员邮箱", "赛道", "作品名称", "作品摘要", "作品状态", "提交时间",
]  # fmt: skip


@pytest.fixture
def contest():
    contest = ContestFactory(name="2026数据应用创新大赛", slug="c2026", max_team_size=3)
    TrackFactory(contest=contest, name="智慧养老")
    TrackFactory(contest=contest, name="城市治理")
    return contest


def workbook(sheet, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def judges_file(rows):
    return workbook("评委", JUDGE_HEADERS, rows)


def teams_file(rows):
    return workbook("团队与作品", TEAM_HEADERS, rows)


JUDGE_ROWS = [
    ["王教授", "Wang@Example.org", "13800000001", "山东大学", "", "教授", "智慧养老、城市治理", 30,
     "济南数据公司；青岛某院"],
    ["李研究员", "li@example.org", "", "省科学院", "", "研究员", "城市治理", None, ""],
]  # fmt: skip


def test_import_judges_creates_every_judge(contest):
    report = import_judges(contest, judges_file(JUDGE_ROWS))

    assert (report.ok, report.written, report.counts) == (True, True, {"created": 2})
    wang = JudgeProfile.objects.get(contest=contest, email="wang@example.org")
    assert (wang.name, wang.organisation, wang.title, wang.load_limit) == ("王教授", "山东大学", "教授", 30)
    assert wang.declared_conflicts == "济南数据公司\n青岛某院"
    assert sorted(wang.expertise.values_list("name", flat=True)) == ["城市治理", "智慧养老"]
    assert AuditEvent.objects.filter(action="import.judges", contest=contest).count() == 1


def test_reimporting_the_same_judges_file_changes_nothing(contest):
    import_judges(contest, judges_file(JUDGE_ROWS))
    before = list(JudgeProfile.objects.order_by("pk").values())

    report = import_judges(contest, judges_file(JUDGE_ROWS))

    assert report.counts == {"unchanged": 2}
    assert list(JudgeProfile.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.filter(action="import.judges").count() == 1


def test_a_changed_row_updates_the_judge(contest):
    import_judges(contest, judges_file(JUDGE_ROWS))
    changed = [[*JUDGE_ROWS[0][:7], 40, JUDGE_ROWS[0][8]], JUDGE_ROWS[1]]

    report = import_judges(contest, judges_file(changed))

    assert report.counts == {"updated": 1, "unchanged": 1}
    assert JudgeProfile.objects.get(email="wang@example.org").load_limit == 40


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["赵评委", "", "", "", "", "", "", None, ""], "电子邮箱", "必填，不能为空。"),
        (["赵评委", "zhao@example.org", "", "", "", "", "乡村振兴", None, ""], "评审赛道",
         "本届大赛没有赛道“乡村振兴”，可选：智慧养老、城市治理。"),
        (["赵评委", "WANG@example.org", "", "", "", "", "", None, ""], "电子邮箱", "邮箱与第 2 行重复。"),
        (["赵评委", "zhao@example.org", "", "", "", "", "", "三十", ""], "每轮评审上限",
         "应为不小于 0 的整数，而不是“三十”。"),
        (["赵评委", "zhao@example", "", "", "", "", "", None, ""], "电子邮箱", "“zhao@example”不是有效的电子邮箱。"),
    ],
)  # fmt: skip
def test_a_bad_judge_row_is_reported_exactly_and_nothing_is_written(contest, row, column, message):
    rows = [JUDGE_ROWS[0], row, JUDGE_ROWS[1]]

    report = import_judges(contest, judges_file(rows))

    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, column, message)]
    assert (report.written, report.rows, report.valid_rows) == (False, 3, 2)
    assert JudgeProfile.objects.count() == 0


def test_only_valid_rows_are_imported_when_the_organiser_asks(contest):
    rows = [JUDGE_ROWS[0], ["赵评委", "", "", "", "", "", "", None, ""], JUDGE_ROWS[1]]

    report = import_judges(contest, judges_file(rows), only_valid=True)

    assert (report.written, report.counts) == (True, {"created": 2})
    assert [str(e) for e in report.errors] == ["第 3 行「电子邮箱」：必填，不能为空。"]
    assert sorted(JudgeProfile.objects.values_list("email", flat=True)) == ["li@example.org", "wang@example.org"]


def test_a_file_without_a_required_column_is_refused_as_a_whole(contest):
    report = import_judges(contest, workbook("评委", ["姓名"], [["王教授"]]), only_valid=True)

    assert [str(e) for e in report.errors] == ["第 1 行「电子邮箱」：缺少此列，请使用导入模板。"]
    assert JudgeProfile.objects.count() == 0


TEAM_ROWS = [
    [
        "数智先锋", "济南数据公司", "企业", "", "", "Lead@Example.org", "张三", "13800000000",
        "m1@example.org；m2@example.org",
        "智慧养老", "养老服务精准匹配", "基于共享数据。", "已提交", "2026-03-01 14:30",
    ],
    ["青年队", "山东大学", "高校", "", "", "lead2@example.org", "李四", "", "", "", "", "", "", None],
]  # fmt: skip


@pytest.mark.clock
def test_import_teams_creates_teams_people_and_entries(contest):
    report = import_teams(contest, teams_file(TEAM_ROWS))

    assert (report.ok, report.counts) == (True, {"created": 2})
    team = Team.objects.get(contest=contest, name="数智先锋")
    assert team.organisation_type == "enterprise"
    roles = sorted(TeamMembership.objects.filter(team=team).values_list("user__email", "role"))
    assert roles == [("lead@example.org", "leader"), ("m1@example.org", "member"), ("m2@example.org", "member")]
    leader = get_user_model().objects.get(email="lead@example.org")
    assert (leader.real_name, leader.phone, leader.has_usable_password()) == ("张三", "13800000000", False)
    entry = Entry.objects.get(team=team)
    assert (entry.title, entry.track.name, entry.status) == ("养老服务精准匹配", "智慧养老", "submitted")
    assert entry.submitted_at == datetime.datetime(2026, 3, 1, 6, 30, tzinfo=datetime.UTC)
    assert EntryDraftVersion.objects.filter(entry=entry).count() == 1
    assert Entry.objects.filter(team__name="青年队").count() == 0


def test_reimporting_the_same_teams_file_changes_nothing(contest):
    import_teams(contest, teams_file(TEAM_ROWS))
    snapshot = [
        list(model.objects.order_by("pk").values()) for model in (Team, TeamMembership, Entry, get_user_model())
    ]

    report = import_teams(contest, teams_file(TEAM_ROWS))

    assert report.counts == {"unchanged": 2}
    assert [
        list(m.objects.order_by("pk").values()) for m in (Team, TeamMembership, Entry, get_user_model())
    ] == snapshot


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({5: ""}, "队长邮箱", "必填，不能为空。"),
        ({9: "乡村振兴"}, "赛道", "本届大赛没有赛道“乡村振兴”，可选：智慧养老、城市治理。"),
        ({13: "2026-02-30"}, "提交时间", "“2026-02-30”不是有效的日期，请写成 2026-03-01 或 2026-03-01 14:30。"),
        ({0: "数智先锋"}, "团队名称", "团队名称与第 2 行重复。"),
        ({2: "外企"}, "单位类型", "“外企”不是可选值，可选：企业、高校、科研院所、政府部门及事业单位、个人、其他。"),
        ({8: "m1@example.org"}, "队员邮箱", "m1@example.org 已出现在第 2 行的团队中。"),
        ({8: "a@example.org;b@example.org;c@example.org"}, "队员邮箱", "团队最多 3 人，本行共 4 人。"),
    ],
)  # fmt: skip
def test_a_bad_team_row_is_reported_exactly_and_nothing_is_written(contest, change, column, message):
    bad = ["第三队", "某单位", "企业", "", "", "lead3@example.org", "王五", "", "", "城市治理", "作品三", "", "", None]
    for index, value in change.items():
        bad[index] = value

    report = import_teams(contest, teams_file([TEAM_ROWS[0], bad, TEAM_ROWS[1]]))

    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, column, message)]
    assert report.written is False
    assert (Team.objects.count(), Entry.objects.count(), get_user_model().objects.count()) == (0, 0, 0)


def test_a_person_already_in_another_team_of_the_contest_is_refused(contest):
    TeamFactory(contest=contest, name="老队伍", leader=UserFactory(email="lead2@example.org"))

    report = import_teams(contest, teams_file(TEAM_ROWS))

    assert [str(e) for e in report.errors] == [
        "第 3 行「队长邮箱」：lead2@example.org 已是本届大赛团队“老队伍”的成员。"
    ]


def test_the_template_has_instructions_headers_and_drop_down_lists(contest):
    wb = openpyxl.load_workbook(BytesIO(build_template(contest, "teams")))

    assert wb.sheetnames == ["说明", "团队与作品", "选项"]
    assert wb["选项"].sheet_state == "hidden"
    data = wb["团队与作品"]
    assert [c.value for c in data[1]] == TEAM_HEADERS
    assert data.freeze_panes == "A2"
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert validations["J2:J2000"] == "='选项'!$A$2:$A$3"
    assert validations["C2:C2000"].startswith("='选项'!$")
    options = wb["选项"]
    assert [options.cell(row=r, column=1).value for r in (2, 3)] == ["智慧养老", "城市治理"]
    assert "带 * 的列必填" in wb["说明"]["A2"].value


def test_a_filled_in_template_imports(contest):
    wb = openpyxl.load_workbook(BytesIO(build_template(contest, "judges")))
    ws = wb["评委"]
    for row in JUDGE_ROWS:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)

    assert import_judges(contest, out).counts == {"created": 2}


def test_import_judges_command_reports_errors_and_exits_non_zero(contest, tmp_path):
    path = tmp_path / "judges.xlsx"
    path.write_bytes(judges_file([JUDGE_ROWS[0], ["赵评委", "", "", "", "", "", "", None, ""]]).getvalue())
    err = StringIO()

    with pytest.raises(CommandError, match="有错误，未写入任何数据"):
        call_command("import_judges", "c2026", str(path), stderr=err, stdout=StringIO())

    assert err.getvalue().strip() == "第 3 行「电子邮箱」：必填，不能为空。"
    assert JudgeProfile.objects.count() == 0


def test_import_judges_command_imports_a_valid_file(contest, tmp_path):
    path = tmp_path / "judges.xlsx"
    path.write_bytes(judges_file(JUDGE_ROWS).getvalue())
    out = StringIO()

    call_command("import_judges", "c2026", str(path), stdout=out)

    assert "已导入评委：新增 2，更新 0，未变 0。" in out.getvalue()


def test_import_teams_command_dry_run_writes_nothing(contest, tmp_path):
    path = tmp_path / "teams.xlsx"
    path.write_bytes(teams_file(TEAM_ROWS).getvalue())
    out = StringIO()

    call_command("import_teams", "c2026", str(path), "--dry-run", stdout=out)

    assert "检查通过（--dry-run：未写入）。" in out.getvalue()
    assert Team.objects.count() == 0


def test_admin_upload_shows_the_row_by_row_report(client, contest):
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile(
        "judges.xlsx", judges_file([["赵评委", "", "", "", "", "", "乡村振兴", None, ""]]).getvalue()
    )

    response = client.post(
        reverse("contest_exports:import") + "?kind=judges", {"contest": contest.pk, "file": upload, "kind": "judges"}
    )

    assert response.status_code == 200
    assert [str(e) for e in response.context["errors"]] == [
        "第 2 行「电子邮箱」：必填，不能为空。",
        "第 2 行「评审赛道」：本届大赛没有赛道“乡村振兴”，可选：智慧养老、城市治理。",
    ]
    assert "有错误，未写入任何数据。" in response.content.decode()
    assert JudgeProfile.objects.count() == 0


def test_admin_template_download_is_an_xlsx_with_a_chinese_name(client, contest):
    client.force_login(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))

    response = client.get(reverse("contest_exports:import_template", args=["judges", contest.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="shuyong-import-judges.xlsx"; filename*=UTF-8'
    )
    assert openpyxl.load_workbook(BytesIO(response.content)).sheetnames == ["说明", "评委", "选项"]
