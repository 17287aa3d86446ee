"""The public pages' layout in Chromium at 1366×900 and 390×844: a phone listing starts with its
search box and results (the facets in a drawer), the desktop sidebar never scrolls inside the page,
the header is one row on laptops and folds behind "菜单" on phones, the home page's six cards make
rows of three, and a finished contest shows its winners as cards. axe finds nothing serious.

Screenshots of the phone listing and the home page go to <SCREENSHOT_DIR>/after/.
"""

import datetime as dt
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.demo import ensure_child
from cms.models import HomePage
from contests.models import (
    Award,
    AwardCategory,
    AwardLevel,
    ContestIndexPage,
    ContestPage,
    Promotion,
    ResultPublication,
)
from scenes.choices import NodeKind, RecognitionLevel
from scenes.models import Node, SceneIndexPage, SolutionIndexPage
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import eligible_entry, open_round, organiser
from tests.e2e.conftest import SCREENSHOT_DIR, save_screenshot
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in
from tests.scenes.factories import (
    DataResourceFactory,
    DomainFactory,
    ProviderFactory,
    ScenePageFactory,
    SolutionPageFactory,
)

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AFTER = SCREENSHOT_DIR / "after"
INTRODUCTION = (
    "全省各地各部门利用共享数据打造的应用场景：按城市、领域、数据资源筛选，"
    "看数据如何让群众少跑腿、企业好办事、治理更精准。"
)
DOMAINS = ["教育", "医疗健康", "养老服务", "城市治理", "交通出行", "政务服务"]


def _showcase():
    """A catalogue like the demo's: a scene in each of the 16 cities, six domains, twenty data
    resources, typical scenes and solutions for the home page, and the contest index in the menu."""
    home = HomePage.objects.get()
    scenes = ensure_child(
        home, SceneIndexPage, "scenes", title="应用场景", show_in_menus=True, introduction=INTRODUCTION
    )
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案", show_in_menus=True)
    ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    domains = [DomainFactory(name=name, slug=f"domain-{index}") for index, name in enumerate(DOMAINS)]
    resources = [DataResourceFactory(name=f"共享数据资源{index:02d}", slug=f"res-{index:02d}") for index in range(20)]
    cities = list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order"))
    assert len(cities) == 16
    for index, node in enumerate(cities):
        ScenePageFactory(
            parent=scenes,
            title=f"{node.name}数据惠民应用{index:02d}",
            slug=f"scene-{index:02d}",
            node=node,
            domains=[domains[index % 6]],
            data_resources=[resources[index], resources[(index + 7) % 20]],
            tags=[f"标签{index % 4}"],
            level=RecognitionLevel.TYPICAL if index < 6 else RecognitionLevel.LISTED,
            launch_date=dt.date(2020 + index % 5, 3, 1),
        )
    for index in range(6):
        SolutionPageFactory(
            parent=solutions, title=f"数据应用解决方案{index}", slug=f"solution-{index}", domains=[domains[index]]
        )
    return cities


