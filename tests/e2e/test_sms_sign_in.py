"""Sign-in by SMS code in Chromium: from the login page's "手机验证码登录" link, the number, 获取验证码,
the code read from the test backend's outbox, and the person's workspace; then the phone page."""

from django.utils import timezone

from contests.services import sms
from tests.contests.factories import UserFactory

PHONE = "13800000001"


def test_sign_in_with_a_verified_number_and_the_code_from_the_outbox(page, live_site, screenshot):
    sms.outbox.clear()
    user = UserFactory(email="sms-e2e@example.org", real_name="短信用户")
    user.phone, user.phone_verified_at = PHONE, timezone.now()
    user.save(update_fields=["phone", "phone_verified_at"])

    page.goto(f"{live_site}/accounts/login/")
    page.click("text=手机验证码登录")
    page.fill("#id_phone", PHONE)
    page.click("button:has-text('获取验证码')")
    page.wait_for_selector("#id_code")
    assert "138****0001" in page.content()
    screenshot("code-step")
    code = [m for m in sms.outbox if m.phone == PHONE][-1].params["code"]
    page.fill("#id_code", code)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

    page.goto(f"{live_site}/accounts/phone/")
    page.wait_for_selector("text=138****0001")
    screenshot("phone-page")
