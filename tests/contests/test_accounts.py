import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.contests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Qiang-Mima-2026!"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the e-mail tasks) as the request's transaction would."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def signup(client, on_commit, email="new@example.org", next_url=None):
    data = {"email": email, "real_name": "张三", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    url = reverse("contests:signup") + (f"?next={next_url}" if next_url else "")
    return on_commit(client.post, url, data)


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_signup_creates_inactive_account_and_mails_link(client, on_commit):
    response = signup(client, on_commit)
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:signup_done")
    user = User.objects.get(email="new@example.org")
    assert (user.is_active, user.real_name) == (False, "张三")
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert mail.outbox[0].subject == "【数用】请验证你的邮箱"


def test_signup_verification_link_activates_and_signs_in(client, on_commit):
    signup(client, on_commit)
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:profile")
    assert User.objects.get(email="new@example.org").is_active is True
    assert client.get(reverse("contests:dashboard")).status_code == 200


def test_signup_verification_link_works_once(client, on_commit):
    signup(client, on_commit)
    link = link_in(mail.outbox[0])
    client.get(link)
    client.post(reverse("contests:logout"))
    response = client.get(link)
    assert response.status_code == 400
    assert "验证链接无效或已过期" in response.text


@pytest.mark.clock
def test_signup_verification_link_expires_after_three_days(client, on_commit):
    signup(client, on_commit)
    link = link_in(mail.outbox[0])
    # A local (Asia/Shanghai) destination: the token generator compares naive local times.
    with time_machine.travel(timezone.localtime() + timedelta(days=3, hours=1)):
        response = client.get(link)
    assert response.status_code == 400
    assert User.objects.get(email="new@example.org").is_active is False


def test_signup_verification_keeps_safe_next(client, on_commit):
    signup(client, on_commit, next_url="/portal/invitations/abc/")
    response = client.get(link_in(mail.outbox[0]))
    assert response["Location"] == "/portal/invitations/abc/"


def test_signup_verification_ignores_foreign_next(client, on_commit):
    signup(client, on_commit, next_url="https://evil.example/")
    response = client.get(link_in(mail.outbox[0]))
    assert response["Location"] == reverse("contests:profile")


def test_signup_of_existing_address_reveals_nothing(client, on_commit):
    UserFactory(email="taken@example.org")
    fresh = signup(client, on_commit, email="fresh@example.org")
    taken = signup(client, on_commit, email="Taken@Example.org")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    # The owner is told by e-mail instead; no verification link goes out for an active account.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["fresh@example.org"], "【数用】请验证你的邮箱"),
        (["taken@example.org"], "【数用】有人尝试用你的邮箱注册"),
    ]
    assert "/accounts/verify/" not in mail.outbox[1].body


def test_signup_again_while_unverified_resends_link_without_changing_password(client, on_commit):
    signup(client, on_commit)
    original = User.objects.get(email="new@example.org").password
    data = {
        "email": "new@example.org",
        "real_name": "李四",
        "password1": "Another-pass-99",
        "password2": "Another-pass-99",
    }
    on_commit(client.post, reverse("contests:signup"), data)
    user = User.objects.get(email="new@example.org")
    assert (user.password, user.real_name) == (original, "张三")
    assert [m.subject for m in mail.outbox] == ["【数用】请验证你的邮箱", "【数用】请验证你的邮箱"]