def _finished_contest():
    """A contest whose final results are published: five winners in two tracks, one promoted into a
    live solution page."""
    home = HomePage.objects.get()
    index = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    contest = ContestFactory(slug="shuyong-2025", name="2025 数据应用创新创业大赛")
    page = ensure_child(index, ContestPage, contest.slug, title=contest.name, contest=contest)
    round_ = open_round(contest)
    boss = organiser()
    first = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, sort_order=1)
    second = AwardCategory.objects.create(contest=contest, name="二等奖", level=AwardLevel.SECOND, sort_order=2)
    entries, awards = [], []
    for track_index, track_name in enumerate(("智慧养老", "城市治理")):
        track = TrackFactory(contest=contest, name=track_name, sort_order=track_index)
        for rank in (1, 2, 3)[: 3 - track_index]:
            team = TeamFactory(contest=contest, name=f"{track_name}队{rank}", organisation=f"{track_name}单位{rank}")
            entry = eligible_entry(
                contest,
                track,
                team=team,
                title=f"{track_name}作品{rank}",
                abstract=f"{track_name}作品{rank}的摘要：共享数据赋能。",
            )
            awards.append(
                Award.objects.create(
                    category=first if rank == 1 else second,
                    entry=entry,
                    round=round_,
                    track=track,
                    rank=rank,
                    awarded_by=boss,
                )
            )
            entries.append(entry)
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_,
        published_by=boss,
        published_at=now - timedelta(days=8),
        notice_ends_at=now - timedelta(days=1),
        finalised_by=boss,
        finalised_at=now,
    )
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案", show_in_menus=True)
    solution = SolutionPageFactory(parent=solutions, title="银龄关爱解决方案", slug="silver-care")
    Promotion.objects.create(
        entry=entries[0], award=awards[0], solution_page=solution, provider=ProviderFactory(), promoted_by=boss
    )
    return page, entries, solution


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_phone_listing_starts_with_search_and_results_and_the_drawer_works_by_keyboard(page, live_site):
    _showcase()
    page.set_viewport_size(PHONE)
    for path in ("/scenes/", "/solutions/"):
        page.goto(f"{live_site}{path}")
        assert _box(page, "#listing-q")["y"] + _box(page, "#listing-q")["height"] < PHONE["height"], path
        assert _box(page, ".listing-results .card")["y"] < PHONE["height"] - 100, path  # a card shows, not a sliver
        assert page.locator("#listing-filters").is_hidden(), path
    save_screenshot(page, AFTER / "phone-listing-solutions.png")

    page.goto(f"{live_site}/scenes/")
    save_screenshot(page, AFTER / "phone-listing.png")
    toggle = page.locator("button.filter-open")
    assert page.locator("a.filter-open").is_hidden()  # the no-JS link gives way to the button
    toggle.focus()
    page.keyboard.press("Enter")
    drawer = page.locator("#listing-filters")
    assert drawer.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert (drawer.get_attribute("role"), drawer.get_attribute("aria-modal")) == ("dialog", "true")
    assert page.evaluate("document.activeElement.classList.contains('drawer-close')")
    page.keyboard.press("Shift+Tab")  # the focus stays in the open drawer
    assert page.evaluate("document.getElementById('listing-filters').contains(document.activeElement)")
    save_screenshot(page, AFTER / "phone-listing-drawer.png")
    page.keyboard.press("Escape")
    assert drawer.is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('filter-open')")

    # Space opens it too; the close button (查看 N 项结果) closes it and gives the focus back.
    page.keyboard.press("Space")
    assert drawer.is_visible()
    assert page.locator(".drawer-close").inner_text() == "查看 16 项结果"
    page.keyboard.press("Enter")
    assert drawer.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('filter-open')")


def test_phone_listing_drawer_without_javascript(browser, live_site):
    _showcase()
    context = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_site}/scenes/?node=heze")
        assert page.locator("#listing-filters").is_hidden()
        assert page.locator("button.filter-open").is_hidden()
        page.click("a.filter-open")
        assert page.locator("#listing-filters").is_visible()
        assert page.locator("a.filter-open").inner_text() == "筛选（1）"
        page.click(".drawer-close")
        assert page.locator("#listing-filters").is_hidden()
        # The header's menu stays open without the toggle.
        assert page.locator(".nav-toggle").is_hidden()
        assert page.locator(".main-nav").is_visible()
    finally:
        context.close()


SCROLL_BOXES = """() => [document.querySelector('.listing-filters'), ...document.querySelectorAll('.listing-filters *')]
    .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight)
    .map(el => el.className || el.tagName)"""


def test_desktop_sidebar_has_no_scroll_box_and_folds_long_facets(page, live_site):
    cities = _showcase()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_site}/scenes/")
    assert page.evaluate(SCROLL_BOXES) == []
    city_facet = page.locator("section.facet", has=page.locator("#facet-node"))
    shown = city_facet.locator(":scope > ul .facet-label")
    assert shown.all_inner_texts() == [node.name for node in cities[:8]]
    assert city_facet.locator(".facet-more summary").inner_text() == "显示更多（8）"
    assert city_facet.locator(".facet-more .facet-label").first.is_hidden()
    city_facet.locator(".facet-more summary").click()
    assert city_facet.locator(".facet-more .facet-label").all_inner_texts() == [node.name for node in cities[8:]]
    resources = page.locator("section.facet", has=page.locator("#facet-resource"))
    assert resources.locator(".facet-more summary").inner_text() == "显示更多（12）"
    assert page.evaluate(SCROLL_BOXES) == []

    # A selected value past the first eight is never folded away.
    last = cities[-1]
    page.goto(f"{live_site}/scenes/?node={last.slug}")
    assert city_facet.locator(":scope > ul .facet-option.is-selected .facet-label").inner_text() == last.name
    assert city_facet.locator(".facet-more summary").inner_text() == "显示更多（7）"


def _header_is_one_row(page):
    header = _box(page, ".header-inner")
    parts = [_box(page, selector) for selector in (".brand", ".main-nav", ".header-search", ".language-switcher")]
    return header["height"] < 70 and all(part["y"] < header["y"] + 20 for part in parts)


