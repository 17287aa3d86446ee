"""What a team sees of its division (分赛区), and what a division manager sees of an entry."""

import pytest
from django.urls import reverse

from contests.services.division_moves import move_team
from tests.contests.divisions.conftest import signed_in

pytestmark = pytest.mark.django_db


def leader(team):
    return team.memberships.select_related("user").first().user


def test_the_team_page_and_dashboard_name_the_teams_division(world):
    client = signed_in(leader(world.team))
    page = client.get(reverse("contests:team_detail", kwargs={"pk": world.team.pk})).content.decode()
    assert "分赛区" in page and "济南分赛区" in page
    dashboard = client.get(reverse("contests:dashboard")).content.decode()
    assert "济南分赛区" in dashboard


def test_after_a_move_the_team_sees_its_new_division_and_why(world, boss):
    move_team(world.team, world.qingdao, actor=boss, reason="团队单位实际位于青岛")
    client = signed_in(leader(world.team))
    page = client.get(reverse("contests:team_detail", kwargs={"pk": world.team.pk})).content.decode()
    assert "青岛分赛区" in page
    assert "从济南分赛区调整到本分赛区" in page and "团队单位实际位于青岛" in page


def test_the_manager_sees_the_tracks_extra_answers_when_reviewing_an_entry(world):
    from contests.models import Entry, EntryFormField

    EntryFormField.objects.create(contest=world.contest, track=world.track, key="pilot_unit", label="试点单位")
    Entry.objects.filter(pk=world.entry.pk).update(extra={"pilot_unit": "历下区大数据中心"})
    url = reverse(
        "contests:divisions:entry",
        kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan", "uuid": world.entry.uuid},
    )
    page = signed_in(world.manager).get(url).content.decode()
    assert "试点单位" in page and "历下区大数据中心" in page
    assert "使用的数据资源" in page


