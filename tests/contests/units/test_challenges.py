"""赛题 from a need: creation moves the need to 已出题, bad input changes nothing, two members
editing at once do not overwrite each other silently, results are accepted once, after they are final."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.models import AuditEvent, Challenge
from scenes.choices import NeedStatus
from scenes.models import NeedPage
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.units.conftest import finalise_results, make_member, make_need

pytestmark = pytest.mark.django_db


def form_data(need, track, unit, **overrides):
    return {
        "unit": unit.pk,
        "need": need.pk,
        "track": track.pk,
        "title": "独居老人就医陪护",
        "slug": "",
        "description": "用数据找到需要陪护的独居老人。",
        "expected_outcome": "可上线的服务原型",
        "contact_name": "王老师",
        "contact_phone": "0531-88886666",
        "contact_email": "wang@example.org",
    } | overrides


def test_a_member_makes_a_challenge_from_a_need(client, member, unit, need, track):
    client.force_login(member)
    page = client.get(reverse("contests:units:challenge_new") + f"?need={need.pk}").content.decode()
    assert f'<option value="{need.pk}" selected>' in page

    response = client.post(reverse("contests:units:challenge_new"), form_data(need, track, unit))

    challenge = Challenge.objects.get()
    assert response["Location"] == reverse("contests:units:challenge", kwargs={"pk": challenge.pk})
    assert (challenge.unit, challenge.need_id, challenge.track, challenge.created_by) == (unit, need.pk, track, member)
    assert challenge.slug == "du-ju-lao-ren-jiu-yi-pei-hu"  # from the title's pinyin
    assert NeedPage.objects.get(pk=need.pk).status == NeedStatus.CHALLENGE_SET
    assert AuditEvent.objects.filter(action="challenge.create", object_id=str(challenge.pk)).count() == 1


def test_bad_input_changes_nothing(client, member, unit, need, track):
    client.force_login(member)
    response = client.post(
        reverse("contests:units:challenge_new"),
        form_data(need, track, unit, title="", contact_phone="打电话给我", contact_email="not-an-email"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请输入有效的手机号或座机号码。" in page
    assert not Challenge.objects.exists()
    assert NeedPage.objects.get(pk=need.pk).status == NeedStatus.COLLECTING


def test_a_track_past_its_submission_deadline_is_not_offered(client, member, unit, need):
    now = timezone.now()
    closed = ContestFactory(
        registration_opens=now - timedelta(days=40),
        registration_closes=now - timedelta(days=30),
        submission_deadline=now - timedelta(days=1),
    )
    track = TrackFactory(contest=closed)
    client.force_login(member)
    response = client.post(reverse("contests:units:challenge_new"), form_data(need, track, unit))
    assert response.status_code == 200
    assert not Challenge.objects.exists()


def test_another_units_need_already_set_is_not_available(client, member, unit, other_unit, need_index, track):
    taken = make_need(need_index, title="别人的需求", unit=other_unit, slug="taken")
    NeedPage.objects.filter(pk=taken.pk).update(status=NeedStatus.CHALLENGE_SET)
    own = make_need(need_index, title="本单位的需求", unit=unit, slug="own")
    NeedPage.objects.filter(pk=own.pk).update(status=NeedStatus.CHALLENGE_SET)
    client.force_login(member)

    refused = client.post(reverse("contests:units:challenge_new"), form_data(taken, track, unit))
    assert refused.status_code == 200 and not Challenge.objects.exists()

    client.post(reverse("contests:units:challenge_new"), form_data(own, track, unit))
    assert list(Challenge.objects.values_list("need_id", flat=True)) == [own.pk]


def test_a_member_cannot_set_a_challenge_for_another_unit(client, member, other_unit, need, track):
    client.force_login(member)
    response = client.post(reverse("contests:units:challenge_new"), form_data(need, track, other_unit))
    assert response.status_code == 200
    assert not Challenge.objects.exists()


def test_a_taken_slug_is_refused_and_a_generated_one_is_numbered(client, member, unit, need, track, challenge):
    client.force_login(member)
    client.post(reverse("contests:units:challenge_new"), form_data(need, track, unit, slug="du-ju-lao-ren"))
    assert Challenge.objects.count() == 1
    client.post(reverse("contests:units:challenge_new"), form_data(need, track, unit, title="独居老人"))
    assert Challenge.objects.exclude(pk=challenge.pk).get().slug == "du-ju-lao-ren-2"


def test_a_save_from_an_older_version_is_refused_and_shows_the_saved_text(client, unit, member, challenge):
    colleague = make_member(unit, "colleague@example.org")
    url = reverse("contests:units:challenge", kwargs={"pk": challenge.pk})
    data = {
        "title": challenge.title,
        "slug": challenge.slug,
        "description": challenge.description,
        "expected_outcome": "",
        "contact_name": "王老师",
        "contact_phone": "",
        "contact_email": "",
        "version": challenge.version,
    }
    client.force_login(colleague)
    client.post(url, data | {"description": "同事的修改"})
    client.force_login(member)
    response = client.post(url, data | {"description": "我的修改"})

    page = response.content.decode()
    assert "赛题已被他人修改" in page
    assert "同事的修改" in page and "我的修改" in page
    challenge.refresh_from_db()
    assert (challenge.description, challenge.version) == ("同事的修改", 2)

    # Saving again, knowingly, replaces the colleague's text.
    client.post(url, data | {"description": "我的修改", "version": 2})
    challenge.refresh_from_db()
    assert (challenge.description, challenge.version) == ("我的修改", 3)


def test_results_are_accepted_once_and_only_after_they_are_final(client, member, challenge):
    url = reverse("contests:units:challenge_accept", kwargs={"pk": challenge.pk})
    client.force_login(member)
    detail_url = reverse("contests:units:challenge", kwargs={"pk": challenge.pk})
    assert "确认结果" not in client.get(detail_url).content.decode()
    client.post(url)
    challenge.refresh_from_db()
    assert challenge.results_accepted_at is None

    finalise_results(challenge.track.contest, timezone.now() - timedelta(hours=1))
    detail = client.get(detail_url).content.decode()
    assert "确认结果" in detail
    assert "不能撤回" in client.get(url).content.decode()  # the confirmation says what will happen
    client.post(url)
    challenge.refresh_from_db()
    first = challenge.results_accepted_at
    assert first is not None and challenge.results_accepted_by == member

    client.post(url)
    challenge.refresh_from_db()
    assert challenge.results_accepted_at == first
    assert AuditEvent.objects.filter(action="challenge.accept_results").count() == 1


def test_a_generated_slug_fits_the_field_even_when_numbered(member, unit, need, track):
    from contests.services.challenges import create_challenge

    NeedPage.objects.filter(pk=need.pk).update(proposing_unit=unit)  # its own need: a second 赛题 is allowed
    need.refresh_from_db()
    data = form_data(need, track, unit, title="基于多源共享数据的城乡独居老人就医陪护需求智能识别与精准服务平台建设")
    first = create_challenge(unit, need, track, data, member)
    second = create_challenge(unit, NeedPage.objects.get(pk=need.pk), track, data, member)
    assert len(first.slug) <= 60 and len(second.slug) <= 60
    assert second.slug == f"{first.slug}-2"
