from cms.demo import ADMIN


def test_home_page_renders_in_chromium_without_errors(page, page_errors, live_site, screenshot):
    response = page.goto(f"{live_site}/")
    assert response.status == 200
    assert page.title() == "数用 · 公共数据应用展示与创新大赛"
    assert page.locator("h1").inner_text() == "让公共数据用起来"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page_errors == []
    assert screenshot("home").stat().st_size > 0


def test_admin_login_in_chromium_reaches_the_dashboard(page, page_errors, live_site, screenshot):
    page.goto(f"{live_site}/admin/")
    assert page.url == f"{live_site}/admin/login/?next=/admin/"
    page.fill("#id_username", ADMIN[0])
    page.fill("#id_password", ADMIN[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_site}/admin/")
    assert page.title() == "控制面板 - Wagtail"
    assert page.locator("h1").inner_text() == "数用"
    assert page_errors == []
    assert screenshot("dashboard").stat().st_size > 0
