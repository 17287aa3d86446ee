"""A page with a bilibili video in Chromium: the player iframe is framed without a CSP refusal.

Nothing leaves the machine: requests to the player's origin are answered by a stand-in page, so the
browser really frames that origin and checks it against the page's frame-src.
"""

from pathlib import Path

from cms.models import HomePage, StandardPage

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PLAYER = "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&p=1&autoplay=0"
# Violations as the page reports them to itself (a CSP refusal also reaches the console: page_errors).
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
"""
# The player's content is the provider's, not ours: axe checks our document only.
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations'], iframes: false});
    return result.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id);
}"""


def _page_with_video():
    page = StandardPage(
        title="数据开放宣传片",
        slug="video",
        body=[("embed", "https://www.bilibili.com/video/BV1GJ411x7h7/")],
    )
    HomePage.objects.get().add_child(instance=page)
    return page


def _stand_in_player(page):
    page.route(
        "https://player.bilibili.com/**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body="<!doctype html><title>player</title><p>视频播放器</p>",
        ),
    )


def test_a_bilibili_embed_is_framed_without_a_csp_refusal(page, page_errors, live_site, screenshot):
    video = _page_with_video()
    _stand_in_player(page)
    page.add_init_script(COLLECT_VIOLATIONS)

    page.goto(f"{live_site}{video.url}")
    iframe = page.locator(".embed-block iframe")
    iframe.scroll_into_view_if_needed()  # loading="lazy": framed only once it is near the viewport
    player = page.frame_locator(".embed-block iframe").locator("p")
    assert player.inner_text() == "视频播放器"

    assert (iframe.get_attribute("src"), iframe.get_attribute("title")) == (PLAYER, "哔哩哔哩视频")
    assert page.evaluate("window.cspViolations") == []
    assert page_errors == []
    assert screenshot("bilibili").stat().st_size > 0


def test_a_player_outside_the_allow_list_would_be_refused_by_the_csp(page, page_errors, live_site):
    # The other side of the test above: the same page framing an origin the allow-list does not name.
    video = _page_with_video()
    page.add_init_script(COLLECT_VIOLATIONS)
    page.goto(f"{live_site}{video.url}")
    page.evaluate(
        "() => { const f = document.createElement('iframe'); f.src = 'https://player.example.net/x'; "
        "document.body.append(f); }"
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.cspViolations") == [
        "frame-src https://player.example.net"
    ]  # the browser reports the origin only
    assert any("frame-src" in error for error in page_errors)


def test_the_video_page_has_no_serious_axe_violation_on_desktop_and_phone(page, live_site):
    video = _page_with_video()
    _stand_in_player(page)
    found = {}
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_site}{video.url}")
        page.add_script_tag(path=str(AXE))
        found[width] = page.evaluate(RUN_AXE)
        box = page.locator(".embed-block iframe").bounding_box()
        # 16:9 and within the column at either width.
        assert box["width"] <= width and abs(box["height"] - box["width"] * 9 / 16) < 2
    assert found == {1366: [], 390: []}
