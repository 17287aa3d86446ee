"""The live-final demo: the 2025 final replayable (every slot closed and signed off, one appeal
decided, the screen's final scores equal to the published results) and the 2026 final drawn with
the printed seed — and nothing more on a second run."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.demo import ensure_child
from contests.choices import EntryStatus
from contests.demo.contest import load_contest
from contests.demo.judging import load_judging
from contests.demo.live import HOST_EMAIL, SEED_2026, load_live
from contests.demo.outcomes import load_outcomes
from contests.models import Contest, LiveAppeal, LiveSession, LiveSlot, RoundResult
from contests.services.live.draw import drawn_order
from scenes.models import SolutionIndexPage
from tests.contests.factories.judging import JudgeFactory, assign, eligible_entry

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def live_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    contest = Contest.objects.get(year=2026)
    track = contest.tracks.order_by("sort_order", "pk").first()
    final = contest.rounds.get(number=2)
    finalists = [eligible_entry(contest, track, status=EntryStatus.ADVANCED) for _n in range(3)]
    for _n in range(3):
        assign(final, finalists[0], JudgeFactory(contest=contest))
    load_judging(None, {"judges": 8, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    return finalists


def test_demo_live_sessions_load_once(live_demo, client):
    logins = load_live(None, {})
    assert logins == [("路演主持人 host", HOST_EMAIL, "shuyong-team")]
    assert get_user_model().objects.get(email=HOST_EMAIL).check_password("shuyong-team")
    counts = (LiveSession.objects.count(), LiveSlot.objects.count(), LiveAppeal.objects.count())
    load_live(None, {})
    assert (LiveSession.objects.count(), LiveSlot.objects.count(), LiveAppeal.objects.count()) == counts

    past = LiveSession.objects.get(slug="final-2025")
    slots = list(LiveSlot.objects.filter(room__session=past))
    assert {slot.state for slot in slots} == {"signed_off"}
    assert [a.status for a in LiveAppeal.objects.all()] == ["rejected"]
    published = dict(RoundResult.objects.filter(round=past.round).values_list("entry_id", "trimmed_mean"))
    assert all(round(float(published[s.entry_id]), 2) == float(s.final_score) for s in slots)

    upcoming = LiveSession.objects.get(slug="final-2026")
    room = upcoming.rooms.get()
    order = list(room.slots.order_by("order").values_list("entry_id", flat=True))
    assert (upcoming.draw_seed, order) == (SEED_2026, drawn_order(SEED_2026, room.slug, [e.pk for e in live_demo]))
    page = client.get(reverse("contests:live:session", kwargs={"session_slug": "final-2026"})).content.decode()
    assert SEED_2026 in page
    screen = client.get(reverse("contests:live:screen", kwargs={"session_slug": "final-2025", "room_slug": "room-1"}))
    last = LiveSlot.objects.filter(room__session=past, room__slug="room-1").order_by("-order").first()
    assert (screen.status_code, str(last.final_score) in screen.content.decode()) == (200, True)