def test_the_division_export_has_a_column_per_configured_question(world):
    import io

    from openpyxl import load_workbook

    from contests.models import Entry, EntryFormField

    EntryFormField.objects.create(contest=world.contest, track=world.track, key="pilot_unit", label="试点单位")
    Entry.objects.filter(pk=world.entry.pk).update(extra={"pilot_unit": "历下区大数据中心"})
    response = signed_in(world.manager).get(
        reverse("contests:divisions:export", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"})
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["作品与形式审查"]
    rows = list(sheet.iter_rows(values_only=True))
    # Headed like the organisers' export: the question's track tells same-label questions apart.
    assert rows[0][-1] == "试点单位（城市治理）"
    assert [row[-1] for row in rows[1:]] == ["历下区大数据中心"]


def test_a_first_round_outside_the_contest_or_half_set_is_refused_with_the_dates(contest):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from contests.models import Division
    from tests.scenes.factories import city

    def errors(**dates):
        division = Division(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=1, **dates)
        with pytest.raises(ValidationError) as caught:
            division.full_clean()
        return {key: " ".join(messages) for key, messages in caught.value.message_dict.items()}

    deadline = timezone.localtime(contest.submission_deadline).strftime("%Y-%m-%d %H:%M")
    early = errors(
        first_round_opens=contest.submission_deadline - timedelta(days=1),
        first_round_closes=contest.judging_ends + timedelta(days=1),
    )
    assert f"分赛区初赛不能早于大赛作品提交截止时间（{deadline}）。" in early["first_round_opens"]
    assert "分赛区初赛必须在大赛评审结束（" in early["first_round_closes"]
    half = errors(first_round_opens=contest.submission_deadline + timedelta(hours=1))
    assert "请同时填写初赛评审开始和截止时间" in half["first_round_closes"]


def test_the_move_page_says_at_once_when_the_team_can_no_longer_move(world, boss):
    from tests.contests.factories.judging import JudgeFactory, assign, open_round

    url = reverse("division_admin:move_team", args=[world.team.pk])
    client = signed_in(boss)
    assert 'name="reason"' in client.get(url).content.decode()
    round_ = open_round(world.contest, divisional=True)
    assign(round_, world.entry, JudgeFactory(contest=world.contest))
    page = client.get(url).content.decode()
    assert "该团队的作品已在" in page and "不能再调整分赛区" in page
    assert 'name="reason"' not in page


def test_the_dashboard_quota_is_the_sum_of_the_track_quotas_when_set(world):
    from contests.models import DivisionTrackQuota
    from contests.services.division_workspace import figures
    from tests.contests.factories import TrackFactory

    assert figures(world.jinan).quota == 3
    DivisionTrackQuota.objects.create(division=world.jinan, track=world.track, quota=2)
    DivisionTrackQuota.objects.create(division=world.jinan, track=TrackFactory(contest=world.contest), quota=4)
    assert figures(world.jinan).quota == 6


def test_the_workspace_home_lists_the_track_quota_sum(world):
    from contests.models import DivisionTrackQuota

    DivisionTrackQuota.objects.create(division=world.jinan, track=world.track, quota=5)
    page = signed_in(world.manager).get(reverse("contests:divisions:home")).content.decode()
    assert "<td>5</td>" in page and "<td>3</td>" not in page


def test_a_division_judge_without_a_track_is_refused_with_a_reason(world):
    from contests.models import JudgeProfile

    url = reverse(
        "contests:divisions:judge_invite", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    response = signed_in(world.manager).post(
        url, {"name": "无赛道评委", "email": "notrack@example.org", "organisation": "山东大学"}
    )
    assert response.status_code == 200
    assert "请至少选择一个评审赛道，否则该评委不会被分配作品。" in response.content.decode()
    assert not JudgeProfile.objects.filter(email="notrack@example.org").exists()


def test_a_manager_on_the_team_cannot_review_its_entry(world, after_deadline):
    from contests.models import Entry
    from contests.services import ContestError
    from contests.services.eligibility import review_entry
    from tests.contests.factories.entries import add_member

    add_member(world.team, world.manager)
    with pytest.raises(ContestError) as refused:
        review_entry(world.entry, world.manager, eligible=True)
    assert refused.value.code == "own_team"
    assert Entry.objects.get(pk=world.entry.pk).status == "submitted"


@pytest.mark.parametrize(
    ("division", "message"),
    [
        ("jinan", "本分赛区已有使用该邮箱的评委。"),
        ("qingdao", "该邮箱不能邀请为本分赛区评委，如有疑问请联系大赛组织者。"),
        (None, "该邮箱不能邀请为本分赛区评委，如有疑问请联系大赛组织者。"),
    ],
)
def test_an_address_already_judging_is_refused_without_saying_where_else_it_judges(world, division, message):
    from contests.models import JudgeProfile

    JudgeProfile.objects.create(
        contest=world.contest,
        name="已有评委",
        email="taken@judges.example",
        division={"jinan": world.jinan, "qingdao": world.qingdao, None: None}[division],
    )
    url = reverse(
        "contests:divisions:judge_invite", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    data = {"name": "王评审", "email": "Taken@judges.example", "organisation": "山大", "expertise": [world.track.pk]}
    page = signed_in(world.manager).post(url, data).content.decode()
    assert message in page and "青岛分赛区" not in page
    assert JudgeProfile.objects.filter(email__iexact="taken@judges.example").count() == 1


def test_the_dashboard_counts_the_judges_who_accepted(world):
    from contests.models import JudgeProfile, JudgeStatus

    JudgeProfile.objects.create(contest=world.contest, name="甲", email="a@j.example", division=world.jinan)
    JudgeProfile.objects.create(
        contest=world.contest, name="乙", email="b@j.example", division=world.jinan, status=JudgeStatus.ACTIVE
    )
    from contests.services.division_workspace import figures

    assert figures(world.jinan).judges == 1
