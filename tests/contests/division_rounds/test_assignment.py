"""Assignment in divisional rounds (each division's entries to its own judges) and same-city
recusal (同城回避) in provincial rounds: automatic, manual, extra-judge top-ups and conflict flags."""

import pytest

from contests.choices import EntryStatus
from contests.models import Assignment, AssignmentState, ConflictSource, Division, Expert, ExpertStatus
from contests.services import ContestError
from contests.services.judging.assignment import add_assignment, add_extra_judges, assign_judges
from contests.services.judging.flags import flag_new_conflicts
from tests.contests.division_rounds.conftest import division_entry
from tests.contests.factories.judging import JudgeFactory, organiser
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db


def pairs(round_):
    return set(
        Assignment.objects.filter(round=round_, state=AssignmentState.ACTIVE).values_list("entry_id", "judge_id")
    )


def test_divisional_round_pairs_each_division_with_its_own_judges(provincial):
    report = assign_judges(provincial.first)
    assert (report.ok, report.created) == (True, 12)
    own = {j.pk: slug for slug, judges in provincial.judges.items() for j in judges}
    entry_division = {e.pk: slug for slug, entries in provincial.entries.items() for e in entries}
    assert {(entry_division[e], own[j]) for e, j in pairs(provincial.first)} == {
        ("jinan", "jinan"),
        ("qingdao", "qingdao"),
    }


def test_assigning_one_division_leaves_the_others_alone(provincial):
    report = assign_judges(provincial.first, division=provincial.qingdao)
    assert (report.entries, report.created) == (2, 4)
    assert {e for e, _j in pairs(provincial.first)} == {e.pk for e in provincial.entries["qingdao"]}


def test_province_judges_stand_in_only_for_a_division_without_judges(provincial):
    province_judge = JudgeFactory(contest=provincial.contest, tracks=list(provincial.tracks))
    yantai = Division.objects.create(contest=provincial.contest, node=city("yantai"), name="烟台分赛区", slug="yantai")
    lonely = division_entry(provincial.contest, provincial.tracks[0], yantai)
    report = assign_judges(provincial.first, seed=3)
    assert {j for e, j in pairs(provincial.first) if e == lonely.pk} == {province_judge.pk}
    assert province_judge.pk not in {j for e, j in pairs(provincial.first) if e != lonely.pk}
    assert report.notes == ["分赛区“烟台分赛区”没有本分赛区评委，其作品由全省评委评审。"]
    assert "分赛区“烟台分赛区”没有本分赛区评委，其作品由全省评委评审。" in report.lines()
    # One province judge for two seats: the shortfall is reported.
    assert [s.entry_id for s in report.shortfalls] == [lonely.pk]


def test_manual_add_refuses_a_judge_of_another_division(provincial):
    entry = provincial.entries["jinan"][0]
    with pytest.raises(ContestError) as refused:
        add_assignment(provincial.first, entry, provincial.judges["qingdao"][0], actor=organiser())
    assert str(refused.value.message) == "分赛区评审轮次中，评委只能评审本分赛区的作品。"
    assert not Assignment.objects.exists()


@pytest.fixture
def provincial_round(provincial):
    """Both divisions' entries advanced into the provincial round; judges of three cities."""
    entries = [*provincial.entries["jinan"], *provincial.entries["qingdao"]]
    for entry in entries:
        entry.status, entry.current_round = EntryStatus.ADVANCED, provincial.final
        entry.save(update_fields=["status", "current_round"])
    t1, t2 = provincial.tracks
    boss = organiser()
    pool_expert = Expert.objects.create(
        name="库内专家", email="pool@experts.example", organisation="青岛大学", city=city("qingdao"),
        status=ExpertStatus.ACTIVE, approved_by=boss,
    )  # fmt: skip
    judges = {
        "jinan": JudgeFactory(contest=provincial.contest, tracks=[t1, t2], city=city("jinan")),
        # No city of its own: the pool expert's city (青岛) counts.
        "qingdao": JudgeFactory(contest=provincial.contest, tracks=[t1, t2], expert=pool_expert),
        "yantai": JudgeFactory(contest=provincial.contest, tracks=[t1, t2], city=city("yantai")),
        "weifang": JudgeFactory(contest=provincial.contest, tracks=[t1, t2], city=city("weifang")),
    }
    return provincial, entries, judges, boss


