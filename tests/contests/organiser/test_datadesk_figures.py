"""数据服务 (the organiser's view of the data desk): the figures of a contest on a hand-made data set
(approval rate, medians of an even number of values, rejected, pending, withdrawn and overdue
requests), the ranking input, the overdue list across days, the access log's filters, the Excel
exports, a fixed number of queries, and organisers only."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cms.models import CalendarDay
from contests.choices import AccessLevel, DataRequestStatus, FindingCategory
from contests.models import (
    Award,
    AwardCategory,
    AwardLevel,
    Challenge,
    DataDownload,
    DataFinding,
    DataRequest,
    EntryDataUse,
    OfferedFile,
    OfferedResource,
)
from contests.services.datadesk_figures import datadesk_figures, days_overdue, overdue_requests, sort_ranking
from scenes.models import OpenDataRequest, Unit, UnitMember
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import DataResourceFactory, add_member
from tests.contests.factories.judging import JudgeFactory, eligible_entry

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)  # a Monday


def at(month, day, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


class Desk:
    """A contest with two units, three offered resources and their requests, files and findings."""

    def __init__(self, contest=None):
        self.contest = contest or ContestFactory()
        self.track = TrackFactory(contest=self.contest, name="城市治理")
        self.author = UserFactory()
        self.n = 0

    def unit(self, name):
        self.n += 1
        return Unit.objects.create(name=name, slug=f"unit-{self.n}-{self.contest.pk}")

    def offer(self, unit, resource, *, slug=None):
        self.n += 1
        challenge = Challenge.objects.create(
            track=self.track, unit=unit, title=f"赛题{self.n}", slug=slug or f"c{self.n}", description="说明",
            contact_name="联系人", created_by=self.author,
        )  # fmt: skip
        return OfferedResource.objects.create(
            challenge=challenge, resource=resource, access_level=AccessLevel.AGREEMENT
        )

    def request(self, offer, requested_at, *, status=DataRequestStatus.PENDING, decided_at=None, due_at=None):
        team = TeamFactory(contest=self.contest)
        return DataRequest.objects.create(
            team=team, offer=offer, purpose="建模", status=status, requested_by=team.created_by,
            requested_at=requested_at, due_at=due_at or requested_at + datetime.timedelta(days=7),
            decided_at=decided_at,
        )  # fmt: skip

    def download(self, request, when, *, name="数据.csv", size=1000, ip="10.0.0.1"):
        file = OfferedFile.objects.create(
            offer=request.offer, file="data-desk/x", original_name=name, size=size, sha256="0" * 64,
            uploaded_by=self.author,
        )  # fmt: skip
        return DataDownload.objects.create(
            request=request, file=file, user=request.requested_by, downloaded_at=when, size=size, ip_address=ip
        )


@pytest.fixture
def desk():
    d = Desk()
    d.police = d.unit("省公安厅")
    d.civil = d.unit("省民政厅")
    d.r1 = DataResourceFactory(name="户籍信息", owner_unit=d.police)
    d.r2 = DataResourceFactory(name="交通卡口", owner_unit=d.police)
    d.r3 = DataResourceFactory(name="养老机构", owner_unit=d.civil)
    o1, o2, o3 = d.offer(d.police, d.r1), d.offer(d.police, d.r2), d.offer(d.civil, d.r3)
    A, R, P = DataRequestStatus.APPROVED, DataRequestStatus.REJECTED, DataRequestStatus.PENDING
    # 省公安厅: 6 h same day, 48 h over two working days (rejected), 72 h over a weekend (approved,
    # revoked since), one pending and not yet due.
    d.req1 = d.request(o1, at(11, 30), status=A, decided_at=at(11, 30, 15))
    d.request(o1, at(12, 1), status=R, decided_at=at(12, 3))
    d.request(o2, at(11, 27), status=DataRequestStatus.REVOKED, decided_at=at(11, 30))
    d.waiting = d.request(o2, at(12, 4), status=P, due_at=at(12, 11))
    # 省民政厅: one pending since 11-23 (due 11-30: a week overdue), one approved in 10 h, one withdrawn.
    d.late = d.request(o3, at(11, 23), status=P, due_at=at(11, 30))
    d.request(o3, at(11, 24), status=A, decided_at=at(11, 24, 19))
    d.request(o3, at(11, 25), status=DataRequestStatus.WITHDRAWN)
    # A winning entry used 户籍信息 and 交通卡口 is offered but used only by an entry whose award was revoked.
    round_ = RoundFactory(contest=d.contest, number=1)
    category = AwardCategory.objects.create(contest=d.contest, name="一等奖", level=AwardLevel.FIRST, quota=3)
    winner = eligible_entry(d.contest, d.track)
    revoked = eligible_entry(d.contest, d.track)
    Award.objects.create(category=category, entry=winner, round=round_, track=d.track, awarded_by=d.author)
    Award.objects.create(
        category=category, entry=revoked, round=round_, track=d.track, awarded_by=d.author, revoked_at=at(12, 1),
        revoked_by=d.author, revoke_reason="抄袭",
    )  # fmt: skip
    EntryDataUse.objects.create(entry=winner, resource=d.r1, how="人口画像")
    EntryDataUse.objects.create(entry=revoked, resource=d.r2, how="车流")
    EntryDataUse.objects.create(entry=revoked, resource=d.r3, how="床位")
    # Findings about 户籍信息 (owned by 省公安厅): answered in 4 h and 12 h, one waiting.
    for reported, responded in ((at(12, 1), at(12, 1, 13)), (at(12, 2), at(12, 2, 21)), (at(12, 3), None)):
        DataFinding.objects.create(
            entry=winner, resource=d.r1, category=FindingCategory.ERRORS, description="字段错误",
            reported_by=d.author, reported_at=reported, responded_at=responded,
            response="已修正" if responded else "",
        )  # fmt: skip
    # Downloads: two of 户籍信息, one of 养老机构.
    d.download(d.req1, at(12, 1, 10), name="户籍.csv", size=2048, ip="10.0.0.7")
    d.download(d.req1, at(12, 5, 10), name="户籍-更新.csv", size=4096)
    d.approved_civil = DataRequest.objects.get(offer=o3, status=A)
    d.download(d.approved_civil, at(12, 2, 11), name="机构.xlsx", size=100)
    # Another contest's request, finding and download stay out of these figures.
    other = Desk()
    other_offer = other.offer(d.police, d.r1)
    other_req = other.request(other_offer, at(11, 2), status=R, decided_at=at(11, 20))
    other.download(other_req, at(12, 1))
    DataFinding.objects.create(
        entry=eligible_entry(other.contest, other.track), resource=d.r1, category=FindingCategory.OTHER,
        description="别的大赛", reported_by=d.author, reported_at=at(12, 1),
    )  # fmt: skip
    return d


def test_overall_figures(desk):
    overall = datadesk_figures(desk.contest).overall
    assert (overall.requests, overall.decided, overall.approved, overall.rejected) == (7, 4, 3, 1)
    assert (overall.pending, overall.overdue) == (2, 1)
    assert overall.approval_rate == 75
    # Hours 6, 10, 48, 72: the median of an even number of values is the mean of the middle two.
    assert overall.median_hours == 29
    # Working days 0, 0, 1 (Friday → Monday), 2: median 0.5.
    assert overall.median_working_days == 0.5


def test_figures_per_unit_and_per_resource(desk):
    figures = datadesk_figures(desk.contest)
    units = {row.unit.name: row.figures for row in figures.units}
    assert list(units) == sorted(units)
    police, civil = units["省公安厅"], units["省民政厅"]
    assert (police.requests, police.decided, police.approved, police.pending, police.overdue) == (4, 3, 2, 1, 0)
    assert round(police.approval_rate, 1) == 66.7
    assert (police.median_hours, police.median_working_days) == (48, 1)
    assert (civil.requests, civil.decided, civil.approved, civil.pending, civil.overdue) == (3, 1, 1, 1, 1)
    assert (civil.approval_rate, civil.median_hours, civil.median_working_days) == (100, 10, 0)

    resources = {row.resource.name: row for row in figures.resources}
    r1 = resources["户籍信息"]
    assert (r1.figures.requests, r1.figures.decided, r1.figures.approval_rate) == (2, 2, 50)
    assert (r1.figures.median_hours, r1.figures.median_working_days) == (27, 1)
    assert [unit.name for unit in r1.units] == ["省公安厅"]
    assert (r1.downloads, r1.downloaded_bytes) == (2, 6144)
    assert (resources["养老机构"].downloads, resources["交通卡口"].downloads) == (1, 0)


def test_working_days_skip_public_holidays_and_count_adjusted_weekends():
    """国庆节 2026: 10-01 to 10-07 off, Saturday 10-10 worked (cms.workdays' calendar)."""
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=datetime.date(2026, 10, day), defaults={"name": "国庆节", "is_working_day": False}
        )
    CalendarDay.objects.update_or_create(
        date=datetime.date(2026, 10, 10), defaults={"name": "国庆节调休上班", "is_working_day": True}
    )
    d = Desk()
    offer = d.offer(d.unit("省统计局"), DataResourceFactory())
    # Wednesday 09-30 → Friday 10-09: only Thursday 10-08 and Friday 10-09 are working days.
    d.request(offer, at(9, 30), status=DataRequestStatus.APPROVED, decided_at=at(10, 9))
    # Friday 10-09 → Monday 10-12: the worked Saturday 10-10 counts, Sunday does not.
    d.request(offer, at(10, 9), status=DataRequestStatus.APPROVED, decided_at=at(10, 12))
    overall = datadesk_figures(d.contest).overall
    assert sorted(overall.working_days) == [2, 2]