def test_header_is_one_row_on_laptops_with_a_one_click_language_switch(page, live_site):
    _showcase()
    team_member = UserFactory(email="member@layout.example")
    TeamFactory(created_by=team_member)
    for viewport in (DESKTOP, LAPTOP):
        page.set_viewport_size(viewport)
        page.context.clear_cookies()
        page.goto(f"{live_site}/scenes/")
        assert page.locator(".main-nav a", has_text="数据应用创新创业大赛").is_visible()
        assert page.locator(".nav-toggle").is_hidden()
        assert _header_is_one_row(page), viewport
        sign_in(page, live_site, team_member)
        page.goto(f"{live_site}/scenes/")
        assert page.locator(".main-nav", has_text="退出登录").is_visible()
        assert _header_is_one_row(page), viewport
    save_screenshot(page, AFTER / "laptop-1280-header-signed-in.png")

    switch = page.locator(".language-switcher").locator("a, button")
    assert switch.count() == 1
    switch.click()
    page.wait_for_function("document.documentElement.lang === 'en'")


def test_phone_menu_toggle(page, live_site):
    _showcase()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_site}/")
    toggle = page.locator(".nav-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(".main-nav").is_hidden()
    assert _box(page, ".site-header")["height"] < 80
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".main-nav a", has_text="应用场景").is_visible()
    assert page.locator("#site-search").is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert page.locator(".main-nav").is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")
    toggle.click()
    page.click(".main-nav a:has-text('应用场景')")
    page.wait_for_url(f"{live_site}/scenes/")


ROW_SIZES = """sel => {
    const rows = {};
    for (const el of document.querySelectorAll(sel)) {
        const top = Math.round(el.getBoundingClientRect().top);
        rows[top] = (rows[top] || 0) + 1;
    }
    return Object.keys(rows).map(Number).sort((a, b) => a - b).map(top => rows[top]);
}"""


def test_home_grids_make_rows_of_three(page, live_site):
    _showcase()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_site}/")
    for heading in ("home-typical-heading", "home-solutions-heading"):
        grid = f"section[aria-labelledby='{heading}'] .card-grid > .card"
        assert page.evaluate(ROW_SIZES, grid) == [3, 3], heading
    page.set_viewport_size({"width": 800, "height": 900})
    assert page.evaluate(ROW_SIZES, "section[aria-labelledby='home-typical-heading'] .card") == [2, 2, 2]
    page.set_viewport_size(PHONE)
    assert page.evaluate(ROW_SIZES, "section[aria-labelledby='home-typical-heading'] .card") == [1] * 6
    save_screenshot(page, AFTER / "phone-home.png")
    page.set_viewport_size(DESKTOP)
    save_screenshot(page, AFTER / "desktop-home.png")


def test_winners_of_a_finished_contest_are_cards(page, live_site):
    contest_page, _entries, solution = _finished_contest()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_site}{contest_page.url}")
    cards = page.locator("#results .winner")
    assert cards.count() == 5
    assert page.evaluate(ROW_SIZES, "#results .winner") == [3, 2]
    first = cards.nth(0)
    assert first.locator(".winner-track").inner_text() == "智慧养老"
    assert first.locator(".award-names").inner_text() == "一等奖"
    assert first.locator(".winner-title").inner_text() == "智慧养老作品1"
    assert first.locator(".winner-summary").inner_text() == "智慧养老作品1的摘要：共享数据赋能。"
    assert first.locator(".meta").inner_text() == "智慧养老队1 · 智慧养老单位1"
    assert first.locator(".winner-solution a").get_attribute("href") == solution.url
    assert cards.nth(1).locator(".winner-solution").count() == 0
    save_screenshot(page, AFTER / "desktop-contest-winners.png")
    first.locator(".winner-solution a").click()
    page.wait_for_selector("h1:has-text('银龄关爱解决方案')")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_site}{contest_page.url}#results")
    assert page.evaluate(ROW_SIZES, "#results .winner") == [1] * 5
    save_screenshot(page, AFTER / "phone-contest-winners.png")


def test_touched_pages_have_no_serious_axe_violations_at_both_sizes(page, live_site):
    cities = _showcase()
    contest_page, _entries, _solution = _finished_contest()
    paths = ["/", "/scenes/", f"/scenes/?node={cities[-1].slug}", "/solutions/", contest_page.url]
    findings = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(f"{live_site}{path}")
            findings[f"{name} {path}"] = axe_violations(page)
        # The open drawer and the open menu on the phone.
        if name == "phone":
            page.goto(f"{live_site}/scenes/")
            page.click("button.filter-open")
            findings["phone drawer"] = axe_violations(page)
            page.keyboard.press("Escape")
            page.click(".nav-toggle")
            findings["phone menu"] = axe_violations(page)
    blocking = {
        key: [v for v in violations if v["impact"] in BLOCKING]
        for key, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps(blocking, ensure_ascii=False, indent=1)
