"""Live final (路演) test data: a public session of an open final round with one room, its panel,
host and chair, teams on the programme and (optionally) the order drawn."""

from types import SimpleNamespace

from contests.choices import RoundKind
from contests.services.live.draw import draw_order
from contests.services.live.setup import add_entries, add_room, create_session
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import JudgeFactory, eligible_entry, make_rubric, open_round, organiser


def live_world(*, judges=3, entries=2, public=True, drawn=True, boss=None, contest=None, slug="final-2026"):
    boss = boss or organiser()
    contest = contest or ContestFactory()
    round_ = open_round(contest, number=3, kind=RoundKind.FINAL, comment_min_length=0)
    criteria = make_rubric(round_)
    track = TrackFactory(contest=contest)
    panel = [JudgeFactory(contest=contest) for _ in range(judges)]
    host = UserFactory(real_name="会场主持人")
    session = create_session(round_, name="2026 决赛路演", slug=slug, actor=boss, is_public=public)
    room = add_room(session, name="第一会场", slug="room-a", actor=boss, panel=panel, chair=panel[0], hosts=[host])
    teams = [eligible_entry(contest, track, title=f"路演作品{n}") for n in range(1, entries + 1)]
    add_entries(room, teams, actor=boss)
    if drawn:
        draw_order(session, actor=boss, seed="seed-2026")
    room.refresh_from_db()
    return SimpleNamespace(
        boss=boss,
        contest=contest,
        round=round_,
        criteria=criteria,
        panel=panel,
        host=host,
        session=session,
        room=room,
        entries=teams,
        leaders=[leader_of(entry.team) for entry in teams],
    )


def values(criteria, fraction):
    """{criterion_id: value} giving a weighted total of ``fraction`` × 100."""
    return {c.pk: str(round(c.max_score * fraction, 1)) for c in criteria}