def test_ranking_input(desk):
    ranking = {row.unit.name: row for row in datadesk_figures(desk.contest).ranking}
    police, civil = ranking["省公安厅"], ranking["省民政厅"]
    # Offered 户籍信息 and 交通卡口; only 户籍信息 was used by an entry that still holds its award.
    assert (police.resources_offered, police.resources_used) == (2, 1)
    assert (civil.resources_offered, civil.resources_used) == (1, 0)
    assert (police.findings_received, police.findings_responded, police.median_response_hours) == (3, 2, 8)
    assert (civil.findings_received, civil.findings_responded, civil.median_response_hours) == (0, 0, None)
    assert (police.decided, police.median_hours, civil.median_hours) == (3, 48, 10)


def test_ranking_sorts_by_a_whitelisted_column_only(desk):
    rows = datadesk_figures(desk.contest).ranking
    by_speed, sort = sort_ranking(rows, "median_hours")
    assert ([row.unit.name for row in by_speed], sort) == (["省民政厅", "省公安厅"], "median_hours")
    by_findings, _sort = sort_ranking(rows, "-findings_received")
    assert [row.unit.name for row in by_findings] == ["省公安厅", "省民政厅"]
    # Anything else (an attribute name that is not a column, SQL) falls back to the default.
    for bad in ("unit.__class__", "-resources_used; DROP TABLE", "__dict__", ""):
        assert sort_ranking(rows, bad)[1] == "-resources_used"


