"""The organiser's due-diligence pages: requiring it from the round's awards page, reviewing a case
through a confirmation page that states the consequence, and confirming the successor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.models import Award, DueDiligenceCase, DueDiligenceRequest, DueDiligenceStatus
from tests.contests.factories.due_diligence import dd_world, hand_in
from tests.contests.factories.entries import leader_of

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_organiser_requires_due_diligence_from_the_round_page(client, signed_in_boss):
    world = dd_world(signed_in_boss, request=False)
    round_page = client.get(reverse("awards:round", args=[world.round.pk])).content.decode()
    assert reverse("awards:due_diligence", args=[world.round.pk]) in round_page
    url = reverse("awards:due_diligence_request", args=[world.round.pk])
    form = client.get(url).content.decode()
    assert "全部尽职调查审核完毕前，不能确定本轮最终结果" in form and world.entries[0].title in form
    data = {"documents": ["licences", "originality"], "instructions": "请按时提交。"}
    data["deadline"] = local(timezone.now() + timedelta(days=3))
    unconfirmed = client.post(url, data)
    assert "请勾选确认后再提交。" in unconfirmed.content.decode()
    assert not DueDiligenceRequest.objects.exists()
    past = client.post(url, {**data, "deadline": local(timezone.now() - timedelta(hours=1)), "confirm": "on"})
    assert "提交截止时间必须晚于现在。" in past.content.decode()
    done = client.post(url, {**data, "confirm": "on"})
    assert done.status_code == 302
    assert DueDiligenceCase.objects.count() == 2
    overview = client.get(reverse("awards:due_diligence", args=[world.round.pk])).content.decode()
    assert overview.count("待提交材料") == 2


def test_fail_goes_through_the_confirmation_page_then_the_successor_page(client, signed_in_boss):
    world = dd_world(signed_in_boss)
    case = hand_in(world.case, world.leader)
    review_url = reverse("awards:due_diligence_review", args=[case.pk])
    # First post: the page that states what will happen; nothing changes yet.
    step = client.post(review_url, {"decision": "failed", "reason": "许可证明缺失", "version": case.version})
    html = step.content.decode()
    assert "撤销《" in html and world.entries[2].title in html and "确认不通过并撤销奖项" in html
    case.refresh_from_db()
    assert case.status == DueDiligenceStatus.SUBMITTED
    # A fail without a reason goes back to the case page with the message.
    empty = client.post(review_url, {"decision": "failed", "reason": "", "version": case.version}, follow=True)
    assert "审核不通过时必须填写理由。" in empty.content.decode()
    confirmed = client.post(
        review_url,
        {"step": "confirm", "decision": "failed", "reason": "许可证明缺失", "version": case.version, "confirm": "on"},
    )
    assert confirmed.status_code == 302 and confirmed["Location"].endswith(f"/due-diligence/{case.pk}/successor/")
    case.refresh_from_db()
    assert case.status == DueDiligenceStatus.FAILED and case.award.revoked_at is not None
    successor_url = reverse("awards:due_diligence_successor", args=[case.pk])
    page = client.get(successor_url).content.decode()
    assert world.entries[2].title in page and world.entries[2].team.name in page
    client.post(successor_url, {"entry": world.entries[2].pk, "version": case.version, "confirm": "on"})
    case.refresh_from_db()
    assert (case.successor_award.entry, case.successor_award.category) == (world.entries[2], world.first)
    assert DueDiligenceCase.objects.filter(award=case.successor_award, status="requested").exists()


def test_a_stale_review_is_refused_on_the_confirmation_page(client, signed_in_boss):
    world = dd_world(signed_in_boss)
    case = hand_in(world.case, world.leader)
    response = client.post(
        reverse("awards:due_diligence_review", args=[case.pk]),
        {"step": "confirm", "decision": "passed", "reason": "", "version": case.version - 1, "confirm": "on"},
    )
    assert "该尽职调查已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert case.status == DueDiligenceStatus.SUBMITTED


def test_no_successor_is_said_plainly(client, signed_in_boss):
    world = dd_world(signed_in_boss, entries=2)
    case = hand_in(world.case, world.leader)
    from contests.services.outcomes.due_diligence import review_case

    review_case(case, actor=signed_in_boss, passed=False, reason="原创性存疑", version=case.version)
    page = client.get(reverse("awards:due_diligence_successor", args=[case.pk])).content.decode()
    assert "没有符合条件的递补作品" in page and 'name="confirm"' not in page
    assert Award.objects.filter(revoked_at__isnull=True).count() == 1


def test_due_diligence_pages_are_for_organisers_only(client, boss):
    world = dd_world(boss)
    client.force_login(leader_of(world.entries[0].team))
    for url in (
        reverse("awards:due_diligence", args=[world.round.pk]),
        reverse("awards:due_diligence_request", args=[world.round.pk]),
        reverse("awards:due_diligence_case", args=[world.case.pk]),
        reverse("awards:due_diligence_successor", args=[world.case.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
