"""Conflict-of-interest detection: each rule, the public-mail exception, bulk = single."""

import pytest

from contests.choices import TeamRole
from contests.services.judging.conflicts import (
    conflict_reasons,
    find_conflicts,
    normalise_organisation,
    private_domain,
)
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.factories.judging import JudgeFactory, eligible_entry

pytestmark = pytest.mark.django_db


def credit_code():
    from cms.validators import credit_code_check_char

    first17 = "91370100MA3C5D8E1"
    return first17 + credit_code_check_char(first17)


@pytest.fixture
def setting():
    contest = ContestFactory()
    track = TrackFactory(contest=contest)
    team = TeamFactory(contest=contest, organisation="山东大学软件学院")
    entry = eligible_entry(contest, track, team=team)
    return contest, track, team, entry


def test_normalise_organisation_ignores_width_spaces_and_case():
    assert normalise_organisation(" 浪潮（山东）Data 公司 ") == normalise_organisation("浪潮(山东)data公司")


def test_private_domain_ignores_public_mail_providers():
    assert [private_domain(e) for e in ("a@qq.com", "b@163.com", "c@Gmail.com", "d@sdu.edu.cn", "bad")] == [
        "", "", "", "sdu.edu.cn", "",
    ]  # fmt: skip


def test_no_conflict_for_an_unrelated_judge(setting):
    contest, track, _team, entry = setting
    judge = JudgeFactory(contest=contest, organisation="青岛市大数据发展促进中心", tracks=[track])
    assert conflict_reasons(judge, entry) == []


def test_conflict_same_organisation_including_a_parent_unit(setting):
    contest, _track, _team, entry = setting
    same = JudgeFactory(contest=contest, organisation="山东大学软件学院")
    parent = JudgeFactory(contest=contest, organisation="山东 大学")  # the university the college belongs to
    assert conflict_reasons(same, entry) == ["评委与团队或其成员属同一单位"]
    assert conflict_reasons(parent, entry) == ["评委与团队或其成员属同一单位"]


def test_no_conflict_for_a_short_common_prefix(setting):
    contest, _track, _team, entry = setting
    judge = JudgeFactory(contest=contest, organisation="山东")  # too short to stand for a unit
    assert conflict_reasons(judge, entry) == []


def test_conflict_member_organisation_and_credit_code(setting):
    contest, _track, team, entry = setting
    code = credit_code()
    add_member(team, UserFactory(organisation="浪潮软件股份有限公司", credit_code=code))
    by_name = JudgeFactory(contest=contest, organisation="浪潮软件股份有限公司")
    by_code = JudgeFactory(contest=contest, organisation="另一个名字", credit_code=code)
    assert conflict_reasons(by_name, entry) == ["评委与团队或其成员属同一单位"]
    assert conflict_reasons(by_code, entry) == ["评委单位与团队或其成员的统一社会信用代码相同"]


def test_conflict_same_private_email_domain_but_not_public_mail(setting):
    contest, _track, team, entry = setting
    add_member(team, UserFactory(email="zhang@inspur.example"))
    add_member(team, UserFactory(email="li@qq.com"))
    same_domain = JudgeFactory(contest=contest, user=UserFactory(email="wang@inspur.example"))
    public = JudgeFactory(contest=contest, user=UserFactory(email="zhao@qq.com"))
    assert conflict_reasons(same_domain, entry) == ["评委与团队成员使用同一单位邮箱域名 @inspur.example"]
    assert conflict_reasons(public, entry) == []


@pytest.mark.parametrize("role", [TeamRole.MEMBER, TeamRole.ADVISER])
def test_conflict_judge_is_a_member_or_adviser(setting, role):
    contest, _track, team, entry = setting
    user = UserFactory(email=f"{role}@qq.com")
    add_member(team, user, role=role)
    judge = JudgeFactory(contest=contest, user=user)
    assert conflict_reasons(judge, entry) == ["评委本人是该团队成员或指导老师"]


def test_conflict_declared_team_and_declared_organisation(setting):
    contest, _track, team, entry = setting
    by_team = JudgeFactory(contest=contest)
    by_team.conflict_teams.add(team)
    by_text = JudgeFactory(contest=contest, declared_conflicts="某某研究院\n山东大学软件学院\n")
    assert conflict_reasons(by_team, entry) == ["评委申报回避该团队"]
    assert conflict_reasons(by_text, entry) == ["评委申报回避的单位或团队：山东大学软件学院"]


def test_find_conflicts_in_bulk_equals_the_single_checks(setting):
    contest, track, _team, entry = setting
    other_entry = eligible_entry(contest, track, team=TeamFactory(contest=contest, organisation="烟台某公司"))
    judges = [
        JudgeFactory(contest=contest, organisation="山东大学"),
        JudgeFactory(contest=contest, organisation="烟台某公司"),
        JudgeFactory(contest=contest, organisation="无关单位"),
    ]
    bulk = find_conflicts(judges, [entry, other_entry])
    assert {j: sorted(e) for j, e in bulk.items()} == {judges[0].pk: [entry.pk], judges[1].pk: [other_entry.pk]}
    for judge in judges:
        for e in (entry, other_entry):
            assert bulk.get(judge.pk, {}).get(e.pk, []) == conflict_reasons(judge, e)