def test_overdue_list_moves_with_the_clock(desk):
    assert [(r.pk, days_overdue(r)) for r in overdue_requests(desk.contest)] == [(desk.late.pk, 7)]
    # The other pending request falls due on Friday 12-11 09:00; by Saturday 10:00 it is a day late.
    with time_machine.travel(at(12, 11, 8, 59), tick=False):
        assert [r.pk for r in overdue_requests(desk.contest)] == [desk.late.pk]
    with time_machine.travel(at(12, 12, 10), tick=False):
        listed = [(r.pk, days_overdue(r)) for r in overdue_requests(desk.contest)]
        assert listed == [(desk.late.pk, 12), (desk.waiting.pk, 1)]
        assert datadesk_figures(desk.contest).overall.overdue == 2


def test_an_empty_contest_has_no_figures_yet():
    figures = datadesk_figures(ContestFactory())
    assert (figures.overall.requests, figures.overall.approval_rate, figures.overall.median_hours) == (0, None, None)
    assert (figures.units, figures.resources, figures.ranking) == ([], [], [])


# ---------------------------------------------------------------- constant queries


def grow(requests):
    d = Desk()
    units = [d.unit(f"单位{requests}-{i}") for i in range(3)]
    offers = [d.offer(unit, DataResourceFactory(owner_unit=unit)) for unit in units]
    for i in range(requests):
        offer = offers[i % 3]
        kind = i % 3
        if kind == 0:
            req = d.request(offer, at(11, 2 + i % 20), status=DataRequestStatus.APPROVED, decided_at=at(11, 25))
            d.download(req, at(11, 26))
        elif kind == 1:
            d.request(offer, at(11, 2 + i % 20), status=DataRequestStatus.REJECTED, decided_at=at(11, 26))
        else:
            d.request(offer, at(11, 2 + i % 20))
    entry = eligible_entry(d.contest, d.track)
    for offer in offers:
        DataFinding.objects.create(
            entry=entry, resource=offer.resource, category=FindingCategory.FORMAT, description="格式",
            reported_by=d.author, reported_at=at(11, 20), responded_at=at(11, 21),
        )  # fmt: skip
    return d


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_figures_take_the_same_queries_for_3_and_30_requests(client, boss):
    small, large = grow(3), grow(30)
    assert queries(lambda: datadesk_figures(small.contest)) == queries(lambda: datadesk_figures(large.contest)) <= 8
    client.force_login(boss)
    for name in ("contest_datadesk:contest", "contest_datadesk:overdue", "contest_datadesk:log"):
        counts = [queries(lambda d=d, n=name: client.get(reverse(n, args=[d.contest.pk]))) for d in (small, large)]
        assert counts[0] == counts[1], name


