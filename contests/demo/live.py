"""Demo live finals (路演) (load_demo, order 94; idempotent: a session that exists is left alone).

* 2025: the final on stage, finished and replayable — one room per track, each team's slot closed
  with its scores (the final round's own scores) and the times of every step, signed off by the
  team, one appeal decided by the room's chair, a video link per team; the public record is at
  /live/final-2025/.
* 2026: the final set up — one room with the three finalists, a panel of seven judges (judge1
  among them), the order drawn with a printed seed; the big screen is at /live/final-2026/main/screen/.
host@shuyong.example hosts every room (/live/).
"""

from datetime import datetime, timedelta

from django.utils import timezone

HOST_EMAIL = "host@shuyong.example"
SEED_2026 = "shuyong-2026-final"
APPEAL = "第二位评委的打分明显低于其他评委，请求核实是否计分有误。"
DECISION = "经评委组复核，各评委分数录入无误，按规则去掉最高分和最低分后计算，申诉驳回。"


def load_live(command, options):
    from contests.demo.contest import TEAM_PASSWORD

    def say(text):
        if command is not None:
            command.stdout.write(text)

    host = _host(TEAM_PASSWORD)
    replayed = _final_2025(host)
    if replayed:
        say(f"路演演示数据：2025 决赛 {replayed} 支团队的现场评分、确认与申诉记录（/live/final-2025/）。")
    seed = _final_2026(host)
    if seed:
        say(f"路演演示数据：2026 决赛已抽签，种子 {seed}（/live/final-2026/）。")
    return [("路演主持人 host", HOST_EMAIL, TEAM_PASSWORD)]


def _host(password):
    from cms.demo import ensure_user

    return ensure_user(HOST_EMAIL, password, real_name="路演主持人")


def _organiser():
    from django.contrib.auth import get_user_model

    from contests.demo.contest import ORGANISER

    User = get_user_model()
    return User.objects.filter(email=ORGANISER[0]).first() or User.objects.filter(is_superuser=True).first()


