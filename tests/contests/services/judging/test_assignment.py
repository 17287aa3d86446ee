"""Automatic assignment: k judges per entry with the right expertise, never a conflict, balanced
loads, deterministic per seed, top-ups instead of replacement, clear shortfall reports."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contests.choices import EntryStatus
from contests.models import Assignment, AssignmentSource, AssignmentState, AuditEvent
from contests.services import ContestError
from contests.services.judging.assignment import (
    add_assignment,
    assign_judges,
    entries_for_round,
    recuse,
    remove_assignment,
)
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory
from tests.contests.factories.judging import JudgeFactory, eligible_entry, open_round, organiser

pytestmark = pytest.mark.django_db


def pairs(round_):
    return sorted(
        Assignment.objects.filter(round=round_, state=AssignmentState.ACTIVE).values_list("entry_id", "judge_id")
    )


@pytest.fixture
def two_tracks():
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=3)
    t1, t2 = TrackFactory(contest=contest), TrackFactory(contest=contest)
    judges1 = [JudgeFactory(contest=contest, tracks=[t1]) for _ in range(7)]
    judges2 = [JudgeFactory(contest=contest, tracks=[t2]) for _ in range(5)]
    entries1 = [eligible_entry(contest, t1) for _ in range(11)]
    entries2 = [eligible_entry(contest, t2) for _ in range(6)]
    return round_, (t1, judges1, entries1), (t2, judges2, entries2)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_assign_judges_gives_k_judges_of_the_track_with_balanced_loads(two_tracks, seed):
    round_, (t1, judges1, entries1), (t2, judges2, entries2) = two_tracks
    report = assign_judges(round_, seed=seed)
    assert (report.ok, report.created, report.entries, report.complete) == (True, 51, 17, 17)
    per_entry = Counter(e for e, _j in pairs(round_))
    assert set(per_entry.values()) == {3}
    for judges, entries in ((judges1, entries1), (judges2, entries2)):
        judge_ids = {j.pk for j in judges}
        assert all(j in judge_ids for e, j in pairs(round_) if e in {x.pk for x in entries})
        loads = Counter(j for _e, j in pairs(round_) if j in judge_ids)
        assert max(loads.values()) - min(loads.values()) <= 1
    # 33 assignments over 7 judges → 4 or 5 each; 18 over 5 → 3 or 4 each.
    assert report.loads == {t1.name: (7, 4, 5), t2.name: (5, 3, 4)}


def test_assign_judges_is_deterministic_for_a_seed(two_tracks):
    round_ = two_tracks[0]
    assign_judges(round_, seed=42)
    first = pairs(round_)
    orders = sorted(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id", "order_key"))
    Assignment.objects.filter(round=round_).delete()
    assign_judges(round_, seed=42)
    assert pairs(round_) == first
    assert sorted(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id", "order_key")) == orders
    Assignment.objects.filter(round=round_).delete()
    assign_judges(round_, seed=43)
    assert pairs(round_) != first


def test_assign_judges_never_assigns_a_conflicted_judge(two_tracks):
    round_, (_t1, judges1, entries1), _second = two_tracks
    team = entries1[0].team
    judges1[0].organisation = team.organisation
    judges1[0].save()
    judges1[1].conflict_teams.add(entries1[1].team)
    assign_judges(round_, seed=3)
    assert (entries1[0].pk, judges1[0].pk) not in pairs(round_)
    assert (entries1[1].pk, judges1[1].pk) not in pairs(round_)
    assert Counter(e for e, _j in pairs(round_))[entries1[0].pk] == 3


def test_assign_judges_tops_up_instead_of_replacing(two_tracks):
    round_, (t1, _judges1, _entries1), _second = two_tracks
    assign_judges(round_, seed=1)
    before = pairs(round_)
    assert assign_judges(round_, seed=99).created == 0  # nothing to do: same assignments kept
    assert pairs(round_) == before
    late = eligible_entry(round_.contest, t1)
    report = assign_judges(round_, seed=99)
    assert report.created == 3
    assert [p for p in pairs(round_) if p[0] != late.pk] == before


def test_recusal_hands_the_entry_to_another_judge(two_tracks):
    round_, (_t1, _judges1, entries1), _second = two_tracks
    assign_judges(round_, seed=5)
    assignment = Assignment.objects.filter(round=round_, entry=entries1[0]).first()
    recused, report = recuse(assignment, actor=assignment.judge.user, reason="曾与该方案团队合作")
    assert (recused.state, recused.recusal_reason) == (AssignmentState.RECUSED, "曾与该方案团队合作")
    assert report.created == 1
    active = Assignment.objects.filter(round=round_, entry=entries1[0], state=AssignmentState.ACTIVE)
    assert active.count() == 3
    assert assignment.judge_id not in set(active.values_list("judge_id", flat=True))
    # Running the assignment again never gives the entry back to the judge who recused.
    assign_judges(round_, seed=5)
    assert assignment.judge_id not in set(active.values_list("judge_id", flat=True))
    assert list(AuditEvent.objects.filter(action="judging.recused").values_list("object_id", "note")) == [
        (str(assignment.pk), "曾与该方案团队合作")
    ]


def test_load_limits_are_respected_and_shortfalls_reported_in_chinese():
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=2)
    track = TrackFactory(contest=contest, name="智慧养老")
    JudgeFactory(contest=contest, tracks=[track], load_limit=1)
    JudgeFactory(contest=contest, tracks=[track], load_limit=2)
    entries = [eligible_entry(contest, track) for _ in range(3)]
    report = assign_judges(round_, seed=0)
    loads = Counter(j for _e, j in pairs(round_))
    assert sorted(loads.values()) == [1, 2]
    assert report.created == 3
    # Entry 1 takes both judges; entry 2 only the one with room left; entry 3 none.
    assert sorted((s.have, s.need, s.reason) for s in report.shortfalls) == [
        (
            0,
            2,
            "该赛道共 2 名评委，其中利益冲突 0 名、曾回避或被撤销 0 名、已达评审上限 2 名。"
            "请增加评委、调整评审上限或手动指派。",
        ),
        (
            1,
            2,
            "该赛道共 2 名评委，其中利益冲突 0 名、曾回避或被撤销 0 名、已达评审上限 1 名。"
            "请增加评委、调整评审上限或手动指派。",
        ),
    ]
    shortfall = report.shortfalls[0]
    assert str(shortfall) == (
        f"作品 {shortfall.code}《{shortfall.title}》（智慧养老）：需要 2 名评委，"
        f"现有 {shortfall.have} 名。{shortfall.reason}"
    )
    assert {s.entry_id for s in report.shortfalls} < {e.pk for e in entries}


def test_shortfall_when_no_judge_has_the_expertise():
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=2)
    track = TrackFactory(contest=contest, name="城市治理")
    JudgeFactory(contest=contest, tracks=[TrackFactory(contest=contest)])
    entry = eligible_entry(contest, track)
    report = assign_judges(round_)
    assert [(s.entry_id, s.have, s.need, s.reason) for s in report.shortfalls] == [
        (entry.pk, 0, 2, "该赛道没有具备此专业方向的已接受邀请评委。")
    ]


def test_only_active_judges_with_accounts_are_assigned(two_tracks):
    round_, (_t1, judges1, _entries1), _second = two_tracks
    from contests.models import JudgeStatus

    judges1[0].status = JudgeStatus.INVITED
    judges1[0].save()
    assign_judges(round_)
    assert judges1[0].pk not in {j for _e, j in pairs(round_)}


def test_entries_for_later_rounds_are_the_advanced_ones():
    contest = ContestFactory()
    first = open_round(contest, number=1)
    second = RoundFactory(contest=contest, number=2)
    track = TrackFactory(contest=contest)
    eligible = eligible_entry(contest, track)
    advanced = eligible_entry(contest, track, status=EntryStatus.ADVANCED)
    advanced.current_round = second
    advanced.save()
    submitted_only = eligible_entry(contest, track, status=EntryStatus.SUBMITTED)
    assert list(entries_for_round(first)) == [eligible]
    assert list(entries_for_round(second)) == [advanced]
    assert submitted_only not in entries_for_round(first)


def test_manual_add_refuses_conflicts_and_duplicates_and_remove_is_audited(two_tracks):
    round_, (t1, judges1, entries1), _second = two_tracks
    organiser_ = organiser()
    entry = entries1[0]
    conflicted = JudgeFactory(contest=round_.contest, tracks=[t1], organisation=entry.team.organisation)
    with pytest.raises(ContestError) as refusal:
        add_assignment(round_, entry, conflicted, actor=organiser_)
    assert str(refusal.value) == "存在利益冲突，不能指派：评委与团队或其成员属同一单位"
    added = add_assignment(round_, entry, judges1[0], actor=organiser_)
    assert added.source == AssignmentSource.MANUAL
    with pytest.raises(ContestError) as duplicate:
        add_assignment(round_, entry, judges1[0], actor=organiser_)
    assert str(duplicate.value) == "该评委已被分配评审此作品。"
    removed, report = remove_assignment(added, actor=organiser_, reason="调整评审安排", top_up=False)
    assert (removed.state, report) == (AssignmentState.REMOVED, None)
    assert list(AuditEvent.objects.filter(object_id=str(added.pk)).order_by("id").values_list("action", flat=True)) == [
        "judging.assignment_added",
        "judging.assignment_removed",
    ]


def test_assign_judges_records_one_audit_event_with_the_pairs(two_tracks):
    round_ = two_tracks[0]
    assign_judges(round_, seed=2)
    event = AuditEvent.objects.get(action="judging.assign")
    assert sorted(tuple(map(int, pair.split(":"))) for pair in event.after["pairs"].split()) == pairs(round_)
    assert (event.after["seed"], event.after["created"]) == (2, 51)


def test_assign_judges_command(two_tracks):
    round_ = two_tracks[0]
    out = StringIO()
    call_command("assign_judges", round_.contest.slug, "--round", "1", "--seed", "3", stdout=out)
    assert out.getvalue().splitlines()[0] == "共 17 件作品，新增 51 条分配，17 件作品评委已满。"
    with pytest.raises(CommandError, match="找不到大赛"):
        call_command("assign_judges", "no-such-contest", "--round", "1")


def test_assign_judges_command_fails_when_judges_are_missing():
    contest = ContestFactory()
    open_round(contest, judges_per_entry=2)
    eligible_entry(contest, TrackFactory(contest=contest), team=TeamFactory(contest=contest))
    with pytest.raises(CommandError, match="1 件作品评委不足"):
        call_command("assign_judges", contest.slug, "--round", "1", stdout=StringIO())