# ---------------------------------------------------------------- the pages


def test_figures_page_shows_the_tables(client, boss, desk):
    client.force_login(boss)
    response = client.get(reverse("contest_datadesk:contest", args=[desk.contest.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("各出题单位", "各数据资源", "最佳数据提供单位", "省公安厅", "户籍信息", "75.0%", "66.7%"):
        assert text in html, text
    assert 'href="?sort=-median_hours#ranking"' in html
    # A sorted page marks its column for screen readers; a bad value falls back to the default.
    sorted_page = client.get(reverse("contest_datadesk:contest", args=[desk.contest.pk]), {"sort": "median_hours"})
    assert 'aria-sort="ascending"' in sorted_page.content.decode()
    bad = client.get(reverse("contest_datadesk:contest", args=[desk.contest.pk]), {"sort": "password"})
    assert bad.status_code == 200 and 'aria-sort="descending"' in bad.content.decode()
    # The section's index shows the newest contest.
    assert client.get(reverse("contest_datadesk:index")).status_code == 200


def test_unit_rows_link_to_their_challenges_once_challenges_have_an_admin_list(client, boss, desk, monkeypatch):
    from types import SimpleNamespace

    from wagtail.admin.viewsets import viewsets

    client.force_login(boss)
    url = reverse("contest_datadesk:contest", args=[desk.contest.pk])
    challenges = [v for v in viewsets.viewsets if getattr(v, "model", None) is Challenge]
    if not challenges:  # this branch alone: no list to link to, and no dead link
        assert "的赛题" not in client.get(url).content.decode()
        fake = SimpleNamespace(model=Challenge, get_url_name=lambda view: "contest_datadesk:index")
        monkeypatch.setattr(viewsets, "viewsets", [*viewsets.viewsets, fake])
    html = client.get(url).content.decode()
    assert f"?contest={desk.contest.pk}&amp;unit={desk.police.pk}" in html


def test_overdue_page_names_the_team_and_lists_overdue_open_data_requests(client, boss, desk):
    asker = UserFactory(real_name="王市民")
    OpenDataRequest.objects.create(resource=desk.r2, requester=asker, purpose="研究", due_at=at(12, 1))
    OpenDataRequest.objects.create(resource=desk.r3, requester=UserFactory(real_name="李市民"), purpose="研究",
                                   due_at=at(12, 9))  # fmt: skip
    desk.late.escalated_at = at(12, 1, 8)
    desk.late.save(update_fields=["escalated_at"])
    client.force_login(boss)
    html = client.get(reverse("contest_datadesk:overdue", args=[desk.contest.pk])).content.decode()
    assert desk.late.team.name in html and "省民政厅" in html and "养老机构" in html
    assert "2026-12-01 08:00" in html  # when the organiser was told
    assert desk.waiting.team.name not in html
    # The open-data request to 省公安厅 is 6 days late; the one due on 12-09 is not listed.
    assert "王市民" in html and "交通卡口" in html and "李市民" not in html


def test_access_log_filters_and_pages(client, boss, desk):
    client.force_login(boss)
    url = reverse("contest_datadesk:log", args=[desk.contest.pk])
    html = client.get(url).content.decode()
    assert "户籍.csv" in html and "机构.xlsx" in html and "10.0.0.7" in html and "共 3 条下载记录" in html
    by_unit = client.get(url, {"unit": desk.civil.pk}).content.decode()
    assert "机构.xlsx" in by_unit and "户籍.csv" not in by_unit
    by_resource = client.get(url, {"resource": desk.r1.pk}).content.decode()
    assert "户籍.csv" in by_resource and "机构.xlsx" not in by_resource
    # Both ends of the date range are Beijing dates, included.
    by_dates = client.get(url, {"since": "2026-12-02", "until": "2026-12-05"}).content.decode()
    assert "户籍-更新.csv" in by_dates and "机构.xlsx" in by_dates and "户籍.csv<" not in by_dates


def test_access_log_says_what_is_wrong_with_a_filter(client, boss, desk):
    client.force_login(boss)
    url = reverse("contest_datadesk:log", args=[desk.contest.pk])
    html = client.get(url, {"since": "2026-12-09", "until": "2026-12-01"}).content.decode()
    assert "起始日期不能晚于截止日期。" in html and "共 3 条下载记录" in html
    html = client.get(url, {"since": "昨天", "unit": "999999"}).content.decode()
    assert "请输入有效日期" in html and "所选项不在本届大赛的数据服务中" in html
    # Another contest's unit is not a choice here.
    other_unit = Unit.objects.create(name="别的单位", slug="other-unit")
    html = client.get(url, {"unit": other_unit.pk}).content.decode()
    assert "所选项不在本届大赛的数据服务中" in html


def test_figures_export(client, boss, desk):
    client.force_login(boss)
    response = client.get(reverse("contest_datadesk:figures_export", args=[desk.contest.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["封面", "总体", "各出题单位", "各数据资源", "最佳数据提供单位评选参考"]
    overall = list(workbook["总体"].values)
    assert overall[0][:7] == ("申请数", "已审批", "已批准", "已驳回", "待审批", "逾期未审批", "批准率（%）")
    assert overall[1][:9] == (7, 4, 3, 1, 2, 1, 75, 29, 0.5)
    units = list(workbook["各出题单位"].values)
    assert units[0][0] == "出题单位"
    assert [row[:3] for row in units[1:3]] == [("省公安厅", 4, 3), ("省民政厅", 3, 1)]
    ranking = list(workbook["最佳数据提供单位评选参考"].values)
    assert ranking[0][5:7] == ("提供数据资源数", "获奖作品使用的数据资源数")
    assert [(row[0], row[5], row[6], row[7], row[8]) for row in ranking[1:3]] == [
        ("省公安厅", 2, 1, 3, 2),
        ("省民政厅", 1, 0, 0, 0),
    ]


def test_access_log_export_keeps_the_filters_and_is_audited(client, boss, desk):
    from contests.models import AuditEvent

    client.force_login(boss)
    url = reverse("contest_datadesk:log_export", args=[desk.contest.pk])
    response = client.get(url, {"resource": desk.r1.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["数据下载记录"]
    rows = list(sheet.values)
    headers = ("下载时间", "下载人", "电子邮箱", "团队", "出题单位", "赛题", "数据资源", "文件", "大小（字节）")
    headers += ("IP 地址",)
    assert rows[0] == headers
    assert [(row[0], row[7], row[8], row[9]) for row in rows[1:]] == [
        (datetime.datetime(2026, 12, 5, 10), "户籍-更新.csv", 4096, "10.0.0.1"),
        (datetime.datetime(2026, 12, 1, 10), "户籍.csv", 2048, "10.0.0.7"),
    ]
    assert rows[1][3:7] == (desk.req1.team.name, "省公安厅", desk.req1.offer.challenge.title, "户籍信息")
    event = AuditEvent.objects.get(action="datadesk.access_log_exported")
    assert (event.actor, event.contest, event.note) == (boss, desk.contest, "数据资源：户籍信息")


def test_a_team_named_like_a_formula_stays_text(client, boss, desk):
    team = desk.req1.team
    team.name = '=HYPERLINK("http://evil")'
    team.save(update_fields=["name"])
    client.force_login(boss)
    response = client.get(reverse("contest_datadesk:log_export", args=[desk.contest.pk]))
    rows = list(load_workbook(io.BytesIO(response.content))["数据下载记录"].values)
    assert '\'=HYPERLINK("http://evil")' in [row[3] for row in rows]


def non_organisers(desk):
    team_member = add_member(desk.req1.team)
    judge = JudgeFactory(contest=desk.contest).user
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    unit_member = UserFactory()
    UnitMember.objects.create(unit=desk.police, user=unit_member)
    staff_unit_member = UserFactory(is_staff=True)
    UnitMember.objects.create(unit=desk.civil, user=staff_unit_member)
    return {
        "team member": team_member,
        "judge": judge,
        "editor": editor,
        "unit member": unit_member,
        "unit member (staff)": staff_unit_member,
    }


def test_non_organisers_are_refused(client, desk):
    pk = desk.contest.pk
    urls = [
        reverse("contest_datadesk:index"),
        reverse("contest_datadesk:contest", args=[pk]),
        reverse("contest_datadesk:figures_export", args=[pk]),
        reverse("contest_datadesk:overdue", args=[pk]),
        reverse("contest_datadesk:log", args=[pk]),
        reverse("contest_datadesk:log_export", args=[pk]),
    ]
    for role, user in non_organisers(desk).items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (role, url)
            assert "户籍" not in response.content.decode(), (role, url)
            if response.status_code == 302:  # to the admin's login or home, never into the pages
                assert not response["Location"].startswith("/admin/datadesk/"), (role, url)
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_menu_item_is_shown_to_organisers_only(client, boss, desk):
    from contests.wagtail_hooks import ContestMenu

    assert any(viewset.menu_label == "数据服务" for viewset in ContestMenu.items)
    client.force_login(boss)
    assert reverse("contest_datadesk:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    editor = non_organisers(desk)["editor"]
    client.force_login(editor)
    assert reverse("contest_datadesk:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


# ---------------------------------------------------------------- hostile input


def test_hostile_names_are_escaped_and_hostile_parameters_break_nothing(client, boss, desk):
    from tests.security.hostile_fixtures import assert_inert, payload
    from tests.security.test_hostile_input import NUMBERS, SQLISH

    team = desk.late.team
    team.name = payload("xTN", short=True)[:60]
    team.save(update_fields=["name"])
    desk.r3.name = payload("xRS", short=True)[:100]
    desk.r3.save(update_fields=["name"])
    file = desk.req1.downloads.first().file
    file.original_name = payload("xFN")
    file.save(update_fields=["original_name"])
    client.force_login(boss)
    pk = desk.contest.pk
    pages = {
        reverse("contest_datadesk:contest", args=[pk]): ["sort"],
        reverse("contest_datadesk:overdue", args=[pk]): ["page"],
        reverse("contest_datadesk:log", args=[pk]): ["unit", "resource", "since", "until", "page"],
    }
    for url, names in pages.items():
        html = client.get(url).content.decode()
        assert_inert(html, url)
        for name in names:
            for value in [*SQLISH, *NUMBERS]:
                response = client.get(url, {name: value})
                # A NUL in the query string is refused before any view (400, as everywhere on the site).
                expected = 400 if "\x00" in value else 200
                assert response.status_code == expected, (url, name, value[:40])
                assert_inert(response.content.decode(), f"{url}?{name}")
    assert "xTN&lt;script&gt;" in client.get(reverse("contest_datadesk:overdue", args=[pk])).content.decode()
    assert "xFN&quot;&gt;&lt;img" in client.get(reverse("contest_datadesk:log", args=[pk])).content.decode()
    export = client.get(reverse("contest_datadesk:log_export", args=[pk]), {"since": "' OR 1=1 --"})
    assert export.status_code == 200
    load_workbook(io.BytesIO(export.content))
