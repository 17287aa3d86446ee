"""Judge invitations: signed, expiring, single-use links bound to the invited address."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from contests.models import AuditEvent, JudgeInvitation, JudgeStatus
from contests.services import ContestError
from contests.services.judging.judges import (
    accept_invitation,
    invitation_token,
    invite_judge,
    read_invitation,
)
from tests.contests.factories import ContestFactory, UserFactory
from tests.contests.factories.judging import JudgeFactory, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    judge = JudgeFactory(contest=ContestFactory(), user=None, email="expert@ouc.example", status=JudgeStatus.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_judge(judge, actor=organiser())
    return judge, invitation


def test_invitation_token_reads_back_and_refuses_forgeries(invited):
    _judge, invitation = invited
    token = invitation_token(invitation)
    assert read_invitation(token) == invitation
    assert read_invitation(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert read_invitation("not-a-token") is None


@pytest.mark.clock
def test_invitation_expires_after_fourteen_days(invited):
    _judge, invitation = invited
    token = invitation_token(invitation)
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert read_invitation(token) == invitation
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert read_invitation(token) is None


def test_a_new_invitation_revokes_the_previous_link(invited, django_capture_on_commit_callbacks):
    judge, first = invited
    with django_capture_on_commit_callbacks(execute=True):
        second = invite_judge(judge, actor=organiser(email="boss2@example.org"))
    assert read_invitation(invitation_token(first)) is None
    assert read_invitation(invitation_token(second)) == second


def test_accepting_requires_the_invited_address_and_is_single_use(invited):
    _judge, invitation = invited
    with pytest.raises(ContestError) as refusal:
        accept_invitation(invitation, UserFactory(email="someone.else@ouc.example"))
    assert str(refusal.value) == "此邀请发给了其他邮箱，请使用受邀邮箱登录后再接受。"
    user = UserFactory(email="Expert@OUC.example")
    accepted = accept_invitation(invitation, user)
    assert (accepted.status, accepted.user) == (JudgeStatus.ACTIVE, user)
    assert read_invitation(invitation_token(invitation)) is None
    events = AuditEvent.objects.filter(object_type="contests.judgeprofile").order_by("id")
    assert list(events.values_list("action", flat=True)) == [
        "judging.judge_invited",
        "judging.judge_accepted",
    ]


def test_logged_in_invitee_accepts_through_the_page(client, invited):
    judge, invitation = invited
    user = UserFactory(email="expert@ouc.example")
    client.force_login(user)
    url = reverse("contests:judging:invitation", kwargs={"token": invitation_token(invitation)})
    assert "接受邀请" in client.get(url).content.decode()
    response = client.post(url, {"action": "accept"})
    assert response["Location"] == reverse("contests:judging:dashboard")
    judge.refresh_from_db()
    assert judge.user == user


def test_existing_account_is_asked_to_sign_in_first(client, invited):
    _judge, invitation = invited
    UserFactory(email="expert@ouc.example")
    url = reverse("contests:judging:invitation", kwargs={"token": invitation_token(invitation)})
    html = client.get(url).content.decode()
    assert "该邮箱已注册账号，请先登录" in html
    assert reverse("contests:login") + "?" + urlencode({"next": url}) in html


def test_address_presigned_by_someone_else_gets_the_invited_judges_password(
    client, invited, django_capture_on_commit_callbacks
):
    judge, invitation = invited
    # Someone signs up with the judge's address (never verified) before the judge opens the link.
    intruder = {"email": "expert@ouc.example", "real_name": "冒名者", "password1": "Gongji-Mima-2026!"}
    intruder["password2"] = intruder["password1"]
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("contests:signup"), intruder)
    url = reverse("contests:judging:invitation", kwargs={"token": invitation_token(invitation)})
    assert "创建评委账号" in client.get(url).content.decode()
    password = "Pingwei-Mima-2026!"
    data = {"action": "accept", "real_name": "周教授", "password1": password, "password2": password}
    response = client.post(url, data)
    assert response["Location"] == reverse("contests:judging:dashboard")
    judge.refresh_from_db()
    assert (judge.status, judge.user.email, judge.user.real_name) == (JudgeStatus.ACTIVE, judge.email, "周教授")
    login = reverse("contests:login")
    assert Client().post(login, {"username": judge.email, "password": password}).status_code == 302
    assert Client().post(login, {"username": judge.email, "password": intruder["password1"]}).status_code == 200


def test_declining_marks_the_judge_and_spends_the_link(client, invited):
    judge, invitation = invited
    url = reverse("contests:judging:invitation", kwargs={"token": invitation_token(invitation)})
    client.post(url, {"action": "decline"})
    judge.refresh_from_db()
    assert judge.status == JudgeStatus.DECLINED
    assert JudgeInvitation.objects.get().declined_at is not None
    assert client.get(url).status_code == 404


def test_active_judges_cannot_be_invited_again():
    judge = JudgeFactory()
    with pytest.raises(ContestError):
        invite_judge(judge, actor=None)
