"""Title suggestions under the search boxes, in Chromium and with the keyboard only: the box is a
combobox (role, aria-expanded, aria-controls, aria-activedescendant), the arrow keys move through
the listbox's options, Escape closes it, Enter opens the chosen title or, with none chosen, submits
the form as it would without the script."""

import pytest
from wagtail.models import Page

from scenes.models import SceneIndexPage, SolutionIndexPage
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city


@pytest.fixture
def showcase(live_site):
    home = Page.objects.get(depth=2)
    scenes = home.add_child(instance=SceneIndexPage(title="应用场景", slug="scenes"))
    solutions = home.add_child(instance=SolutionIndexPage(title="解决方案", slug="solutions"))
    for title, slug in [("养老服务平台", "care-platform"), ("社区养老驿站", "care-station")]:
        ScenePageFactory(parent=scenes, title=title, slug=slug, node=city("qingdao")).save_revision().publish()
    SolutionPageFactory(parent=solutions, title="居家养老护理方案", slug="home-care").save_revision().publish()
    ScenePageFactory(parent=scenes, title="养老草稿", slug="care-draft", live=False)
    return live_site


def combobox_state(page, selector):
    return page.evaluate(
        """sel => {
            const input = document.querySelector(sel);
            const list = document.getElementById(input.getAttribute('aria-controls'));
            const options = [...list.querySelectorAll('[role=option]')];
            const active = input.getAttribute('aria-activedescendant');
            return {
                role: input.getAttribute('role'),
                expanded: input.getAttribute('aria-expanded'),
                listRole: list.getAttribute('role'),
                visible: !list.hidden,
                options: options.map(o => o.textContent),
                selected: options.filter(o => o.getAttribute('aria-selected') === 'true').map(o => o.textContent),
                active: active ? document.getElementById(active).textContent : null,
            };
        }""",
        selector,
    )


def test_search_box_suggests_titles_and_the_keyboard_picks_one(page, page_errors, showcase, screenshot):
    page.goto(f"{showcase}/search/")
    box = page.locator("#q")
    assert combobox_state(page, "#q")["expanded"] == "false"
    box.focus()
    box.press_sequentially("养老")
    page.wait_for_selector("#q[aria-expanded=true]")
    state = combobox_state(page, "#q")
    assert state["role"] == "combobox"
    assert state["listRole"] == "listbox"
    assert state["visible"] is True
    assert state["options"][0] == "养老服务平台"  # begins with what was typed
    assert sorted(state["options"]) == ["养老服务平台", "居家养老护理方案", "社区养老驿站"]  # never the draft
    assert state["selected"] == [] and state["active"] is None
    screenshot("open")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = state["options"][1]
    assert combobox_state(page, "#q")["selected"] == [second]
    assert combobox_state(page, "#q")["active"] == second
    page.keyboard.press("ArrowUp")
    assert combobox_state(page, "#q")["active"] == "养老服务平台"

    page.keyboard.press("Escape")
    state = combobox_state(page, "#q")
    assert (state["expanded"], state["visible"], state["active"]) == ("false", False, None)
    assert box.input_value() == "养老"

    page.keyboard.press("ArrowDown")  # opens the list again, on its first option
    assert combobox_state(page, "#q")["active"] == "养老服务平台"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{showcase}/scenes/care-platform/")
    assert page.locator("h1").inner_text() == "养老服务平台"
    assert page_errors == []


def test_pinyin_initials_suggest_a_title_and_enter_without_a_choice_submits_the_form(page, page_errors, showcase):
    page.goto(f"{showcase}/scenes/")
    box = page.locator("#listing-q")
    box.focus()
    box.press_sequentially("ylfw")
    page.wait_for_selector("#listing-q[aria-expanded=true]")
    assert combobox_state(page, "#listing-q")["options"] == ["养老服务平台"]
    page.keyboard.press("Enter")  # no option chosen: the listing's own search
    page.wait_for_url(f"{showcase}/scenes/?q=ylfw&sort=newest")
    assert page.locator(".card h3").all_inner_texts() == ["养老服务平台"]
    assert page_errors == []
