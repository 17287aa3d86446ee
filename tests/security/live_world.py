"""The sweep's live-final part (#19): a public session of its own contest, one room whose panel holds
the "judge: assigned" role (and chairs it), the swept team on stage with its scoring closed and an
appeal pending; organisers host it (no sweep role is a room host)."""

from types import SimpleNamespace

from contests.choices import RoundKind
from contests.services.live.draw import draw_order
from contests.services.live.scoring import submit_live_score
from contests.services.live.setup import add_entries, add_room, create_session
from contests.services.live.signoff import file_live_appeal
from contests.services.live.stage import close_scoring, open_scoring, start_pitch, start_questions
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory
from tests.contests.factories.judging import JudgeFactory, eligible_entry, make_rubric, open_round
from tests.contests.factories.live import values


def sweep_live_world(judging, boss, leader):
    contest = ContestFactory(slug="sweep-live")
    round_ = open_round(contest, kind=RoundKind.FINAL, comment_min_length=0)
    criteria = make_rubric(round_)
    track = TrackFactory(contest=contest)
    judge = JudgeFactory(contest=contest, user=judging.judges["assigned"].user, email="sweep-live@judges.example")
    other_judge = JudgeFactory(contest=contest)
    team = TeamFactory(contest=contest, name="路演受测团队", created_by=leader)
    entry = eligible_entry(contest, track, team=team, title="路演受测作品")
    session = create_session(round_, name="受测路演", slug="sweep-live", actor=boss, is_public=True)
    room = add_room(session, name="受测会场", slug="room", actor=boss, panel=[judge, other_judge], chair=judge)
    add_entries(room, [entry], actor=boss)
    draw_order(session, actor=boss, seed="sweep")
    slot = start_pitch(room, actor=boss)
    start_questions(room, actor=boss)
    open_scoring(room, actor=boss)
    room.refresh_from_db()
    for index, panel_judge in enumerate((judge, other_judge)):
        submit_live_score(
            room, panel_judge, slot_id=slot.pk, key=f"sweep-live-key-{index}", values=values(criteria, 0.7)
        )
    close_scoring(room, actor=boss)
    slot.refresh_from_db()
    appeal = file_live_appeal(slot, actor=leader, reason="受测申诉")
    room.refresh_from_db()
    return SimpleNamespace(session=session, room=room, slot=slot, appeal=appeal, judge=judge)
