"""The English site in Chromium: the home page and the scene catalogue under /en/, the language
switcher's round trip with the filters kept, and axe (no serious or critical violation) at desktop
and phone widths. Saves the English home page to <screenshots>/after/english-home.png."""

import json

from cms.demo import ensure_child, fill_english
from cms.models import HomePage
from scenes.models import Domain, SceneIndexPage
from tests.e2e.conftest import SCREENSHOT_DIR, save_screenshot
from tests.e2e.test_accessibility import BLOCKING, axe_violations
from tests.scenes.factories import ScenePageFactory, city

VIEWPORTS = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})


def _catalogue():
    scenes = ensure_child(HomePage.objects.get(), SceneIndexPage, "scenes", title="应用场景", show_in_menus=True)
    fill_english(scenes, title_en="Application scenes", introduction_en="Applications built on shared data.")
    elderly = Domain.objects.create(name="智慧养老", name_en="Smart Elderly Care", slug="elderly-care")
    scenes_to_make = (("elderly-alone", "独居老人智慧养老关怀", "jinan"), ("port-pass", "港口通关一次办", "qingdao"))
    for slug, title, node in scenes_to_make:
        ScenePageFactory(parent=scenes, title=title, slug=slug, node=city(node), level="typical", domains=[elderly])


def test_english_home_and_catalogue_in_chromium(page, page_errors, live_site):
    _catalogue()
    page.set_viewport_size(VIEWPORTS[0])
    page.goto(f"{live_site}/en/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Putting public data to work"
    assert page.locator(".main-nav a", has_text="Application scenes").count() == 1
    assert sorted(page.locator(".card-city").all_inner_texts()) == ["Jinan", "Qingdao"]
    save_screenshot(page, SCREENSHOT_DIR / "after" / "english-home.png")

    page.goto(f"{live_site}/en/scenes/?node=jinan")
    assert page.locator("h1").inner_text() == "Application scenes"
    page.click(".language-switcher a[hreflang=zh-Hans]")
    page.wait_for_url(f"{live_site}/scenes/?node=jinan")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "应用场景"
    page.click(".language-switcher a[hreflang=en]")
    page.wait_for_url(f"{live_site}/en/scenes/?node=jinan")
    assert page.locator(".card-city").all_inner_texts() == ["Jinan"]
    assert page_errors == []


def test_english_pages_have_no_serious_axe_violations(page, live_site):
    _catalogue()
    findings = {}
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for path in ("/en/", "/en/scenes/", "/en/scenes/elderly-alone/"):
            response = page.goto(f"{live_site}{path}")
            assert response.status == 200, path
            findings[f"{path} @{viewport['width']}"] = axe_violations(page)
    summary = {key: {f"{v['impact']}:{v['id']}": v["count"] for v in found} for key, found in findings.items()}
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {key: [v for v in found if v["impact"] in BLOCKING] for key, found in findings.items()}
    assert {key: found for key, found in blocking.items() if found} == {}, json.dumps(summary, indent=1)


def _header_fits(page):
    """Nothing in the header runs past the window (no sideways scrolling, the switcher fully shown)."""
    return page.evaluate(
        """() => {
          const right = document.querySelector('.language-switcher').getBoundingClientRect().right;
          return document.documentElement.scrollWidth <= window.innerWidth && right <= window.innerWidth;
        }"""
    )


def test_the_english_header_fits_laptop_widths_even_with_a_long_menu_title(page, live_site):
    from contests.models import ContestIndexPage

    _catalogue()
    home = HomePage.objects.get()
    contests = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    fill_english(contests, title_en="Data Innovation Contest")  # the demo's English title
    for width in (1366, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_site}/en/")
        assert _header_fits(page), width
        header, switcher = (
            page.locator(".header-inner").bounding_box(),
            page.locator(".language-switcher").bounding_box(),
        )
        assert header["height"] < 70 and switcher["y"] < header["y"] + 20, width  # one row

    # An editor's much longer menu title wraps the menu instead of pushing the switcher off the page.
    contests.title_en = "Provincial Public Data Application Innovation and Entrepreneurship Contest"
    contests.save_revision().publish()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_site}/en/")
    assert _header_fits(page)
