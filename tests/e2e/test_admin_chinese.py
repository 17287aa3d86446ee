"""The scene editor in Chromium, as a city editor with the admin in zh-hans: what Wagtail's
JavaScript draws (StreamField, side panels, autosave, the resource picker) is Chinese too; the data
resource picker searches the catalogue and adds a match with the keyboard, keeping what is ticked;
and the taxonomy checkboxes and the picker have no serious or critical axe violations on a desktop
and a phone screen."""

from django.urls import reverse
from wagtail.users.models import UserProfile

from cms.demo import ensure_child, ensure_user
from cms.models import HomePage
from scenes.models import SceneIndexPage, SolutionIndexPage
from scenes.services.editorial import ensure_editorial_setup
from tests.e2e.test_accessibility import AXE, BLOCKING, RUN_AXE, sign_in
from tests.scenes.admin_text import SPOKEN_ATTRIBUTES, english_in
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, city

DEPARTMENTS = ["省公安厅", "省人社厅", "省卫健委"]
# What the browser shows or reads out now: text of rendered elements (CSS included, unlike the
# HTML) and the spoken attributes of rendered elements.
VISIBLE_TEXTS = """(attributes) => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest('script, style, svg')) continue;
        if (parent.checkVisibility({visibilityProperty: true})) texts.push(node.textContent.trim());
    }
    for (const el of document.body.querySelectorAll('*')) {
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        for (const name of attributes) {
            const value = (el.getAttribute(name) || '').trim();
            if (value) texts.push(value);
        }
    }
    return texts;
}"""


def english_on_screen(page):
    return english_in(page.evaluate(VISIBLE_TEXTS, list(SPOKEN_ATTRIBUTES)))


RUN_AXE_ON_CHECKBOXES = RUN_AXE.replace(
    "axe.run(document,", "axe.run({include: [['div.taxonomy-checkboxes'], ['div.resource-picker']]},"
)


def _editor_and_scene():
    home = HomePage.objects.get()
    scenes = ensure_child(home, SceneIndexPage, "scenes", title="应用场景")
    solutions = ensure_child(home, SolutionIndexPage, "solutions", title="解决方案")
    _moderators, cities, _workflow = ensure_editorial_setup(scenes, solutions)
    editor = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True, real_name="济南编辑")
    editor.groups.add(cities["jinan"])
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "zh-hans"
    profile.save()
    domains = [DomainFactory(name=name, slug=f"d{i}", sort_order=i) for i, name in enumerate(["教育", "智慧养老"])]
    resources = [
        DataResourceFactory(name=f"资源{i:02d}", slug=f"r{i:02d}", department=DEPARTMENTS[i % 3]) for i in range(24)
    ]
    scene = ScenePageFactory(
        parent=scenes,
        title="济南社保场景",
        slug="jinan-social",
        node=city("jinan"),
        domains=domains[:1],
        data_resources=resources[:1],
    )
    return editor, scene


def test_scene_editor_drawn_by_javascript_is_chinese_and_the_picker_works(page, page_errors, live_site, screenshot):
    editor, scene = _editor_and_scene()
    sign_in(page, live_site, editor)
    page.goto(live_site + reverse("wagtailadmin_pages:edit", args=[scene.pk]))
    page.wait_for_load_state("networkidle")
    page.locator("[data-streamfield-stream-container]").first.wait_for()  # the body's StreamField is drawn

    assert english_on_screen(page) == {}
    # The block chooser of the body, drawn by JavaScript when asked for.
    page.get_by_role("button", name="插入块").first.click()
    page.get_by_role("dialog").or_(page.locator(".w-combobox")).first.wait_for()
    assert english_on_screen(page) == {}
    page.keyboard.press("Escape")

    # The resource picker: labelled in Chinese, finds a department's resources, adds one with the
    # keyboard, keeps what is ticked.
    chosen = page.locator("#id_data_resources [data-picker-chosen] input[type=checkbox]:checked")
    assert chosen.count() == 1
    box = page.get_by_role("searchbox", name="使用的数据资源")
    box.fill("公安 资源03")
    add = page.get_by_role("button", name="添加 资源03（省公安厅）")
    add.wait_for()
    assert page.locator("#id_data_resources [data-picker-status]").inner_text() == "找到 1 项数据资源。"
    add.focus()
    page.keyboard.press("Enter")
    assert chosen.count() == 2
    assert english_on_screen(page) == {}
    box.scroll_into_view_if_needed()
    screenshot("scene-editor")
    assert page_errors == []


def test_taxonomy_checkboxes_have_no_serious_axe_violations(page, live_site):
    editor, scene = _editor_and_scene()
    sign_in(page, live_site, editor)
    findings = {}
    for width, height in [(1366, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_site + reverse("wagtailadmin_pages:edit", args=[scene.pk]))
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE_ON_CHECKBOXES)
        findings[width] = [v for v in violations if v["impact"] in BLOCKING]
    assert findings == {1366: [], 390: []}
