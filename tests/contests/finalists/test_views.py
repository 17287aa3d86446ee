"""Finalist confirmation pages: the team's panel, dashboard and answer pages (others 404), the
organiser's decision and replacement pages, and requiring confirmation on the advancement page."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from contests.choices import EntryStatus
from contests.models import AdvancementDecision, Entry
from contests.models.finalists import FinalistConfirmation, FinalistStatus
from contests.services.outcomes import finalists
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import eligible_entry
from tests.contests.finalists.helpers import DEADLINE, DECIDED, build, confirmation_of, leader, ranked

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(DECIDED + timedelta(hours=1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(clock):
    return build()


def test_entry_page_and_dashboard_ask_the_team_to_confirm(client, w):
    client.force_login(leader(w.h[0]))
    confirmation = confirmation_of(w, w.h[0])
    html = client.get(reverse("contests:entry_detail", kwargs={"uuid": w.h[0].uuid})).content.decode()
    assert "请在 2026-07-01 18:00（北京时间）前确认参加决赛" in html
    assert reverse("contests:finalist_confirm", kwargs={"pk": confirmation.pk}) in html
    assert reverse("contests:finalist_decline", kwargs={"pk": confirmation.pk}) in html
    dashboard = client.get(reverse("contests:dashboard")).content.decode()
    assert "待确认的晋级" in dashboard and "“医疗作品1”请在 2026-07-01 18:00" in dashboard


def test_adviser_sees_the_request_without_the_buttons_and_cannot_answer(client, w):
    client.force_login(w.adviser)
    confirmation = confirmation_of(w, w.h[0])
    html = client.get(reverse("contests:entry_detail", kwargs={"uuid": w.h[0].uuid})).content.decode()
    assert "由队长或队员答复。" in html
    assert reverse("contests:finalist_confirm", kwargs={"pk": confirmation.pk}) not in html
    assert client.get(reverse("contests:finalist_confirm", kwargs={"pk": confirmation.pk})).status_code == 404
    assert "待确认的晋级" not in client.get(reverse("contests:dashboard")).content.decode()


@pytest.mark.parametrize("name", ["contests:finalist_confirm", "contests:finalist_decline"])
def test_other_teams_and_organisers_get_404(client, w, name):
    url = reverse(name, kwargs={"pk": confirmation_of(w, w.h[0]).pk})
    for user in (leader(w.h[1]), w.boss, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirmed": "on", "reason": "越权"}).status_code == 404
    assert confirmation_of(w, w.h[0]).status == FinalistStatus.PENDING


def test_confirm_page_says_what_happens_then_confirms(client, w):
    client.force_login(w.member)
    url = reverse("contests:finalist_confirm", kwargs={"pk": confirmation_of(w, w.h[0]).pk})
    html = client.get(url).content.decode()
    assert "你们的作品晋级决赛，请在 2026-07-01 18:00（北京时间）前答复。" in html
    assert "请勾选确认后再提交。" in client.post(url, {}).content.decode()
    response = client.post(url, {"confirmed": "on"})
    assert response["Location"] == reverse("contests:entry_detail", kwargs={"uuid": w.h[0].uuid})
    confirmation = confirmation_of(w, w.h[0])
    assert (confirmation.status, confirmation.responded_by) == (FinalistStatus.CONFIRMED, w.member)
    # Answered: the page no longer offers anything.
    assert client.get(url)["Location"] == response["Location"]


def test_decline_page_warns_it_is_final_and_needs_a_reason(client, w):
    client.force_login(leader(w.h[1]))
    url = reverse("contests:finalist_decline", kwargs={"pk": confirmation_of(w, w.h[1]).pk})
    html = client.get(url).content.decode()
    assert "放弃晋级是最终决定，提交后不能撤销" in html and "候补作品递补" in html
    html = client.post(url, {"confirmed": "on", "reason": ""}).content.decode()
    assert "请填写放弃晋级的原因。" in html
    assert confirmation_of(w, w.h[1]).status == FinalistStatus.PENDING
    client.post(url, {"confirmed": "on", "reason": "团队解散"})
    assert confirmation_of(w, w.h[1]).status == FinalistStatus.DECLINED
    assert Entry.objects.get(pk=w.h[1].pk).status == EntryStatus.ELIGIBLE


def test_after_the_deadline_the_page_shows_lapsed_and_posting_changes_nothing(client, w, clock):
    client.force_login(leader(w.h[0]))
    url = reverse("contests:finalist_confirm", kwargs={"pk": confirmation_of(w, w.h[0]).pk})
    clock.move_to(DEADLINE + timedelta(minutes=1))
    response = client.post(url, {"confirmed": "on"})
    assert response.status_code == 302
    assert confirmation_of(w, w.h[0]).status == FinalistStatus.LAPSED
    html = client.get(reverse("contests:entry_detail", kwargs={"uuid": w.h[0].uuid})).content.decode()
    assert "逾期未确认" in html and "前确认参加决赛" not in html


# Organiser --------------------------------------------------------------------------------------


def test_organiser_decision_page_lists_finalists_and_offers_replacement(client, w):
    declined = finalists.respond(confirmation_of(w, w.h[1]), user=leader(w.h[1]), accept=False, reason="团队解散")
    client.force_login(w.boss)
    url = reverse("outcomes_finalists:decision", args=[w.decision.pk])
    html = client.get(url).content.decode()
    for text in ("医疗作品1", "医疗作品2", "团队解散", "放弃晋级", "待确认"):
        assert text in html
    replace_url = reverse("outcomes_finalists:replace", args=[declined.pk])
    assert html.count('class="button button-small"') == 1 and replace_url in html
    # Reached from the advancement decision and the index.
    assert url in client.get(reverse("outcomes_advancement:decision", args=[w.first.pk])).content.decode()
    assert url in client.get(reverse("outcomes_finalists:index")).content.decode()
    assert url in client.get(reverse("outcomes_advancement:index")).content.decode()


def test_organiser_replaces_after_a_page_that_says_what_happens(client, w):
    declined = finalists.respond(confirmation_of(w, w.h[1]), user=leader(w.h[1]), accept=False, reason="团队解散")
    client.force_login(w.boss)
    url = reverse("outcomes_finalists:replace", args=[declined.pk])
    html = client.get(url).content.decode()
    assert "医疗作品3" in html and "确定后：该作品与确定晋级时一样进入" in html
    data = {"entry": w.h[2].pk, "deadline": "2026-07-03T18:00"}
    assert "请勾选确认后再提交。" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "confirmed": "on"})
    assert response["Location"] == reverse("outcomes_finalists:decision", args=[w.decision.pk])
    new = FinalistConfirmation.objects.get(replaces=declined)
    assert (new.entry, new.deadline.isoformat()) == (w.h[2], "2026-07-03T10:00:00+00:00")
    # The second click (same form, sent again) fills nothing.
    html = client.post(url, {**data, "confirmed": "on"}).content.decode()
    assert "该名额已经递补。" in html
    assert FinalistConfirmation.objects.filter(decision=w.decision).count() == 5


def test_replacement_page_says_when_the_waitlist_is_empty(client, w):
    first = finalists.respond(confirmation_of(w, w.c[0]), user=leader(w.c[0]), accept=False, reason="不参加")
    finalists.replace(first, deadline=DEADLINE, actor=w.boss)
    second = finalists.respond(confirmation_of(w, w.c[1]), user=leader(w.c[1]), accept=False, reason="不参加")
    client.force_login(w.boss)
    html = client.get(reverse("outcomes_finalists:replace", args=[second.pk])).content.decode()
    assert "候补名单已空" in html and 'name="confirmed"' not in html


def test_non_organisers_are_refused(client, w):
    client.force_login(leader(w.h[0]))
    for url in (
        reverse("outcomes_finalists:index"),
        reverse("outcomes_finalists:decision", args=[w.decision.pk]),
        reverse("outcomes_finalists:replace", args=[confirmation_of(w, w.h[0]).pk]),
    ):
        assert client.get(url).status_code in (302, 403)


def test_advancement_page_requires_confirmation_with_a_future_deadline(client, clock):
    contest = ContestFactory()
    first = RoundFactory(contest=contest, number=1)
    final = RoundFactory(contest=contest, number=2)
    track = TrackFactory(contest=contest)
    entries = [eligible_entry(contest, track, title=f"作品{i}") for i in range(3)]
    ranked(first, entries, track)
    from tests.contests.factories.judging import organiser

    client.force_login(organiser())
    url = reverse("outcomes_advancement:round", args=[first.pk])
    assert 'name="confirmation_deadline"' in client.get(url).content.decode()
    data = {"method": "top_n", "parameter": "2", "include_ties_at_cut": "on", "next_round": final.pk,
            "confirmed": "on", "require_confirmation": "on"}  # fmt: skip
    assert "要求确认参赛时请填写确认截止时间。" in client.post(url, data).content.decode()
    html = client.post(url, {**data, "confirmation_deadline": "2026-06-01T18:00"}).content.decode()
    assert "确认截止时间必须晚于当前时间。" in html
    assert not AdvancementDecision.objects.exists()
    client.post(url, {**data, "confirmation_deadline": "2026-07-01T18:00"})
    decision = AdvancementDecision.objects.get()
    assert sorted(c.entry.title for c in decision.finalists.all()) == ["作品0", "作品1"]
