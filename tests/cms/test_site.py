import pytest
from django.core.management import call_command
from wagtail.models import Page

from cms.models import HomePage, SiteSettings, StandardPage, User


@pytest.mark.django_db
def test_home_page_is_served_in_chinese_with_the_site_name(client, demo_site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert "<title>数用 · 公共数据应用展示与创新大赛</title>" in html
    assert "让公共数据用起来" in html


@pytest.mark.django_db
def test_footer_shows_the_icp_filing_number(client, demo_site):
    html = client.get("/").content.decode()
    assert "鲁ICP备00000000号-1" in html


@pytest.mark.django_db
def test_english_is_available_through_the_language_switcher(client, demo_site):
    html = client.get("/").content.decode()
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html
    response = client.get("/en/")
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


@pytest.mark.django_db
def test_the_old_language_form_still_lands_on_the_english_address(client, demo_site):
    # Bookmarked or cached pages may still post to Django's set_language view.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain == [("/en/", 302)]
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gets_the_translated_404_page(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_sent(client, demo_site):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_login_page_is_in_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    counts = (Page.objects.count(), User.objects.count(), SiteSettings.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), User.objects.count(), SiteSettings.objects.count()) == counts
    assert HomePage.objects.count() == 1
    assert StandardPage.objects.filter(slug="about").count() == 1
    out = capsys.readouterr().out
    assert "admin@shuyong.example / shuyong-admin" in out


@pytest.mark.django_db
def test_load_demo_replaces_the_wagtail_placeholder_with_our_home_page():
    call_command("load_demo")
    assert not Page.objects.filter(slug="welcome-placeholder").exists()
    assert Page.objects.get(depth=2).specific_class is HomePage
    assert User.objects.get(email="admin@shuyong.example").check_password("shuyong-admin")


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, demo_site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "跳到主要内容" in html
