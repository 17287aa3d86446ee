"""Before/after screenshots for #14: judge's first login, entry form data resources, phone listing,
English home (Debian's Chromium through Playwright, against a server with the demo content).

usage: python shoot.py BASE_URL OUTDIR [english_url]   (without english_url: the old language cookie)
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
english_url = sys.argv[3] if len(sys.argv) > 3 else None
out.mkdir(parents=True, exist_ok=True)


def login(page, email, password):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username], input[name=email], input[type=email]", email)
    page.fill("input[type=password]", password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
    # 1 judge first login
    ctx = b.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    login(page, "judge1@shuyong.example", "shuyong-judge")
    print("judge lands on", page.url)
    page.screenshot(path=str(out / "judge-first-login.png"))
    ctx.close()
    # 2 entry form data resources
    ctx = b.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    login(page, "team1@shuyong.example", "shuyong-team")
    page.goto(base + "/portal/")
    links = page.locator("main a[href$='/entries/new/']")
    if links.count():
        links.first.click()
        page.wait_for_load_state("networkidle")
        loc = page.locator("input[type=checkbox]").first
        if loc.count():
            loc.scroll_into_view_if_needed()
        print("entry form", page.url)
    page.screenshot(path=str(out / "entry-form-data-resources.png"))
    ctx.close()
    # 3 phone listing
    ctx = b.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = ctx.new_page()
    page.goto(base + "/scenes/")
    page.screenshot(path=str(out / "phone-listing.png"))
    ctx.close()
    # 4 English home
    ctx = b.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    if english_url:
        page = ctx.new_page()
        page.goto(base + english_url)
    else:
        host = base.split("//")[1].split(":")[0]
        ctx.add_cookies([{"name": "django_language", "value": "en", "domain": host, "path": "/"}])
        page = ctx.new_page()
        page.goto(base + "/")
    page.screenshot(path=str(out / "english-home.png"))
    ctx.close()
    b.close()
