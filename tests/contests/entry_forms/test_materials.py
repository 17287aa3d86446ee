"""Finalist materials (决赛补充材料): asked once the entry has reached the round, saved under the
optimistic lock until the round opens, refused after (server clock), shown on the entry page."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contests.choices import EntryStatus
from contests.models import Entry
from contests.models.entry_forms import FieldKind
from contests.services import ContestError
from contests.services.entry_materials import MaterialsClosed, pending_materials, save_round_answers
from tests.contests.entry_forms.helpers import question
from tests.contests.factories import RoundFactory
from tests.contests.factories.entries import EntryFactory, leader_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def finalist():
    entry = EntryFactory(status=EntryStatus.ADVANCED)
    # Opening in two days: the test travels no further than the session lasts.
    now = timezone.now()
    final = RoundFactory(
        contest=entry.contest, number=2, opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9)
    )
    question(entry.contest, "roadshow", FieldKind.FILE, label="路演PPT", round=final, required=True)
    question(entry.contest, "team_size", FieldKind.NUMBER, label="路演人数", round=final)
    return entry, final


def test_materials_are_asked_only_once_the_entry_reached_the_round(finalist):
    entry, final = finalist
    assert pending_materials(entry) == []
    Entry.objects.filter(pk=entry.pk).update(current_round=final)
    entry.refresh_from_db()
    (block,) = pending_materials(entry)
    assert (block.round, [f.key for f in block.fields], block.missing, block.is_open) == (
        final,
        ["roadshow", "team_size"],
        ["填写“路演PPT”"],
        True,
    )


def test_materials_save_until_the_round_opens_and_not_after(finalist):
    entry, final = finalist
    Entry.objects.filter(pk=entry.pk).update(current_round=final)
    entry.refresh_from_db()
    user = leader_of(entry.team)
    with time_machine.travel(final.opens_at - timedelta(seconds=1), tick=False):
        version, errors = save_round_answers(entry, user, final, {"extra__team_size": "3"}, base_version=1)
    assert (version, errors) == (2, {})
    entry.refresh_from_db()
    assert (entry.extra, entry.version, entry.status) == ({"team_size": "3"}, 2, EntryStatus.ADVANCED)
    with pytest.raises(ContestError):
        save_round_answers(entry, user, final, {"extra__team_size": "4"}, base_version=1)  # stale
    with time_machine.travel(final.opens_at, tick=False), pytest.raises(MaterialsClosed):
        save_round_answers(entry, user, final, {"extra__team_size": "4"}, base_version=2)
    entry.refresh_from_db()
    assert entry.extra == {"team_size": "3"}


def test_materials_page_shows_the_deadline_and_refuses_bad_numbers(client, finalist):
    entry, final = finalist
    Entry.objects.filter(pk=entry.pk).update(current_round=final)
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_materials", kwargs={"uuid": entry.uuid, "round_id": final.pk})
    with time_machine.travel(final.opens_at - timedelta(days=1), tick=False):
        page = client.get(url).content.decode()
        assert "决赛补充材料" in page and "路演PPT" in page
        response = client.post(url, {"version": 1, "extra__team_size": "三个人"})
    assert "请输入数字。" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).extra == {}


def test_a_finalist_question_shown_by_an_answer_given_at_submission_is_kept(finalist):
    entry, final = finalist
    question(entry.contest, "usage", FieldKind.CHOICE, label="数据使用方式", choices="接口\n沙箱")
    question(entry.contest, "audit", label="沙箱审计说明", round=final, condition_key="usage", condition_value="沙箱")
    Entry.objects.filter(pk=entry.pk).update(current_round=final, extra={"usage": "沙箱"})
    entry.refresh_from_db()
    version, errors = save_round_answers(
        entry, leader_of(entry.team), final, {"extra__audit": "审计报告见附件"}, base_version=1
    )
    assert (version, errors) == (2, {})
    entry.refresh_from_db()
    assert entry.extra == {"usage": "沙箱", "audit": "审计报告见附件"}


def test_the_entry_page_shows_the_materials_handed_in_even_after_the_deadline(client, finalist):
    entry, final = finalist
    Entry.objects.filter(pk=entry.pk).update(current_round=final, extra={"team_size": "3"})
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    with time_machine.travel(final.opens_at + timedelta(minutes=1), tick=False):
        page = client.get(url).content.decode()
    assert "路演人数" in page and ">3<" in page.replace("\n", "")
    assert "已截止。" in page
