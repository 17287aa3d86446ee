"""A contest judged to the end for the survey tests: a final round whose results became final at a
pinned instant, two winning entries, a loser and a winner whose award was revoked."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from contests.choices import RoundKind
from contests.models import Award, AwardCategory, AwardLevel, ResultPublication, TrackingSurvey
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory, add_member, leader_of
from tests.contests.factories.judging import organiser

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The results became final on 15 Jan 2026, 20:00 Beijing time: a 6-month survey opens on 15 Jul 2026.
FINAL_AT = datetime(2026, 1, 15, 20, 0, tzinfo=SHANGHAI)

QUESTIONS = [
    {"key": "deployed", "label": "方案是否已上线运行？", "kind": "yesno", "choices": [], "required": True, "help": ""},
    {"key": "users", "label": "累计服务人次", "kind": "number", "choices": [], "required": False, "help": "估算即可"},
    {
        "key": "stage",
        "label": "目前所处阶段",
        "kind": "choice",
        "choices": ["试点", "推广", "暂停"],
        "required": True,
        "help": "",
    },
    {"key": "notes", "label": "遇到的困难", "kind": "text", "choices": [], "required": False, "help": ""},
]


@dataclass
class Judged:
    contest: object
    round: object
    boss: object
    winner: object
    runner_up: object
    loser: object
    revoked: object
    member: object  # a player of ``winner``'s team


def judged_contest(*, final=True):
    boss = organiser()
    contest = ContestFactory(year=2025)
    track = TrackFactory(contest=contest)
    first = RoundFactory(contest=contest, number=1, kind=RoundKind.PRELIMINARY)
    final_round = RoundFactory(contest=contest, number=2, kind=RoundKind.FINAL)
    for round_ in (first, final_round):
        ResultPublication.objects.create(
            round=round_,
            notice_days=7,
            published_by=boss,
            published_at=FINAL_AT.replace(day=1),
            notice_ends_at=FINAL_AT.replace(day=8),
            finalised_by=boss if final else None,
            finalised_at=(FINAL_AT if round_ is final_round else FINAL_AT.replace(month=1, day=2)) if final else None,
        )
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=3)
    entries = [EntryFactory(team__contest=contest, track=track, title=f"作品{i}") for i in range(4)]
    winner, runner_up, loser, revoked = entries
    for rank, entry in enumerate((winner, runner_up, revoked), start=1):
        Award.objects.create(category=category, entry=entry, round=final_round, track=track, rank=rank, awarded_by=boss)
    Award.objects.filter(entry=revoked).update(revoked_at=FINAL_AT, revoked_by=boss, revoke_reason="尽职调查未通过")
    member = add_member(winner.team)
    return Judged(contest, final_round, boss, winner, runner_up, loser, revoked, member)


def make_survey(contest, boss, *, months=6, open_days=30, questions=QUESTIONS, title="获奖 6 个月跟踪问卷"):
    return TrackingSurvey.objects.create(
        contest=contest,
        title=title,
        months_after_award=months,
        open_days=open_days,
        questions=questions,
        created_by=boss,
    )


def in_window(day=20, hour=10):
    """An instant inside the 6-month survey's window (15 Jul – 14 Aug 2026)."""
    return datetime(2026, 7, day, hour, tzinfo=SHANGHAI)


__all__ = ["leader_of"]
