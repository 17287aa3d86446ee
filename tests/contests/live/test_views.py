"""The live final's pages: who reaches what (404 outside one's scope), the judge's JSON submission,
the blind judge page, the screen's state with its ETag, and the confirmation steps."""

import json

import pytest
from django.urls import reverse

from contests.models import LiveAppeal, LiveSignOff, Score, SlotState
from contests.services.live.stage import close_scoring, start_pitch
from tests.contests.factories import UserFactory
from tests.contests.factories.judging import JudgeFactory
from tests.contests.factories.live import live_world, values
from tests.contests.live.helpers import leaders, score, to_scoring

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(
        f"contests:live:{name}", kwargs={"session_slug": world.session.slug, "room_slug": world.room.slug, **kwargs}
    )


def post_json(client, world, body):
    return client.post(url("judge_submit", world), data=json.dumps(body), content_type="application/json")


def test_a_judge_not_on_the_panel_gets_404_and_scores_nothing(client):
    world = live_world()
    slot = to_scoring(world)
    outsider = JudgeFactory(contest=world.contest)
    client.force_login(outsider.user)
    assert client.get(url("judge", world)).status_code == 404
    body = {"slot": slot.pk, "key": "outsider-key-1", "values": values(world.criteria, 0.5)}
    assert post_json(client, world, body).status_code == 404
    assert not Score.objects.filter(assignment__entry=slot.entry).exists()


def test_the_judge_page_is_blind_and_shows_the_rubric(client):
    world = live_world()
    slot = to_scoring(world)
    client.force_login(world.panel[1].user)
    html = client.get(url("judge", world)).content.decode()
    team = slot.entry.team
    assert slot.entry.title in html and "创新性" in html
    assert (team.name in html, team.organisation in html, world.leaders[0].real_name in html) == (False, False, False)


def test_a_retried_json_submission_is_one_score_and_a_changed_one_is_refused(client):
    world = live_world()
    slot = to_scoring(world)
    judge = world.panel[0]
    client.force_login(judge.user)
    body = {"slot": slot.pk, "key": "tablet-abcdef12", "values": values(world.criteria, 0.8)}
    first, again = post_json(client, world, body), post_json(client, world, body)
    assert (first.status_code, first.json()["replayed"], again.status_code, again.json()["replayed"]) == (
        200,
        False,
        200,
        True,
    )
    changed = post_json(client, world, {**body, "key": "tablet-abcdef13", "values": values(world.criteria, 0.4)})
    assert (changed.status_code, changed.json()["error"]) == (409, "评分已提交，不能再修改。")
    assert Score.objects.filter(assignment__entry=slot.entry, assignment__judge=judge, status="submitted").count() == 1
    html = client.get(url("judge", world)).content.decode()
    assert "已提交" in html


def test_a_score_before_scoring_opens_is_refused_with_the_reason(client):
    world = live_world()
    slot = start_pitch(world.room, actor=world.host)
    client.force_login(world.panel[0].user)
    response = post_json(client, world, {"slot": slot.pk, "key": "early-key-001", "values": values(world.criteria, 1)})
    assert (response.status_code, response.json()["code"]) == (409, "not_open")


@pytest.mark.parametrize("public", [True, False])
def test_the_screen_and_its_state_are_public_only_when_the_session_is(client, public):
    world = live_world(public=public)
    expected = 200 if public else 404
    assert (client.get(url("screen", world)).status_code, client.get(url("state", world)).status_code) == (
        expected,
        expected,
    )
    client.force_login(world.host)
    assert client.get(url("screen", world)).status_code == 200


def test_the_state_answers_304_until_the_room_changes(client):
    world = live_world()
    first = client.get(url("state", world))
    etag = first["ETag"]
    assert client.get(url("state", world), HTTP_IF_NONE_MATCH=etag).status_code == 304
    slot = to_scoring(world)
    score(world, slot, world.panel[0], 0.9)
    changed = client.get(url("state", world), HTTP_IF_NONE_MATCH=etag)
    state = changed.json()
    assert (changed.status_code, changed["ETag"] != etag, state["slot"]["title"]) == (200, True, slot.entry.title)
    assert [row["total"] for row in state["slot"]["judges"]] == ["90.00", None, None]
    assert state["slot"]["final"] is None  # shown only once scoring closes


