"""The whole entry flow in Chromium: sign up, verify, team, invitation, two editors, upload, submit,
receipt, withdraw and resubmit — as two people in two browser contexts."""

import re

from django.core import mail

from contests.demo.entries import make_pdf
from contests.models import Entry, EntryRevision
from tests.contests.factories import ContestFactory, TrackFactory

PASSWORD = "Ein-langes-Passwort-2026"


def local_link(body, live_site):
    """The first link of an e-mail, pointed at the live server (mails name the configured site)."""
    url = re.search(r"https?://\S+", body).group(0)
    return re.sub(r"^https?://[^/]+", live_site, url)


def sign_up(page, live_site, email, name):
    page.goto(f"{live_site}/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_real_name", name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    sent = len(mail.outbox)
    page.click("main form.stack-form button[type=submit]")
    page.wait_for_url(f"{live_site}/accounts/signup/done/")
    message = mail.outbox[sent]
    assert message.to == [email]
    page.goto(local_link(message.body, live_site))
    # The link alone activates nothing: the password of this sign-up proves it is the same person.
    page.fill("#id_password", PASSWORD)
    page.click("main form.stack-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/profile/.*"))


def messages(page):
    return page.locator(".messages .message").all_inner_texts()


def new_context_page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_entry_flow_from_sign_up_to_resubmission(browser, page, page_errors, live_site, screenshot, tmp_path):
    contest = ContestFactory(min_team_size=2, max_entries_per_team=1)
    TrackFactory(contest=contest, name="智慧养老", sort_order=1)

    # Alice signs up, verifies her address and creates a team.
    sign_up(page, live_site, "alice@example.org", "王晓丽")
    page.goto(f"{live_site}/portal/contests/{contest.slug}/teams/new/")
    page.fill("#id_name", "银龄守护队")
    page.fill("#id_organisation", "济南某大学")
    page.select_option("#id_organisation_type", "university")
    page.select_option("#id_city", index=1)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal/teams/\d+/$"))
    team_url = page.url

    # She invites Bob, who signs up in his own browser and accepts.
    page.fill("#id_email", "bob@example.org")
    sent = len(mail.outbox)
    page.click("text=发送邀请")
    page.wait_for_load_state()
    invitation_link = local_link(mail.outbox[sent].body, live_site)
    bob_context, bob = new_context_page(browser)
    sign_up(bob, live_site, "bob@example.org", "李明")
    bob.goto(invitation_link)
    bob.click("button[value=accept]")
    bob.wait_for_url(team_url)

    # Alice creates the draft.
    page.goto(team_url)
    page.click("text=新建作品")
    page.select_option("#id_track", label="智慧养老")
    page.fill("#id_title", "独居老人主动关怀平台")
    page.click("form.entry-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/portal/entries/[0-9a-f-]+/$"))
    entry_url = page.url
    entry = Entry.objects.get()

    # Both open the edit form; Alice saves first, Bob's save is refused with the differences shown.
    page.goto(entry_url + "edit/")
    bob.goto(entry_url + "edit/")
    page.fill("#id_abstract", "汇聚养老、社保数据，主动发现需要照护的独居老人。")
    page.fill("#id_approach", "规则模型加人工回访。")
    page.click("form.entry-form button[type=submit]")
    page.wait_for_url(entry_url)
    bob.fill("#id_problem", "独居老人突发状况发现不及时。")
    bob.fill("#id_expected_benefits", "响应时间缩短一半。")
    bob.click("form.entry-form button[type=submit]")
    assert bob.locator("#conflict-title").inner_text() == "保存冲突：以下内容已被其他成员修改"
    # Alice's text came into Bob's form; his own typing is still there.
    assert bob.input_value("#id_abstract") == "汇聚养老、社保数据，主动发现需要照护的独居老人。"
    assert bob.input_value("#id_problem") == "独居老人突发状况发现不及时。"
    bob.click("form.entry-form button[type=submit]")
    bob.wait_for_url(entry_url)
    entry.refresh_from_db()
    assert (entry.version, entry.abstract, entry.problem, entry.approach, entry.expected_benefits) == (
        3,
        "汇聚养老、社保数据，主动发现需要照护的独居老人。",
        "独居老人突发状况发现不及时。",
        "规则模型加人工回访。",
        "响应时间缩短一半。",
    )

    # Alice uploads the proposal PDF (a Chinese file name).
    proposal = tmp_path / "方案书.pdf"
    proposal.write_bytes(make_pdf(["Proposal of the e2e test"]))
    page.goto(entry_url)
    page.set_input_files("#upload-proposal", str(proposal))
    page.locator("form.upload-form", has=page.locator("#upload-proposal")).locator("button").click()
    page.wait_for_url(entry_url)
    assert messages(page)[0].startswith("已上传“方案书.pdf”")

    # She submits and lands on the receipt; every member gets it by e-mail.
    # 提交作品… first shows what will be submitted; only 确认提交 submits.
    sent = len(mail.outbox)
    page.click("text=提交作品…")
    page.wait_for_url(entry_url + "submit/")
    review = page.locator("main").inner_text()
    assert "方案书.pdf" in review and "王晓丽" in review and "李明" in review
    assert EntryRevision.objects.count() == 0
    page.click("button:has-text('确认提交')")
    page.wait_for_url(re.compile(r".*/receipts/SY\d{4}-[0-9A-F]+/$"))
    revision = EntryRevision.objects.get()
    receipt = page.locator("main").inner_text()
    assert revision.receipt_code in receipt
    assert "（北京时间）" in receipt
    assert revision.snapshot["files"][0]["sha256"] in receipt
    assert sorted(m.to[0] for m in mail.outbox[sent:]) == ["alice@example.org", "bob@example.org"]
    screenshot("receipt")

    # Bob withdraws; Alice resubmits: a second revision with its own receipt.
    bob.goto(entry_url)
    bob.click("text=撤回提交…")
    bob.wait_for_url(entry_url + "withdraw/")
    bob.click("button:has-text('确认撤回')")  # without the box ticked: refused, nothing changes
    assert "请勾选确认后再撤回。" in bob.locator("main").inner_text()
    assert Entry.objects.get().status == "submitted"
    bob.check("#id_confirm")
    bob.click("button:has-text('确认撤回')")
    bob.wait_for_url(entry_url)
    assert messages(bob) == ["已撤回提交，作品回到草稿状态。修改后请在截止前再次提交。"]
    page.goto(entry_url)
    page.click("text=提交作品…")
    page.click("button:has-text('确认提交')")
    page.wait_for_url(re.compile(r".*/receipts/SY\d{4}-[0-9A-F]+/$"))
    assert list(EntryRevision.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert "第 2 次提交" in page.locator("main").inner_text()
    assert page_errors == []
    bob_context.close()
