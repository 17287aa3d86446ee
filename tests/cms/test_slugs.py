"""Readable slugs: pinyin of the title, never raw Chinese, for pages made by code as by the admin;
published pages keep theirs."""

import pytest

from cms.models import StandardPage
from cms.slugs import MAX_SLUG_LENGTH, is_generated_from, readable_slug, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("智慧养老服务", "zhi-hui-yang-lao-fu-wu"),
        ("重庆银行", "chong-qing-yin-hang"),  # read by phrase, not character by character
        ("5G 智慧医疗", "5g-zhi-hui-yi-liao"),
        ("“一网通办”：入学（2026）", "yi-wang-tong-ban-ru-xue-2026"),
        ("Open Data Day", "open-data-day"),
    ],
)
def test_readable_slug_spells_the_title_in_pinyin(title, slug):
    assert readable_slug(title) == slug


def test_readable_slug_of_a_title_with_nothing_to_spell_is_a_short_stable_id():
    assert readable_slug("！？") == readable_slug("！？")
    assert readable_slug("！？").startswith("page-")
    assert len(readable_slug("！？")) == len("page-") + 8
    assert readable_slug("！？") != readable_slug("……")


def test_readable_slug_is_cut_at_a_hyphen():
    slug = readable_slug("全省公共数据开放共享与开发利用综合服务平台建设运营管理" * 3)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert not slug.endswith("-")
    assert readable_slug("全省公共数据开放共享与开发利用综合服务平台建设运营管理" * 3).startswith(slug)


def test_unique_slug_numbers_from_two():
    taken = {"zhi-hui", "zhi-hui-2"}
    assert unique_slug("zhi-hui", taken.__contains__) == "zhi-hui-3"
    assert unique_slug("yang-lao", taken.__contains__) == "yang-lao"


@pytest.mark.parametrize(
    ("slug", "generated"),
    [("zhi-hui-yang-lao", True), ("zhi-hui-yang-lao-3", True), ("yanglao", False), ("zhi-hui-3", False)],
)
def test_is_generated_from_recognises_the_titles_slug_with_or_without_a_number(slug, generated):
    assert is_generated_from(slug, "智慧养老") is generated


@pytest.mark.django_db
def test_a_page_made_by_code_without_a_slug_gets_the_pinyin_of_its_title(demo_site):
    first = demo_site.add_child(instance=StandardPage(title="数据开放指南"))
    second = demo_site.add_child(instance=StandardPage(title="数据开放指南"))
    assert (first.slug, second.slug) == ("shu-ju-kai-fang-zhi-nan", "shu-ju-kai-fang-zhi-nan-2")
    assert first.url == "/shu-ju-kai-fang-zhi-nan/"


@pytest.mark.django_db
def test_a_new_page_given_a_chinese_slug_gets_its_pinyin(demo_site):
    page = demo_site.add_child(instance=StandardPage(title="关于我们", slug="联系方式"))
    assert page.slug == "lian-xi-fang-shi"


@pytest.mark.django_db
def test_a_published_page_keeps_its_chinese_slug(demo_site):
    """Slugs made before readable slugs are public URLs: saving the page again changes nothing."""
    page = demo_site.add_child(instance=StandardPage(title="旧页面", slug="temporary"))
    StandardPage.objects.filter(pk=page.pk).update(slug="旧页面", url_path=f"{demo_site.url_path}旧页面/")
    page = StandardPage.objects.get(pk=page.pk)
    page.title = "旧页面（更新）"
    page.save_revision().publish()
    page.refresh_from_db()
    assert (page.slug, page.url_path) == ("旧页面", f"{demo_site.url_path}旧页面/")