def test_same_city_recusal_in_automatic_assignment(provincial_round):
    provincial, entries, judges, _boss = provincial_round
    # Division judges of round 1 judge here too: they are of 济南 and 青岛 as well.
    report = assign_judges(provincial.final, seed=5)
    assert report.ok
    judge_city = {j.pk: j.city.slug for j in judges.values() if j.city}
    judge_city[judges["qingdao"].pk] = "qingdao"
    judge_city.update({j.pk: slug for slug, js in provincial.judges.items() for j in js})
    entry_city = {e.pk: e.team.city.slug for e in entries}
    assigned = pairs(provincial.final)
    assert len(assigned) == 12
    assert all(judge_city[j] != entry_city[e] for e, j in assigned)


def test_same_city_recusal_in_manual_add_and_only_where_the_round_asks(provincial_round):
    provincial, entries, judges, boss = provincial_round
    jinan_entry, qingdao_entry = entries[0], entries[-1]
    with pytest.raises(ContestError) as refused:
        add_assignment(provincial.final, qingdao_entry, judges["qingdao"], actor=boss)
    assert str(refused.value.message) == "存在利益冲突，不能指派：同城回避：评委工作单位与作品同在青岛"
    add_assignment(provincial.final, qingdao_entry, judges["jinan"], actor=boss)
    provincial.final.same_city_recusal = False
    provincial.final.save(update_fields=["same_city_recusal"])
    add_assignment(provincial.final, jinan_entry, judges["jinan"], actor=boss)
    assert pairs(provincial.final) == {(qingdao_entry.pk, judges["jinan"].pk), (jinan_entry.pk, judges["jinan"].pk)}


def test_a_team_placed_in_another_division_is_barred_for_both_cities(provincial_round):
    provincial, entries, judges, boss = provincial_round
    moved = entries[0]
    moved.team.division = provincial.qingdao  # a 济南 team judged in the 青岛 division
    moved.team.save(update_fields=["division"])
    for judge in (judges["jinan"], judges["qingdao"]):
        with pytest.raises(ContestError):
            add_assignment(provincial.final, moved, judge, actor=boss)
    add_assignment(provincial.final, moved, judges["yantai"], actor=boss)


def test_extra_judge_top_up_honours_recusal(provincial_round):
    provincial, entries, judges, boss = provincial_round
    Assignment.objects.all().delete()
    # Only the four city judges: the 济南 entry can have the 青岛, 烟台 or 潍坊 judge.
    for slug_judges in provincial.judges.values():
        for judge in slug_judges:
            judge.status = "inactive"
            judge.save(update_fields=["status"])
    entry = entries[0]
    add_assignment(provincial.final, entry, judges["yantai"], actor=boss)
    add_assignment(provincial.final, entry, judges["weifang"], actor=boss)
    report = add_extra_judges(provincial.final, [entry.pk])
    assert report.created == 1
    assert {j for e, j in pairs(provincial.final) if e == entry.pk} == {
        judges["yantai"].pk, judges["weifang"].pk, judges["qingdao"].pk,
    }  # fmt: skip


def test_conflict_flags_name_same_city_recusal(provincial_round):
    provincial, entries, judges, boss = provincial_round
    provincial.final.same_city_recusal = False
    provincial.final.save(update_fields=["same_city_recusal"])
    add_assignment(provincial.final, entries[0], judges["jinan"], actor=boss)
    add_assignment(provincial.final, entries[-1], judges["jinan"], actor=boss)  # a 青岛 entry
    provincial.final.same_city_recusal = True
    provincial.final.save(update_fields=["same_city_recusal"])
    assignments = list(Assignment.objects.select_related("judge", "entry__team", "round__contest"))
    flags = flag_new_conflicts(assignments, source=ConflictSource.SCAN)
    assert [(flag.assignment.entry_id, flag.reason_list) for flag in flags] == [
        (entries[0].pk, ["同城回避：评委工作单位与作品同在济南"])
    ]
