"""Unit vetting (单位负责人确认): applying, the organiser's approval, the match rules, the contact's
scope and decisions."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.models import AuditEvent, OrganisationContact, VettingStatus
from contests.services import ContestError, vetting
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.identity.conftest import credit_code

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def contact_for(world, boss, *, organisation="山东大学", code=""):
    user = UserFactory()
    return OrganisationContact.objects.create(
        contest=world.contest, user=user, organisation=organisation, credit_code=code, approved_by=boss,
        approved_at=timezone.now(),
    )  # fmt: skip


def test_match_by_credit_code_when_both_have_one_else_by_exact_name(world, boss):
    code = credit_code()
    other_code = credit_code("91370200MA3D00000")
    same_name_other_code = TeamFactory(contest=world.contest, organisation="山东大学", credit_code=other_code)
    same_name_no_code = TeamFactory(contest=world.contest, organisation="山东大学")
    renamed_same_code = TeamFactory(contest=world.contest, organisation="山大", credit_code=code)
    TeamFactory(contest=world.contest, organisation="山东大学 ")  # not the exact name
    TeamFactory(organisation="山东大学")  # another contest
    with_code = contact_for(world, boss, code=code)
    assert set(vetting.teams_for(with_code.user)) == {world.team, same_name_no_code, renamed_same_code}
    without_code = contact_for(world, boss)
    assert set(vetting.teams_for(without_code.user)) == {world.team, same_name_other_code, same_name_no_code}


def test_pending_or_revoked_contacts_see_nothing(world, boss):
    contact = contact_for(world, boss)
    contact.approved_at = None
    contact.save()
    assert not vetting.teams_for(contact.user).exists()
    assert client_for(contact.user).get(reverse("contests:vetting:home")).status_code == 404
    contact.approved_at = contact.revoked_at = timezone.now()
    contact.save()
    assert not vetting.teams_for(contact.user).exists()


def test_apply_then_an_organiser_approves(world, boss, django_capture_on_commit_callbacks):
    applicant = UserFactory()
    client = client_for(applicant)
    url = reverse("contests:vetting_apply", args=[world.contest.slug])
    bad = client.post(url, {"organisation": "山东大学", "credit_code": "123", "note": ""})
    assert bad.status_code == 400 and not OrganisationContact.objects.filter(user=applicant).exists()
    empty = client.post(url, {"organisation": "  ", "credit_code": ""})
    assert empty.status_code == 400
    ok = client.post(url, {"organisation": "山东大学", "credit_code": credit_code().lower(), "note": "教务处"})
    assert ok.status_code == 302
    contact = OrganisationContact.objects.get(user=applicant)
    assert contact.credit_code == credit_code() and contact.approved_at is None
    assert AuditEvent.objects.get(action="vetting.apply").note == "教务处"
    assert client.post(url, {"organisation": "山东大学"}).status_code == 400  # twice
    with pytest.raises(ContestError):
        vetting.approve(contact, actor=applicant)
    admin = client_for(boss)
    approve_url = reverse("identity_contact_approve", args=[contact.pk])
    page = admin.get(approve_url)
    assert page.status_code == 200 and world.team.name in page.text
    assert admin.post(approve_url, {}).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(approve_url, {"confirm": "yes"}).status_code == 302
    contact.refresh_from_db()
    assert contact.approved_by == boss
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert "山东大学" in admin.get(reverse("identity_contacts") + "?state=all").text


def test_contact_confirms_or_disputes_own_teams_only(world, boss, django_capture_on_commit_callbacks):
    contact = contact_for(world, boss)
    client = client_for(contact.user)
    home = client.get(reverse("contests:vetting:home"))
    assert home.status_code == 200 and world.team.name in home.text and world.rival.name not in home.text
    team_page = client.get(reverse("contests:vetting:team", args=[world.team.pk]))
    assert world.member.get_full_name() in team_page.text and "队员" in team_page.text
    assert client.get(reverse("contests:vetting:team", args=[world.rival.pk])).status_code == 404
    rival_decide = reverse("contests:vetting:decide", args=[world.rival.pk, "confirm"])
    assert client.post(rival_decide, {"expected": "unvetted", "confirm": "on"}).status_code == 404
    assert client.get(reverse("contests:vetting:decide", args=[world.team.pk, "maybe"])).status_code == 404
    dispute = reverse("contests:vetting:decide", args=[world.team.pk, "dispute"])
    assert client.post(dispute, {"expected": "unvetted", "confirm": "on", "reason": " "}).status_code == 400
    world.team.refresh_from_db()
    assert world.team.vetting_status == VettingStatus.UNVETTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(dispute, {"expected": "unvetted", "confirm": "on", "reason": "查无此人"})
    assert response.status_code == 302
    world.team.refresh_from_db()
    assert (world.team.vetting_status, world.team.vetting_note) == (VettingStatus.DISPUTED, "查无此人")
    assert [m.to for m in mail.outbox] == [[world.leader.email]]
    # A stale page (still saying 待确认) is refused.
    confirm = reverse("contests:vetting:decide", args=[world.team.pk, "confirm"])
    assert client.post(confirm, {"expected": "unvetted", "confirm": "on"}).status_code == 400
    assert client.post(confirm, {"expected": "disputed", "confirm": "on"}).status_code == 302
    world.team.refresh_from_db()
    assert world.team.vetting_status == VettingStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="vetting.decide").count() == 2
    # Other people: 404 everywhere.
    assert client_for(world.leader).get(reverse("contests:vetting:home")).status_code == 404
    other = contact_for(world, boss, organisation="青岛大学")
    assert client_for(other.user).get(reverse("contests:vetting:team", args=[world.team.pk])).status_code == 404


def test_vetting_home_keeps_its_query_count_with_more_teams(world, boss):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contact = contact_for(world, boss)
    client = client_for(contact.user)
    url = reverse("contests:vetting:home")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for _ in range(55):  # more than a page (50)
        TeamFactory(contest=world.contest, organisation="山东大学")
    assert count() == small


def test_an_organiser_turns_down_a_request_and_the_person_may_apply_again(
    world, boss, django_capture_on_commit_callbacks
):
    applicant = UserFactory()
    apply_url = reverse("contests:vetting_apply", args=[world.contest.slug])
    client_for(applicant).post(apply_url, {"organisation": "山东大学", "note": "教务处 王老师 0531-88888888"})
    contact = OrganisationContact.objects.get(user=applicant)
    admin = client_for(boss)
    # The organiser sees what the applicant wrote, to check it.
    assert "教务处 王老师 0531-88888888" in admin.get(reverse("identity_contact_approve", args=[contact.pk])).text
    revoke_url = reverse("identity_contact_revoke", args=[contact.pk])
    assert "驳回单位负责人申请" in admin.get(revoke_url).text
    assert admin.post(revoke_url, {"reason": "查无此人"}).status_code == 400  # not confirmed
    assert "请填写原因" in admin.post(revoke_url, {"reason": " ", "confirm": "yes"}).text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(revoke_url, {"reason": "查无此人", "confirm": "yes"}).status_code == 302
    contact.refresh_from_db()
    assert contact.revoked_at and contact.approved_at is None
    assert [(m.to, "未获批准" in m.subject, "查无此人" in m.body) for m in mail.outbox] == [
        ([applicant.email], True, True)
    ]
    assert AuditEvent.objects.get(action="vetting.revoke_contact").note == "查无此人"
    listing = admin.get(reverse("identity_contacts") + "?state=all").text
    assert "已驳回" in listing
    assert "未获批准（可重新申请）" in client_for(applicant).get(apply_url).text
    with pytest.raises(ContestError):
        vetting.approve(contact, actor=boss)  # a turned-down request is not approved by a stale page
    # Applying again makes the same request pending again.
    response = client_for(applicant).post(apply_url, {"organisation": "山东大学", "note": "教务处处长"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.approved_at, contact.revoked_at) == (None, None)
    assert vetting.application_note(contact) == "教务处处长"


def test_withdrawing_an_approval_stops_the_contact_at_once(world, boss, django_capture_on_commit_callbacks):
    contact = contact_for(world, boss)
    client = client_for(contact.user)
    assert client.get(reverse("contests:vetting:team", args=[world.team.pk])).status_code == 200
    with pytest.raises(ContestError):
        vetting.revoke(contact, actor=contact.user, reason="自己撤销")  # organisers only
    admin = client_for(boss)
    revoke_url = reverse("identity_contact_revoke", args=[contact.pk])
    assert "撤销单位负责人" in admin.get(revoke_url).text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(revoke_url, {"reason": "已离职", "confirm": "yes"}).status_code == 302
    assert [("已撤销" in m.subject, "已离职" in m.body) for m in mail.outbox] == [(True, True)]
    assert client.get(reverse("contests:vetting:home")).status_code == 404
    assert client.get(reverse("contests:vetting:team", args=[world.team.pk])).status_code == 404
    decide = reverse("contests:vetting:decide", args=[world.team.pk, "confirm"])
    assert client.post(decide, {"expected": "unvetted", "confirm": "on"}).status_code == 404
    world.team.refresh_from_db()
    assert world.team.vetting_status == VettingStatus.UNVETTED
    # Twice: refused with a message, nothing sent.
    mail.outbox.clear()
    assert "该申请已驳回或撤销" in admin.post(revoke_url, {"reason": "x", "confirm": "yes"}).text
    assert mail.outbox == []


def test_a_contact_does_not_vouch_for_a_team_they_belong_to(world, boss):
    contact = contact_for(world, boss)
    add_member(world.team, user=contact.user)
    with pytest.raises(ContestError, match="不能确认自己所在的团队"):
        vetting.decide(world.team, actor=contact.user, confirmed=True, expected_status=VettingStatus.UNVETTED)
    client = client_for(contact.user)
    confirm = reverse("contests:vetting:decide", args=[world.team.pk, "confirm"])
    response = client.post(confirm, {"expected": "unvetted", "confirm": "on"})
    assert response.status_code == 400 and "不能确认自己所在的团队" in response.text
    world.team.refresh_from_db()
    assert world.team.vetting_status == VettingStatus.UNVETTED