def _shanghai(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def _final_2025(host):
    from contests.models import Assignment, AssignmentState, JudgeProfile, LiveSession, Round

    final = Round.objects.filter(contest__year=2025, number=2).select_related("contest").first()
    if final is None or LiveSession.objects.filter(slug="final-2025").exists():
        return 0
    organiser = _organiser()
    assigned = {}
    for entry_id, judge_id in Assignment.objects.filter(round=final, state=AssignmentState.ACTIVE).values_list(
        "entry_id", "judge_id"
    ):
        assigned.setdefault(entry_id, set()).add(judge_id)
    if not assigned:
        return 0
    from contests.models import Entry, LiveSessionStatus
    from contests.services.live.setup import add_room, create_session

    started = _shanghai(2025, 7, 18, 9)
    session = create_session(
        final, name="2025 决赛现场路演", slug="final-2025", actor=organiser, is_public=True, starts_at=started
    )
    entries = Entry.objects.filter(pk__in=assigned).select_related("track").order_by("track__sort_order", "pk")
    by_track = {}
    for entry in entries:
        by_track.setdefault(entry.track, []).append(entry)
    count = 0
    for index, (track, track_entries) in enumerate(by_track.items()):
        panel = list(
            JudgeProfile.objects.filter(pk__in=set().union(*(assigned[e.pk] for e in track_entries))).order_by("pk")
        )
        room = add_room(
            session, name=f"第{'一二三四五六'[index]}会场 · {track.name}", slug=f"room-{index + 1}", actor=organiser,
            panel=panel, chair=panel[0], hosts=[host], sort_order=index,
        )  # fmt: skip
        count += _replay_room(room, track_entries, panel, started, appeal=index == 0)
    LiveSession.objects.filter(pk=session.pk).update(
        status=LiveSessionStatus.FINISHED, draw_seed="shuyong-2025-final", drawn_at=started - timedelta(days=1),
        drawn_by=organiser,
    )  # fmt: skip
    return count


def _replay_room(room, entries, panel, started, *, appeal):
    """Slots closed as they were on the day: the draw's order, every step's time, the figures of the
    final round's own scores (judges numbered by their place on the room's panel), a sign-off."""
    from contests.models import LiveAppeal, LiveAppealStatus, LiveSignOff, LiveSlot, SignOffMethod, SlotState
    from contests.services.live.draw import drawn_order
    from contests.services.live.figures import slot_figures

    order = drawn_order("shuyong-2025-final", room.slug, [e.pk for e in entries])
    by_pk = {e.pk: e for e in entries}
    for position, entry_id in enumerate(order, start=1):
        at = started + timedelta(minutes=20 * (position - 1))
        slot = LiveSlot.objects.create(
            room=room, entry=by_pk[entry_id], order=position, state=SlotState.SIGNED_OFF, started_at=at,
            questions_at=at + timedelta(minutes=8), scoring_at=at + timedelta(minutes=15),
            closed_at=at + timedelta(minutes=17), appeal_deadline=at + timedelta(minutes=37),
            video_url=f"https://video.shuyong.example/2025-final/{room.slug}/{position}",
        )  # fmt: skip
        slot.room = room
        figures = slot_figures(slot, panel)
        # Judges of the panel who did not score this team in the online final are left out.
        figures["judges"] = [row for row in figures["judges"] if row["status"] == "submitted"]
        figures["expected"] = figures["submitted"]
        LiveSlot.objects.filter(pk=slot.pk).update(figures=figures, final_score=figures["final"])
        if appeal and position == 2:
            # The one appeal of the day: filed in the window, rejected by the chair before the results.
            LiveAppeal.objects.create(
                slot=slot, reason=APPEAL, filed_by=by_pk[entry_id].team.created_by, opened_at=at + timedelta(minutes=19),
                deadline=slot.appeal_deadline, status=LiveAppealStatus.REJECTED, decision=DECISION,
                decided_by=room.chair.user, decided_at=at + timedelta(minutes=45),
            )  # fmt: skip
        LiveSignOff.objects.create(
            slot=slot,
            method=SignOffMethod.TEAM_CODE if position % 2 else SignOffMethod.HOST_DEVICE,
            confirmed_by=by_pk[entry_id].team.created_by,
            representative="" if position % 2 else "团队代表",
            confirmed_at=at + timedelta(minutes=50 if appeal and position == 2 else 19),
        )
    # The screen shows the room as it was left: the last team, its scores and its final score.
    type(room).objects.filter(pk=room.pk).update(current_slot=slot)
    return len(order)


def _final_2026(host):
    from contests.choices import EntryStatus
    from contests.models import Assignment, AssignmentState, JudgeProfile, LiveSession, Round
    from contests.services.live.draw import draw_order
    from contests.services.live.setup import add_entries, add_room, create_session

    final = Round.objects.filter(contest__year=2026, number=2).select_related("contest").first()
    if final is None or LiveSession.objects.filter(slug="final-2026").exists():
        return ""
    finalists = list(final.contest.entries.filter(status=EntryStatus.ADVANCED).order_by("pk"))
    if not finalists:
        return ""
    organiser = _organiser()
    # The panel: the judges of the online final of the first finalist, with judge1 (demo login) among them.
    judge_ids = Assignment.objects.filter(round=final, entry=finalists[0], state=AssignmentState.ACTIVE).values(
        "judge_id"
    )
    panel = list(JudgeProfile.objects.filter(pk__in=judge_ids, user__isnull=False).order_by("pk")[:7])
    if not panel:
        return ""
    started = timezone.localtime(final.opens_at).replace(hour=9, minute=0, second=0, microsecond=0)
    session = create_session(
        final, name="2026 决赛现场路演", slug="final-2026", actor=organiser, is_public=True, starts_at=started
    )
    room = add_room(session, name="主会场", slug="main", actor=organiser, panel=panel, chair=panel[0], hosts=[host])
    add_entries(room, finalists, actor=organiser)
    draw_order(session, actor=organiser, seed=SEED_2026)
    return SEED_2026
