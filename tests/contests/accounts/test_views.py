import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.models import JudgeStatus
from contests.services.judging.judges import invitation_token as judge_invitation_token
from contests.services.judging.judges import invite_judge
from contests.services.tokens import invitation_token
from tests.contests.factories import PASSWORD, InvitationFactory, MembershipFactory, OrganiserFactory, UserFactory
from tests.contests.factories.judging import JudgeFactory

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


def signup(client, on_commit, email="new@example.org", next_url=None, password=NEW_PASSWORD, real_name="张三"):
    data = {"email": email, "real_name": real_name, "password1": password, "password2": password}
    url = reverse("contests:signup") + (f"?next={next_url}" if next_url else "")
    return on_commit(client.post, url, data)


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def log_in(email, password, client=None):
    """A login attempt from a fresh browser; True when it signs in."""
    client = client or Client()
    response = client.post(reverse("contests:login"), {"username": email, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_signup_creates_inactive_account_and_mails_link(client, on_commit):
    response = signup(client, on_commit)
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:signup_done")
    user = User.objects.get(email="new@example.org")
    assert (user.is_active, user.real_name) == (False, "张三")
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert mail.outbox[0].subject == "【数用】请验证你的邮箱"


def verify(client, link, password=NEW_PASSWORD):
    return client.post(link, {"password": password})


def test_signup_verification_link_with_password_activates_and_signs_in(client, on_commit):
    signup(client, on_commit)
    response = verify(client, link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:profile")
    assert User.objects.get(email="new@example.org").is_active is True
    assert client.get(reverse("contests:dashboard")).status_code == 200


def test_signup_verification_link_works_once(client, on_commit):
    signup(client, on_commit)
    link = link_in(mail.outbox[0])
    verify(client, link)
    client.post(reverse("contests:logout"))
    response = verify(client, link)
    assert response.status_code == 400
    assert "验证链接无效或已过期" in response.text


@pytest.mark.clock
def test_signup_verification_link_expires_after_three_days(client, on_commit):
    signup(client, on_commit)
    link = link_in(mail.outbox[0])
    # A local (Asia/Shanghai) destination: the token generator compares naive local times.
    with time_machine.travel(timezone.localtime() + timedelta(days=3, hours=1)):
        response = verify(client, link)
    assert response.status_code == 400
    assert User.objects.get(email="new@example.org").is_active is False


def test_signup_verification_keeps_safe_next(client, on_commit):
    signup(client, on_commit, next_url="/portal/invitations/abc/")
    response = verify(client, link_in(mail.outbox[0]))
    assert response["Location"] == "/portal/invitations/abc/"


def test_signup_verification_ignores_foreign_next(client, on_commit):
    signup(client, on_commit, next_url="https://evil.example/")
    response = verify(client, link_in(mail.outbox[0]))
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


ATTACKER_PASSWORD = "Gongji-Mima-2026!"
VICTIM_PASSWORD = "Shouhai-Mima-2026!"


def test_presigned_address_gets_the_owners_password_not_the_first_signers(client, on_commit):
    # Someone signs up with another person's address and a password of their own…
    signup(Client(), on_commit, email="victim@example.org", password=ATTACKER_PASSWORD, real_name="冒名者")
    attackers_link = link_in(mail.outbox[-1])
    # …then the address's owner signs up and follows the link from their own mailbox.
    signup(client, on_commit, email="victim@example.org", password=VICTIM_PASSWORD, real_name="李四")
    response = verify(client, link_in(mail.outbox[-1]), VICTIM_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, reverse("contests:profile"))
    assert log_in("victim@example.org", VICTIM_PASSWORD) is True
    assert log_in("victim@example.org", ATTACKER_PASSWORD) is False
    assert User.objects.get(email="victim@example.org").real_name == "李四"
    assert Client().get(attackers_link).status_code == 400


def test_verification_link_alone_neither_activates_nor_signs_in(client, on_commit):
    signup(client, on_commit)
    response = Client().get(link_in(mail.outbox[0]))
    assert response.status_code == 200
    assert "请输入注册时设置的密码" in response.text
    assert User.objects.get(email="new@example.org").is_active is False
    assert "_auth_user_id" not in response.wsgi_request.session


def test_verification_needs_the_password_of_the_signup_the_link_was_sent_for(client, on_commit):
    # The owner signs up first; someone else signs up for the same address afterwards. The owner
    # follows the newest mail (the other person's link) with their own password: nothing happens.
    signup(client, on_commit, email="victim@example.org", password=VICTIM_PASSWORD)
    signup(Client(), on_commit, email="victim@example.org", password=ATTACKER_PASSWORD)
    response = verify(client, link_in(mail.outbox[-1]), VICTIM_PASSWORD)
    assert response.status_code == 200
    assert "密码与这次注册时设置的不一致" in response.text
    assert User.objects.get(email="victim@example.org").is_active is False
    assert log_in("victim@example.org", ATTACKER_PASSWORD) is False
    assert log_in("victim@example.org", VICTIM_PASSWORD) is False


def test_signup_again_while_unverified_replaces_the_pending_signup(client, on_commit):
    signup(client, on_commit)
    first_link = link_in(mail.outbox[0])
    signup(client, on_commit, password="Another-pass-99", real_name="李四")
    assert [m.subject for m in mail.outbox] == ["【数用】请验证你的邮箱", "【数用】请验证你的邮箱"]
    assert verify(client, first_link).status_code == 400
    verify(client, link_in(mail.outbox[1]), "Another-pass-99")
    user = User.objects.get(email="new@example.org")
    assert (user.is_active, user.real_name, user.check_password("Another-pass-99")) == (True, "李四", True)


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how many passwords it hashes (the slow part of a real hasher)."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


def test_signup_hashes_the_same_for_new_taken_and_pending_addresses(client, on_commit, settings):
    settings.PASSWORD_HASHERS = ["tests.contests.accounts.test_views.CountingHasher"]
    UserFactory(email="taken@example.org")
    signup(client, on_commit, email="pending@example.org")
    hashed = {}
    for email in ["fresh@example.org", "taken@example.org", "pending@example.org"]:
        before = CountingHasher.calls
        response = signup(client, on_commit, email=email)
        hashed[email] = (CountingHasher.calls - before, response["Location"])
    signup(client, on_commit, email="pending@example.org")  # the third mail to the address this hour
    before = CountingHasher.calls
    response = signup(client, on_commit, email="pending@example.org")  # no mail: over the hourly limit
    hashed["throttled"] = (CountingHasher.calls - before, response["Location"])
    # A real hasher takes ~0.3 s: a sign-up that skipped it would tell that the address has an account.
    done = reverse("contests:signup_done")
    assert hashed == {
        "fresh@example.org": (1, done),
        "taken@example.org": (1, done),
        "pending@example.org": (1, done),
        "throttled": (1, done),
    }


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


def fail_logins(email, times, address):
    for _attempt in range(times):
        Client().post(reverse("contests:login"), {"username": email, "password": "wrong"}, REMOTE_ADDR=address)


def login_status(email, password, address):
    response = Client().post(reverse("contests:login"), {"username": email, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def test_failures_from_one_address_do_not_lock_the_owner_out_from_another():
    UserFactory(email="member@example.org")
    fail_logins("member@example.org", 5, "10.0.0.1")
    assert login_status("member@example.org", PASSWORD, "10.0.0.2") == 302
    # The guessing address stays locked out of that account, even with the right password.
    assert login_status("member@example.org", PASSWORD, "10.0.0.1") == 429


def test_login_lockout_ignores_address_case():
    UserFactory(email="member@example.org")
    # Five spellings from one address: one failure count (case-folded) reaches the limit.
    for variant in ["Member@example.org", "MEMBER@example.org", "member@Example.org", "mEmber@example.org"]:
        fail_logins(variant, 1, "10.0.0.1")
    fail_logins("member@example.org", 1, "10.0.0.1")
    assert login_status("member@example.org", PASSWORD, "10.0.0.1") == 429


def test_login_locks_an_account_everywhere_after_fifty_failures_from_many_addresses():
    UserFactory(email="member@example.org")
    for number in range(12):  # 48 failures, four from each address: no address reaches its own limit
        fail_logins("member@example.org", 4, f"10.0.1.{number}")
    fail_logins("member@example.org", 1, "10.0.2.1")
    assert login_status("member@example.org", PASSWORD, "10.0.3.1") == 302
    fail_logins("member@example.org", 1, "10.0.2.2")  # the fiftieth
    assert login_status("member@example.org", PASSWORD, "10.0.3.2") == 429


def test_the_account_ceiling_does_not_lock_the_owner_out_where_they_signed_in_before():
    """Someone flooding my account from many addresses locks it for strangers, not for me at home."""
    UserFactory(email="member@example.org")
    assert login_status("member@example.org", PASSWORD, "10.0.9.9") == 302  # the owner, last week
    for number in range(13):  # 52 failures, four from each address
        fail_logins("member@example.org", 4, f"10.0.1.{number}")
    assert login_status("member@example.org", PASSWORD, "10.0.3.1") == 429  # a new address: locked
    assert login_status("member@example.org", PASSWORD, "10.0.9.9") == 302  # home: still works
    # Home gets no more guesses than any address: five failures lock it for this account.
    fail_logins("member@example.org", 5, "10.0.9.9")
    assert login_status("member@example.org", PASSWORD, "10.0.9.9") == 429


def test_the_owners_known_ipv6_line_survives_the_ceiling_though_the_address_changed():
    """Phones and laptops change their temporary IPv6 address daily within the line's /64."""
    UserFactory(email="member@example.org")
    assert login_status("member@example.org", PASSWORD, "2001:db8:1:2::10") == 302
    for number in range(13):
        fail_logins("member@example.org", 4, f"2001:db8:9:{number:x}::1")
    assert login_status("member@example.org", PASSWORD, "2001:db8:1:3::10") == 429  # another line
    assert login_status("member@example.org", PASSWORD, "2001:db8:1:2:a:b:c:d") == 302


def test_login_locks_an_address_out_after_its_ceiling_of_failures_over_many_accounts(settings):
    settings.LOGIN_FAILURES_PER_CLIENT = 12  # 100 in production; smaller here to keep the test short
    UserFactory(email="member@example.org")
    for number in range(3):
        fail_logins(f"guess{number}@example.org", 4, "10.0.0.1")
    assert login_status("member@example.org", PASSWORD, "10.0.0.1") == 429
    assert login_status("member@example.org", PASSWORD, "10.0.0.2") == 302


def reset_password(client, on_commit, email, password):
    on_commit(client.post, reverse("contests:password_reset"), {"email": email})
    response = client.get(link_in(mail.outbox[-1]), follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_completed_password_reset_lifts_the_lockout_and_signs_the_owner_in(on_commit):
    UserFactory(email="member@example.org")
    for number in range(12):
        fail_logins("member@example.org", 4, f"10.0.1.{number}")
    fail_logins("member@example.org", 5, "127.0.0.1")  # past the per-account ceiling, and this address's limit
    owner = Client()
    response = reset_password(owner, on_commit, "member@example.org", NEW_PASSWORD)
    assert response["Location"] == reverse("contests:password_reset_complete")
    assert owner.get(reverse("contests:profile")).status_code == 200
    assert login_status("member@example.org", NEW_PASSWORD, "127.0.0.1") == 302
    assert login_status("member@example.org", NEW_PASSWORD, "10.0.1.1") == 302


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


# --- First-day fixes: where people land, what an unverified login says, prefilled addresses ---------


def test_accounts_root_sends_visitors_to_login_and_members_home(client):
    response = client.get("/accounts/")
    assert (response.status_code, response["Location"]) == (302, reverse("contests:login"))
    client.force_login(UserFactory())
    response = client.get("/accounts/")
    assert (response.status_code, response["Location"]) == (302, "/portal/")


def editor():
    user = UserFactory(email="editor@example.org")
    user.groups.add(Group.objects.get(name="Editors"))  # Wagtail's own group: may enter the admin
    return user


def judge():
    return JudgeFactory(user=UserFactory(email="judge@example.org")).user


def team_member():
    return MembershipFactory(user=UserFactory(email="member@example.org")).user


@pytest.mark.parametrize(
    ("make_user", "landing"),
    [
        (lambda: UserFactory(email="new@example.org"), "/portal/"),
        (team_member, "/portal/"),
        (judge, "/judging/"),
        (editor, "/admin/"),
        (lambda: OrganiserFactory(email="boss@example.org"), "/admin/"),
    ],
    ids=["no-role-yet", "team-member", "judge", "editor", "organiser"],
)
def test_login_without_next_lands_each_role_where_its_work_is(client, make_user, landing):
    user = make_user()
    response = client.post(reverse("contests:login"), {"username": user.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, landing)


def test_login_of_a_person_with_several_roles_offers_a_chooser(client, demo_site):
    user = judge()
    MembershipFactory(user=user)
    response = client.post(reverse("contests:login"), {"username": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("contests:account_home")
    html = client.get(response["Location"]).text
    chooser = re.search(r'<ul class="plain-list workspace-list">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', chooser) == [
        ("/portal/", "参赛中心"),
        ("/judging/", "评审工作台"),
    ]


def test_site_header_shows_every_entry_point_of_the_signed_in_person(client, demo_site):
    user = editor()
    MembershipFactory(user=user)
    JudgeFactory(user=user)
    client.force_login(user)
    header = re.search(r'<nav class="main-nav".*?</nav>', client.get("/").text, re.S).group(0)
    assert re.findall(r'<li><a href="(/(?:portal|judging|admin)/)"[^>]*>([^<]+)</a></li>', header) == [
        ("/portal/", "参赛中心"),
        ("/judging/", "评审工作台"),
        ("/admin/", "管理后台"),
    ]
    client.force_login(UserFactory())
    header = re.search(r'<nav class="main-nav".*?</nav>', client.get("/").text, re.S).group(0)
    assert re.findall(r'<li><a href="(/(?:portal|judging|admin)/)"[^>]*>([^<]+)</a></li>', header) == [
        ("/portal/", "参赛中心")
    ]


UNVERIFIED = "该账号的邮箱尚未验证"
GENERIC = "邮箱或密码不正确。刚注册的账号需先点击验证邮件中的链接。"


def test_login_before_verifying_says_so_only_with_the_right_password(client, on_commit):
    signup(client, on_commit)
    right = client.post(reverse("contests:login"), {"username": "New@example.org", "password": NEW_PASSWORD})
    assert UNVERIFIED in right.text and GENERIC not in right.text
    resend = re.search(r'<form method="post" action="([^"]+)" class="resend-form">(.*?)</form>', right.text, re.S)
    assert resend.group(1) == reverse("contests:resend_verification")
    assert 'name="email" value="new@example.org"' in resend.group(2)
    wrong = client.post(reverse("contests:login"), {"username": "new@example.org", "password": "wrong-pass"})
    assert GENERIC in wrong.text and UNVERIFIED not in wrong.text
    assert "resend-form" not in wrong.text


def test_failed_logins_hash_the_same_whether_or_not_a_sign_up_is_pending(client, on_commit, settings):
    settings.PASSWORD_HASHERS = ["tests.contests.accounts.test_views.CountingHasher"]
    signup(client, on_commit, email="pending@example.org")
    UserFactory(email="member@example.org")
    hashed = {}
    for email in ["ghost@example.org", "member@example.org", "pending@example.org"]:
        before = CountingHasher.calls
        client.post(reverse("contests:login"), {"username": email, "password": "wrong-pass"})
        hashed[email] = CountingHasher.calls - before
    assert hashed == {"ghost@example.org": 2, "member@example.org": 2, "pending@example.org": 2}


def test_locked_out_address_learns_nothing_about_an_unverified_password(client, on_commit):
    signup(client, on_commit)
    fail_logins("new@example.org", 5, "10.0.0.1")
    assert login_status("new@example.org", NEW_PASSWORD, "10.0.0.1") == 429


def test_resend_verification_mails_a_fresh_link_and_answers_the_same_for_any_address(client, on_commit):
    signup(client, on_commit)
    UserFactory(email="member@example.org")
    answers = [
        on_commit(client.post, reverse("contests:resend_verification"), {"email": email})
        for email in ["new@example.org", "member@example.org", "ghost@example.org"]
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("contests:signup_done"))}
    assert [(m.to, m.subject) for m in mail.outbox] == [(["new@example.org"], "【数用】请验证你的邮箱")] * 2
    assert verify(Client(), link_in(mail.outbox[1])).status_code == 302


def test_resend_verification_is_rate_limited(client, on_commit):
    signup(client, on_commit)  # the first of three mails to the address this hour
    for _number in range(3):
        on_commit(client.post, reverse("contests:resend_verification"), {"email": "new@example.org"})
    assert len(mail.outbox) == 3
    for number in range(16):  # 20 sign-ups and re-sends per client address and hour in all
        on_commit(client.post, reverse("contests:resend_verification"), {"email": f"x{number}@example.org"})
    response = on_commit(client.post, reverse("contests:resend_verification"), {"email": "new@example.org"})
    assert response.status_code == 429
    assert "操作过于频繁" in response.text


def test_signup_and_login_from_a_team_invitation_prefill_the_invited_address(client):
    invitation = InvitationFactory(email="invitee@example.org")
    page = client.get(reverse("contests:invitation", kwargs={"token": invitation_token(invitation)})).text
    links = dict(re.findall(r'<a class="button[^"]*" href="([^"?]+)\?([^"]+)">', page))
    for name in ("contests:signup", "contests:login"):
        response = client.get(reverse(name) + "?" + html.unescape(links[reverse(name)]))
        field = re.search(r'<input type="email" name="(?:email|username)"[^>]*>', response.text).group(0)
        assert 'value="invitee@example.org"' in field


def test_login_from_a_judge_invitation_prefills_the_invited_address(client):
    judge_ = JudgeFactory(user=None, email="expert@ouc.example", status=JudgeStatus.NEW)
    UserFactory(email="expert@ouc.example")
    token = judge_invitation_token(invite_judge(judge_, actor=None))
    page = client.get(reverse("contests:judging:invitation", kwargs={"token": token})).text
    login_url = html.unescape(re.search(r'<a class="button" href="([^"]+)">登录</a>', page).group(1))
    field = re.search(r'<input type="email" name="username"[^>]*>', client.get(login_url).text).group(0)
    assert 'value="expert@ouc.example"' in field


def test_the_provincial_roles_have_their_entry_points_in_the_header(client, demo_site):
    """QA (#18): a lead judge, an approved unit contact and a pool expert had no link to /judging/lead/,
    /vetting/ or /experts/me/ anywhere on the site; each is now a workspace (header and chooser), and
    someone with only such a role lands on it instead of an empty team portal."""
    from contests.models import LeadJudge, OrganisationContact
    from tests.contests.factories import ContestFactory, TrackFactory
    from tests.contests.factories.experts import ExpertFactory

    contest = ContestFactory()
    boss = OrganiserFactory(email="boss@example.org")
    lead = judge()
    LeadJudge.objects.create(contest=contest, track=TrackFactory(contest=contest), user=lead, appointed_by=boss)
    contact = UserFactory(email="contact@example.org")
    OrganisationContact.objects.create(
        contest=contest, user=contact, organisation="泰山大学", approved_by=boss, approved_at=timezone.now()
    )
    pending = UserFactory(email="pending@example.org")
    OrganisationContact.objects.create(contest=contest, user=pending, organisation="泰山大学")
    expert = ExpertFactory().user

    def header(user):
        client.force_login(user)
        nav = re.search(r'<nav class="main-nav".*?</nav>', client.get("/").text, re.S).group(0)
        return re.findall(r'<li><a href="(/(?:portal|judging|vetting|experts|admin)/[^"]*)"[^>]*>([^<]+)</a></li>', nav)

    assert header(lead) == [("/judging/", "评审工作台"), ("/judging/lead/", "主审工作台")]
    assert header(contact) == [("/vetting/", "单位负责人确认")]
    assert header(pending) == [("/portal/", "参赛中心")]  # not approved yet: nothing to vet
    assert header(expert) == [("/experts/me/", "专家资料")]
    client.logout()
    response = client.post(reverse("contests:login"), {"username": contact.email, "password": PASSWORD})
    assert response["Location"] == "/vetting/"
