"""Search that forgives how people type Chinese: traditional characters and pinyin (cms.search)."""

import pytest
from wagtail.models import Page

from cms.search import filter_by_search, highlight, search_pages
from cms.search.pinyin import pinyin_keys, pinyin_query, sounds_like
from cms.search.variants import to_simplified
from tests.cms.test_search import add_page


def titles(results):
    return sorted(page.title for page in results)


def live_pages():
    return Page.objects.live().public().filter(depth__gt=2).exclude(title="关于数用")


@pytest.fixture
def pages(demo_site):
    add_page(demo_site, "济南市智慧养老服务平台", introduction="为独居老人提供紧急呼叫与上门服务。")
    add_page(demo_site, "社区养老驿站", introduction="家门口的日间照料。")
    add_page(demo_site, "全省义务教育入学一网通办", introduction="通过共享户籍、房产和社保数据实现入学网上报名。")
    add_page(demo_site, "重庆路交通信号优化", introduction="路口信号灯按车流配时。")
    return demo_site


def test_to_simplified_converts_characters_and_phrases():
    assert to_simplified("養老服務平臺") == "养老服务平台"
    assert to_simplified("後台 乾坤") == "后台 乾坤"
    assert to_simplified("养老 5G") == "养老 5G"


def test_pinyin_keys_start_at_every_word_in_full_and_as_initials():
    assert pinyin_keys("智慧养老服务平台") == [
        "zhihuiyanglaofuwupingtai",
        "zhylfwpt",
        "yanglaofuwupingtai",
        "ylfwpt",
        "fuwupingtai",
        "fwpt",
        "pingtai",
        "pt",
    ]
    # Read by phrase: 重庆 is chongqing, not zhongqing.
    assert pinyin_keys("重庆")[:2] == ["chongqing", "cq"]
    assert pinyin_keys("Open Data") == []


def test_sounds_like_matches_a_prefix_of_the_full_pinyin_or_the_initials_of_any_word():
    names = ["济南", "智慧养老", "医院挂号数据", "青岛"]
    assert sounds_like("jina", names) == ["济南"]
    assert sounds_like("yanglao", names) == ["智慧养老"]
    assert sounds_like("yygh", names) == ["医院挂号数据"]
    assert sounds_like("shanghai", names) == []


@pytest.mark.parametrize(
    ("query", "letters"),
    [("yanglao", "yanglao"), ("Yang Lao", "yanglao"), ("ylfw", "ylfw"), ("y", ""), ("5G", ""), ("养老", "")],
)
def test_only_latin_letters_are_read_as_pinyin(query, letters):
    assert pinyin_query(query) == letters


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["養老", "养老"])
def test_a_traditional_query_finds_what_the_simplified_one_finds(pages, query):
    assert titles(search_pages(live_pages(), query)) == ["济南市智慧养老服务平台", "社区养老驿站"]
    assert titles(filter_by_search(live_pages(), query)) == ["济南市智慧养老服务平台", "社区养老驿站"]


@pytest.mark.django_db
def test_a_traditional_phrase_query_finds_its_simplified_words(pages):
    assert titles(search_pages(live_pages(), "義務教育 戶籍")) == ["全省义务教育入学一网通办"]


def test_highlight_marks_the_simplified_words_of_a_traditional_query():
    assert highlight("济南市智慧养老服务平台", "養老服務") == "济南市智慧<mark>养老服务</mark>平台"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yanglao", ["济南市智慧养老服务平台", "社区养老驿站"]),  # full pinyin of a word, mid-title
        ("yangl", ["济南市智慧养老服务平台", "社区养老驿站"]),  # a prefix of it
        ("ylfw", ["济南市智慧养老服务平台"]),  # initials
        ("YangLao FuWu", ["济南市智慧养老服务平台"]),  # spaces and capitals
        ("sqyl", ["社区养老驿站"]),
        ("chongqing", ["重庆路交通信号优化"]),  # polyphonic 重 read by phrase
        ("yiwangtongban", ["全省义务教育入学一网通办"]),
        ("hujiao", []),  # 呼叫 is in the introduction, not the title
        ("zzzz", []),
    ],
)
def test_a_latin_letter_query_finds_titles_by_pinyin(pages, query, expected):
    assert titles(search_pages(live_pages(), query)) == expected
    assert titles(filter_by_search(live_pages(), query)) == expected


@pytest.mark.django_db
def test_pinyin_matches_come_after_word_matches(demo_site):
    add_page(demo_site, "爱心食堂", introduction="老人就餐补贴。")
    add_page(demo_site, "AI 辅助审批", introduction="用 AI 预审材料。")
    assert [page.title for page in search_pages(live_pages(), "ai")] == ["AI 辅助审批", "爱心食堂"]


@pytest.mark.django_db
def test_search_page_finds_and_highlights_a_traditional_query(client, pages):
    html = client.get("/search/", {"q": "養老"}).content.decode()
    assert "找到 3 条与“養老”相关的结果" in html  # the about page speaks of 智慧养老 too
    assert "济南市智慧<mark>养老</mark>服务平台" in html
    assert "社区<mark>养老</mark>驿站" in html


@pytest.mark.django_db
def test_search_page_pages_through_word_and_pinyin_matches(client, demo_site):
    add_page(demo_site, "AI 辅助审批", introduction="用 AI 预审材料。")
    for number in range(10):
        add_page(demo_site, f"爱心食堂第{number}号", slug=f"canteen-{number}")
    first = client.get("/search/", {"q": "ai"}).content.decode()
    second = client.get("/search/", {"q": "ai", "page": 2}).content.decode()
    assert "找到 11 条" in first
    assert first.count('<li class="search-result">') == 10
    assert first.index("<mark>AI</mark> 辅助审批") < first.index("<mark>爱</mark>心食堂第0号")
    assert second.count('<li class="search-result">') == 1
    assert "<mark>爱</mark>心食堂第9号" in second


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("yanglao", "社区<mark>养老</mark>服务驿站"),
        ("yangl", "社区<mark>养老</mark>服务驿站"),  # the syllable being typed is marked whole
        ("ylfw", "社区<mark>养老服务</mark>驿站"),
        ("sqyl", "<mark>社区养老</mark>服务驿站"),
        ("zzz", "社区养老服务驿站"),
    ],
)
def test_highlight_marks_the_characters_a_pinyin_query_spells(query, marked):
    assert highlight("社区养老服务驿站", query) == marked


@pytest.mark.django_db
def test_search_page_marks_a_title_found_by_pinyin(client, pages):
    html = client.get("/search/", {"q": "ylfw"}).content.decode()
    assert "济南市智慧<mark>养老服务</mark>平台</a>" in html