def test_the_screen_names_judges_by_number_only(client):
    world = live_world()
    slot = to_scoring(world)
    score(world, slot, world.panel[0], 0.9)
    html = client.get(url("screen", world)).content.decode()
    assert ("评委1" in html, "90.00" in html, world.panel[0].name in html, slot.entry.team.name in html) == (
        True,
        True,
        False,
        False,
    )
    assert '<meta http-equiv="refresh"' in html  # works without JavaScript


def test_the_console_is_a_404_for_anyone_but_its_hosts_and_organisers(client):
    world = live_world()
    for user, expected in [(UserFactory(), 404), (world.panel[0].user, 404), (world.host, 200), (world.boss, 200)]:
        client.force_login(user)
        assert client.get(url("console", world)).status_code == expected


def test_closing_asks_for_confirmation_first(client):
    world = live_world()
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.6)
    client.force_login(world.host)
    page = client.get(url("close", world)).content.decode()
    assert "此操作不能撤销" in page
    client.post(url("close", world), {})
    slot.refresh_from_db()
    assert slot.state == SlotState.SCORING
    client.post(url("close", world), {"confirm": "on"})
    slot.refresh_from_db()
    assert (slot.state, str(slot.final_score)) == (SlotState.CLOSED, "60.00")


def test_another_teams_leader_cannot_sign_off_or_appeal(client):
    world = live_world()
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.6)
    close_scoring(world.room, actor=world.host)
    slot.refresh_from_db()
    leader, other = leaders(world, slot)
    client.force_login(other)
    signoff = url("team_signoff", world, slot_id=slot.pk)
    appeal = url("appeal", world, slot_id=slot.pk)
    assert client.post(signoff, {"code": slot.signoff_code, "confirm": "on"}).status_code == 404
    assert client.post(appeal, {"reason": "越权申诉"}).status_code == 404
    assert (LiveSignOff.objects.count(), LiveAppeal.objects.count()) == (0, 0)
    client.force_login(leader)
    client.post(signoff, {"code": slot.signoff_code, "confirm": "on"})
    assert LiveSignOff.objects.get().slot == slot


def test_a_title_naming_the_team_is_scrubbed_on_the_judge_page(client):
    world = live_world(entries=1)
    entry = world.entries[0]
    type(entry).objects.filter(pk=entry.pk).update(title=f"{entry.team.name}的养老平台")
    to_scoring(world)
    client.force_login(world.panel[0].user)
    html = client.get(url("judge", world)).content.decode()
    assert (entry.team.name in html, "〔已隐去〕的养老平台" in html) == (False, True)


def test_without_javascript_the_form_posts_the_same_score(client):
    world = live_world()
    slot = to_scoring(world)
    judge = world.panel[2]
    client.force_login(judge.user)
    form = {f"criterion_{pk}": value for pk, value in values(world.criteria, 0.5).items()}
    response = client.post(url("judge_submit", world), {"slot": slot.pk, "key": "no-script-key-1", **form}, follow=True)
    assert "已提交" in response.content.decode()
    score = Score.objects.get(assignment__judge=judge, assignment__entry=slot.entry)
    given = sorted(float(item.value) for item in score.items.all())
    assert (score.status, given) == ("submitted", [5.0, 10.0, 10.0, 12.5, 12.5])


def test_the_leader_of_the_team_on_stage_finds_the_sign_off_on_the_session_page(client):
    world = live_world()
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.6)
    close_scoring(world.room, actor=world.host)
    leader, other = leaders(world, slot)
    link = url("team_signoff", world, slot_id=slot.pk)
    record = reverse("contests:live:session", kwargs={"session_slug": world.session.slug})
    client.force_login(other)
    assert link not in client.get(record).content.decode()
    client.force_login(leader)
    assert link in client.get(record).content.decode()
