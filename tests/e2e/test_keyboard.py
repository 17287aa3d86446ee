"""Keyboard only, in Chromium: a team member edits and submits an entry, a judge declares no
conflict and scores — Tab, Shift+Tab, Enter, Space and typing, never a click. Every element the
focus passes on the way shows a focus outline.

The session cookie and the uploaded proposal come through Django and the ORM: signing in and
choosing a file are not what is tested here.
"""

import re

from django.conf import settings
from django.test import Client

from contests.models import EntryRevision, Score, ScoreStatus
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import ready_entry
from tests.contests.factories.judging import JudgeFactory, assign, judging_setup

MAX_TABS = 80
# What the focused element is and whether it shows an outline (the :focus-visible ring of site.css).
FOCUSED = """sel => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        matches: el.matches(sel),
        visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        name: `${el.tagName.toLowerCase()}#${el.id} ${(el.innerText || el.name || '').trim().slice(0, 20)}`,
    };
}"""


class Keyboard:
    """Moves the focus with Tab/Shift+Tab and remembers every focused element that showed no outline."""

    def __init__(self, page):
        self.page = page
        self.unfocused_outline = []

    def tab_to(self, selector, *, backwards=False):
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            focused = self.page.evaluate(FOCUSED, selector)
            if not focused["visible"]:
                self.unfocused_outline.append(focused["name"])
            if focused["matches"]:
                return
        raise AssertionError(f"{selector} not reached with {MAX_TABS} × {key} on {self.page.url}")


def sign_in(page, live_site, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_site}])


def test_entry_edited_and_submitted_with_the_keyboard_only(page, page_errors, live_site):
    leader = UserFactory(email="leader@keyboard.example", real_name="林海燕")
    entry = ready_entry(team=TeamFactory(name="银发守护队", created_by=leader), title="独居老人主动关怀平台")
    entry_url = f"{live_site}/portal/entries/{entry.uuid}/"
    sign_in(page, live_site, leader)
    page.goto(entry_url)
    keys = Keyboard(page)

    keys.tab_to(f"a[href$='/portal/entries/{entry.uuid}/edit/']")
    page.keyboard.press("Enter")
    page.wait_for_url(entry_url + "edit/")
    keys.tab_to("#id_expected_benefits")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("独居老人突发状况平均发现时间缩短一半。")
    keys.tab_to("form.entry-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(entry_url)

    # Enter on 提交作品… opens the review page: nothing is submitted yet.
    keys.tab_to("a[href$='/submit/']")
    page.keyboard.press("Enter")
    page.wait_for_url(entry_url + "submit/")
    assert "截止时间前可撤回后重新提交" in page.inner_text("main")
    assert EntryRevision.objects.filter(entry=entry).count() == 0
    keys.tab_to("form[action$='/submit/'] button[type=submit]")
    assert page.evaluate("document.activeElement.textContent") == "确认提交"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/receipts/SY\d{4}-[0-9A-F]+/$"))
    revision = EntryRevision.objects.get(entry=entry)
    assert revision.receipt_code in page.inner_text("main")
    assert revision.snapshot["fields"]["expected_benefits"] == "独居老人突发状况平均发现时间缩短一半。"
    assert keys.unfocused_outline == []
    assert page_errors == []


def test_score_declared_and_submitted_with_the_keyboard_only(page, page_errors, live_site):
    contest, round_, tracks, _judges, entries = judging_setup(judges=0, entries=1)
    judge = JudgeFactory(contest=contest, tracks=tracks)
    assignment = assign(round_, entries[0], judge, declared=False)
    criteria = list(round_.criteria.order_by("sort_order"))
    sign_in(page, live_site, judge.user)
    page.goto(f"{live_site}/judging/a/{assignment.code}/")
    keys = Keyboard(page)

    # The declaration: tick with Space, send with Enter.
    keys.tab_to("#id_confirm")
    page.keyboard.press("Space")
    keys.tab_to("form[action$='/declare/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#score-form")

    for criterion, value in zip(criteria, ["23", "21.5", "18", "16", "9"], strict=True):
        keys.tab_to(f"#id_criterion_{criterion.pk}")
        page.keyboard.type(value)
    assert page.inner_text("#running-total") == "87.50"
    keys.tab_to("#id_comment")
    page.keyboard.type("数据融合思路清晰，监测指标体系完整，建议补充运维成本测算与推广计划。")
    # Shift+Tab goes back to the last score, Tab returns to the comment: the order is the visual one.
    keys.tab_to(f"#id_criterion_{criteria[-1].pk}", backwards=True)
    keys.tab_to("#id_comment")
    keys.tab_to("button[value=submit]")
    # Enter on 提交评分 shows what will be locked, on a page of its own: nothing is submitted yet.
    page.keyboard.press("Enter")
    page.wait_for_selector("#confirm-heading")
    assert "提交后评分将被锁定，不能再修改。" in page.inner_text("main")
    assert not Score.objects.filter(assignment=assignment, status=ScoreStatus.SUBMITTED).exists()
    keys.tab_to("button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=评分已提交")

    assignment.score.refresh_from_db()
    score = assignment.score
    assert score.status == ScoreStatus.SUBMITTED
    values = [str(item.value) for item in score.items.order_by("criterion__sort_order")]
    assert values == ["23.0", "21.5", "18.0", "16.0", "9.0"]
    assert score.comment == "数据融合思路清晰，监测指标体系完整，建议补充运维成本测算与推广计划。"
    assert keys.unfocused_outline == []
    assert page_errors == []