def test_signup_rejects_weak_password(client):
    data = {"email": "weak@example.org", "real_name": "王五", "password1": "12345678", "password2": "12345678"}
    response = client.post(reverse("contests:signup"), data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert User.objects.filter(email="weak@example.org").exists() is False


def test_deactivated_account_cannot_be_reactivated_by_signup(client, on_commit):
    user = UserFactory(email="banned@example.org", is_active=False)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    signup(client, on_commit, email="banned@example.org")
    assert [m.subject for m in mail.outbox] == ["【数用】有人尝试用你的邮箱注册"]


def test_login_by_email_redirects_to_portal(client):
    UserFactory(email="member@example.org")
    response = client.post(reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_login_follows_safe_next_only(client):
    UserFactory(email="member@example.org")
    credentials = {"username": "member@example.org", "password": PASSWORD}
    response = client.post(reverse("contests:login") + "?next=/accounts/profile/", credentials)
    assert response["Location"] == "/accounts/profile/"
    client.post(reverse("contests:logout"))
    response = client.post(reverse("contests:login") + "?next=//evil.example/x", credentials)
    assert response["Location"] == "/portal/"


def test_login_wrong_password_and_unknown_address_say_the_same(client):
    UserFactory(email="member@example.org")
    wrong = client.post(reverse("contests:login"), {"username": "member@example.org", "password": "nope"})
    unknown = client.post(reverse("contests:login"), {"username": "ghost@example.org", "password": "nope"})
    message = "邮箱或密码不正确。刚注册的账号需先点击验证邮件中的链接。"
    assert (wrong.status_code, unknown.status_code) == (200, 200)
    assert message in wrong.text
    assert message in unknown.text


def test_login_locks_out_account_after_five_failures(client):
    UserFactory(email="member@example.org")
    for _attempt in range(5):
        client.post(reverse("contests:login"), {"username": "member@example.org", "password": "wrong"})
    # Even the right password is refused now, with axes' Chinese lockout page.
    response = client.post(reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.text
    assert "_auth_user_id" not in client.session


def test_login_lockout_is_per_address_too(client):
    # Five different accounts from one IP: the sixth attempt from that IP is refused.
    for number in range(5):
        client.post(reverse("contests:login"), {"username": f"guess{number}@example.org", "password": "x"})
    UserFactory(email="member@example.org")
    response = client.post(reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_login_lockout_of_one_account_spares_another_address(client):
    UserFactory(email="member@example.org")
    for _attempt in range(5):
        client.post(
            reverse("contests:login"),
            {"username": "member@example.org", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    # Locked by username: another address cannot use the account either.
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="member@example.org").count() >= 1


def test_login_lockout_ignores_address_case(client):
    UserFactory(email="member@example.org")
    # Five addresses, five spellings: only the per-account count (case-folded) can reach the limit.
    for number, variant in enumerate(
        [
            "Member@example.org",
            "MEMBER@example.org",
            "member@Example.org",
            "mEmber@example.org",
            "member@example.ORG",
        ]
    ):
        client.post(
            reverse("contests:login"), {"username": variant, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{number}"
        )
    response = client.post(
        reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429


def test_login_success_resets_failures(client):
    UserFactory(email="member@example.org")
    for _attempt in range(4):
        client.post(reverse("contests:login"), {"username": "member@example.org", "password": "wrong"})
    client.post(reverse("contests:login"), {"username": "member@example.org", "password": PASSWORD})
    client.post(reverse("contests:logout"))
    response = client.post(reverse("contests:login"), {"username": "member@example.org", "password": "wrong"})
    assert response.status_code == 200


def test_logout_requires_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("contests:logout")).status_code == 405
    response = client.post(reverse("contests:logout"))
    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session


def test_signed_in_pages_offer_sign_out_in_the_header(client, demo_site):
    client.force_login(UserFactory())
    html = client.get("/portal/").content.decode()
    form = re.search(r'<form class="nav-logout" method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form and form.group(1) == reverse("contests:logout")
    assert "csrfmiddlewaretoken" in form.group(2) and "退出登录" in form.group(2)
    client.post(form.group(1))
    assert "nav-logout" not in client.get("/").content.decode()


def test_password_reset_same_answer_for_unknown_address(client, on_commit):
    UserFactory(email="member@example.org")
    known = on_commit(client.post, reverse("contests:password_reset"), {"email": "member@example.org"})
    unknown = on_commit(client.post, reverse("contests:password_reset"), {"email": "ghost@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("contests:password_reset_done")
    assert [m.to for m in mail.outbox] == [["member@example.org"]]


def test_password_reset_link_sets_new_password(client, on_commit):
    UserFactory(email="member@example.org")
    on_commit(client.post, reverse("contests:password_reset"), {"email": "member@example.org"})
    response = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("contests:password_reset_complete")
    assert User.objects.get(email="member@example.org").check_password(NEW_PASSWORD)


def test_profile_saves_valid_credit_code(client):
    user = UserFactory()
    client.force_login(user)
    data = {
        "real_name": "赵六",
        "phone": "13800138000",
        "organisation": "某科技有限公司",
        "credit_code": "91350100m000100y43",
    }
    response = client.post(reverse("contests:profile"), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.real_name, user.phone, user.credit_code) == ("赵六", "13800138000", "91350100M000100Y43")


def test_profile_rejects_bad_phone_and_credit_code(client):
    user = UserFactory()
    client.force_login(user)
    data = {"real_name": "赵六", "phone": "12345", "organisation": "", "credit_code": "91350100M000100Y44"}
    response = client.post(reverse("contests:profile"), data)
    assert response.status_code == 200
    assert "请输入有效的手机号或座机号码。" in response.text
    assert "统一社会信用代码校验位不正确，请核对。" in response.text
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in response.text
    assert 'id="id_phone_error"' in response.text
