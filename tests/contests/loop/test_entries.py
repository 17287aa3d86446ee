"""An entry answers a 赛题 of its track: the portal form offers them, the services refuse a 赛题 of
another track or contest (nothing saved), the draft versions and the submission snapshot carry it,
and submitting moves the need behind it to 已揭榜."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.choices import AccessLevel
from contests.models import Entry, EntryDraftVersion
from contests.services import ContestError
from contests.services.entries import content_of, create_entry, save_draft
from contests.services.needs_loop import need_answered, need_challenge_set
from contests.services.submission import submit_entry
from scenes.choices import NeedStatus
from scenes.models import NeedPage
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory, leader_of, ready_entry
from tests.contests.loop import helpers

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(entry, **changes):
    data = {**content_of(entry), "version": entry.version, **changes}
    data["video_url"] = data["video_url"] or ""
    return data


def test_the_edit_form_offers_the_contests_challenges_grouped_by_track():
    entry = EntryFactory()
    item = helpers.challenge(entry.track, unit_=helpers.unit("省民政厅"), title="助餐服务精准覆盖")
    other_track = TrackFactory(contest=entry.contest, name="普惠金融")
    helpers.challenge(other_track, title="小微企业信用画像")
    helpers.challenge(TrackFactory(contest=ContestFactory()), title="别的大赛的赛题")
    response = client_for(leader_of(entry.team)).get(reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}))
    text = response.text
    assert f'<optgroup label="{entry.track.name}">' in text and '<optgroup label="普惠金融">' in text
    assert f'<option value="{item.pk}">助餐服务精准覆盖（省民政厅）</option>' in text
    assert "小微企业信用画像" in text and "别的大赛的赛题" not in text
    assert text.index(entry.track.name + '">') < text.index('"普惠金融">')  # the entry's own track first


def test_saving_with_a_challenge_of_the_track_records_it_in_the_draft_version():
    entry = EntryFactory()
    item = helpers.challenge(entry.track)
    response = client_for(leader_of(entry.team)).post(
        reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), form_data(entry, challenge=item.pk)
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.challenge, entry.version) == (item, 2)
    assert EntryDraftVersion.objects.get(entry=entry, version=2).data["challenge"] == item.pk


@pytest.mark.parametrize("where", ["other_track", "other_contest"])
def test_a_challenge_of_another_track_or_contest_posted_by_hand_is_refused(where):
    entry = EntryFactory()
    helpers.challenge(entry.track)
    track = TrackFactory(contest=entry.contest) if where == "other_track" else TrackFactory()
    foreign = helpers.challenge(track)
    response = client_for(leader_of(entry.team)).post(
        reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), form_data(entry, challenge=foreign.pk, title="改")
    )
    assert response.status_code == 200
    message = "所选赛题不属于所选赛道，请选择本赛道的赛题。" if where == "other_track" else "所选赛题不属于本届大赛。"
    assert message in response.text
    entry.refresh_from_db()
    assert (entry.challenge, entry.version, entry.title) == (None, 1, entry.title)
    assert entry.title != "改"


def test_a_track_with_challenges_requires_one():
    entry = EntryFactory()
    helpers.challenge(entry.track)
    response = client_for(leader_of(entry.team)).post(
        reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), form_data(entry, title="改了标题")
    )
    assert response.status_code == 200
    assert f"赛道“{entry.track.name}”设有赛题，请选择作品所回答的赛题。" in response.text
    assert Entry.objects.get(pk=entry.pk).version == 1


def test_the_services_refuse_a_foreign_challenge_too():
    team = TeamFactory()
    track = TrackFactory(contest=team.contest)
    helpers.challenge(track)
    foreign = helpers.challenge(TrackFactory(contest=team.contest))
    fields = ("title", "abstract", "problem", "approach", "expected_benefits", "video_url")
    content = {"track": track.pk, **dict.fromkeys(fields, ""), "data_resources": [], "challenge": foreign.pk}
    with pytest.raises(ContestError) as info:
        create_entry(team, leader_of(team), content)
    assert info.value.code == "challenge"
    entry = EntryFactory(team=team, track=track)
    with pytest.raises(ContestError) as info:
        save_draft(entry, leader_of(team), {**content_of(entry), "challenge": ""}, base_version=entry.version)
    assert info.value.code == "challenge_required"
    assert Entry.objects.get(pk=entry.pk).version == 1


def test_a_track_without_challenges_saves_without_one():
    entry = EntryFactory()
    version = save_draft(entry, leader_of(entry.team), {**content_of(entry), "title": "新标题"}, base_version=1)
    assert version == 2 and Entry.objects.get(pk=entry.pk).challenge is None


def test_a_conflict_names_the_challenges():
    entry = EntryFactory()
    first, second = helpers.challenge(entry.track, title="赛题一"), helpers.challenge(entry.track, title="赛题二")
    Entry.objects.filter(pk=entry.pk).update(challenge=first)
    EntryDraftVersion.objects.filter(entry=entry).update(data={**content_of(entry), "challenge": first.pk})
    entry.refresh_from_db()
    client = client_for(leader_of(entry.team))
    url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    assert client.post(url, form_data(entry, challenge=second.pk)).status_code == 302
    response = client.post(url, form_data(entry, challenge=first.pk, title="我的标题"))  # from version 1
    assert "赛题二" in response.text and "保存失败" in response.text


def test_submission_snapshot_and_receipt_carry_the_challenge_and_the_need_is_answered(demo_site):
    need = helpers.need(demo_site, status=NeedStatus.CHALLENGE_SET)
    entry = ready_entry()
    item = helpers.challenge(entry.track, unit_=helpers.unit("省民政厅"), need_=need, title="助餐服务精准覆盖")
    Entry.objects.filter(pk=entry.pk).update(challenge=item)
    revision, created = submit_entry(entry, leader_of(entry.team))
    assert created
    assert revision.snapshot["challenge"] == {"id": item.pk, "title": "助餐服务精准覆盖", "unit": "省民政厅"}
    assert NeedPage.objects.get(pk=need.pk).status == NeedStatus.ANSWERED
    receipt = client_for(leader_of(entry.team)).get(
        reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
    )
    assert "助餐服务精准覆盖（省民政厅）" in receipt.text
    from contests.services.receipts import receipt_pdf

    assert receipt_pdf(revision).startswith(b"%PDF")


def test_submitting_without_a_challenge_leaves_needs_alone(demo_site):
    need = helpers.need(demo_site, status=NeedStatus.CHALLENGE_SET)
    entry = ready_entry()
    submit_entry(entry, leader_of(entry.team))
    assert NeedPage.objects.get(pk=need.pk).status == NeedStatus.CHALLENGE_SET


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (NeedStatus.COLLECTING, NeedStatus.ANSWERED),
        (NeedStatus.CHALLENGE_SET, NeedStatus.ANSWERED),
        (NeedStatus.ANSWERED, NeedStatus.ANSWERED),
        (NeedStatus.ADOPTED, NeedStatus.ADOPTED),
    ],
)
def test_need_answered_only_moves_forward(demo_site, before, after):
    need = helpers.need(demo_site, status=before)
    entry = EntryFactory()
    Entry.objects.filter(pk=entry.pk).update(challenge=helpers.challenge(entry.track, need_=need))
    entry.refresh_from_db()
    need_answered(entry)
    assert NeedPage.objects.get(pk=need.pk).status == after


def test_moving_a_need_retires_stored_pages(demo_site):
    from cms.site_cache import PAGES_VERSION

    need = helpers.need(demo_site)
    entry = EntryFactory()
    Entry.objects.filter(pk=entry.pk).update(challenge=helpers.challenge(entry.track, need_=need))
    entry.refresh_from_db()
    before = PAGES_VERSION.current()
    need_answered(entry)
    assert PAGES_VERSION.current() != before
    before = PAGES_VERSION.current()
    need_answered(entry)  # already 已揭榜: nothing moves, nothing is retired
    assert PAGES_VERSION.current() == before


def test_need_challenge_set_moves_a_collecting_need_only(demo_site):
    collecting = helpers.need(demo_site)
    answered = helpers.need(demo_site, status=NeedStatus.ANSWERED)
    track = TrackFactory()
    assert need_challenge_set(helpers.challenge(track, need_=collecting)) is True
    assert need_challenge_set(helpers.challenge(track, need_=answered)) is False
    statuses = dict(NeedPage.objects.values_list("pk", "status"))
    assert (statuses[collecting.pk], statuses[answered.pk]) == (NeedStatus.CHALLENGE_SET, NeedStatus.ANSWERED)


def test_judges_see_the_challenge_on_the_blind_scoring_page(client):
    from tests.contests.factories.judging import assign, judging_setup

    _contest, round_, _tracks, judges, (entry,) = judging_setup(judges=1, entries=1)
    item = helpers.challenge(entry.track, unit_=helpers.unit("省民政厅"), title="助餐服务精准覆盖")
    Entry.objects.filter(pk=entry.pk).update(challenge=item)
    assignment = assign(round_, entry, judges[0])
    client.force_login(judges[0].user)
    response = client.get(reverse("contests:judging:assignment", kwargs={"code": assignment.code}))
    assert "赛题：助餐服务精准覆盖（省民政厅）" in response.text
    assert entry.team.name not in response.text


def test_blind_review_shows_no_more_than_the_challenge(demo_site):
    """The 赛题 is not team identity: the snapshot carries it, the team name stays where it was."""
    entry = ready_entry()
    item = helpers.challenge(entry.track, offers=(AccessLevel.OPEN,))
    Entry.objects.filter(pk=entry.pk).update(challenge=item)
    revision, _ = submit_entry(entry, leader_of(entry.team))
    assert entry.team.name not in str(revision.snapshot["challenge"])
