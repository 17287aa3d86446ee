"""English under /en/, Chinese at the unprefixed addresses: the URL decides, whatever the cookie or
the browser says; the switcher and the <head> alternates point at the same page in the other language."""

import re

import pytest
from django.conf import settings

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def alternates(html):
    return ALTERNATE.findall(html)


def switcher_links(html):
    nav = html[html.index('<nav class="language-switcher"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)


@pytest.mark.django_db
def test_unprefixed_home_is_chinese_whatever_the_cookie_and_the_browser_say(client, demo_site):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "跳到主要内容" in html
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_english_home_is_english_even_for_a_chinese_browser(client, demo_site):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "<h1>Putting public data to work</h1>" in html
    assert "<title>Shuyong · Public Data Applications and Innovation Contest</title>" in html
    assert '<a href="/en/about/">About Shuyong</a>' in html
    assert '<a class="brand" href="/en/">' in html
    assert "<strong>Shuyong</strong>" in html
    assert "Provincial Big Data Bureau" in html


@pytest.mark.django_db
def test_chinese_home_keeps_its_chinese_titles_and_menu(client, demo_site):
    html = client.get("/").content.decode()
    assert "<h1>让公共数据用起来</h1>" in html
    assert '<a href="/about/">关于数用</a>' in html
    assert '<a class="brand" href="/">' in html
    assert "<strong>数用</strong>" in html
    assert "Shuyong" not in html


@pytest.mark.django_db
def test_switcher_links_to_the_same_page_in_each_language(client, demo_site):
    chinese = client.get("/about/").content.decode()
    english = client.get("/en/about/").content.decode()
    # One link, to the other language: one click, and the header stays on one row.
    assert switcher_links(chinese) == [("/en/about/", "en")]
    assert switcher_links(english) == [("/about/", "zh-Hans")]
    assert '<a href="/en/about/" hreflang="en" lang="en">English</a>' in chinese
    assert '<a href="/about/" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in english


@pytest.mark.django_db
def test_head_lists_both_languages_and_the_chinese_default(client, demo_site):
    expected = [
        ("zh-Hans", "http://testserver/about/"),
        ("en", "http://testserver/en/about/"),
        ("x-default", "http://testserver/about/"),
    ]
    assert alternates(client.get("/about/").content.decode()) == expected
    assert alternates(client.get("/en/about/").content.decode()) == expected


@pytest.mark.django_db
def test_english_standard_page_has_its_english_title_and_introduction(client, demo_site):
    html = client.get("/en/about/").content.decode()
    assert "<h1>About Shuyong</h1>" in html
    assert "Applications first, and contests that lead to use" in html
    assert "<title>About Shuyong · " in html


@pytest.mark.django_db
def test_english_404_stays_english(client, demo_site):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert '<a href="/en/">' in response.content.decode()


@pytest.mark.django_db
def test_back_office_and_machine_addresses_have_no_english_prefix(client, demo_site):
    assert client.get("/en/admin/login/").status_code == 404
    assert client.get("/en/api/v2/pages/").status_code == 404
    assert client.get("/en/sitemap.xml").status_code == 404
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db
def test_login_redirect_keeps_the_language(client, demo_site):
    assert client.get("/portal/")["Location"] == "/accounts/login/?next=/portal/"
    assert client.get("/en/portal/")["Location"] == "/en/accounts/login/?next=/en/portal/"
    english_login = client.get("/en/accounts/login/").content.decode()
    assert '<html lang="en">' in english_login
