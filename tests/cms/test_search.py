"""Chinese search: recall of words inside sentences, on whatever database the suite runs on."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from cms.models import StandardPage
from cms.search import filter_by_search, search_pages


def add_page(parent, title, introduction="", body=(), publish=True, **fields):
    # A page the admin creates as a draft is not live until it is published.
    page = StandardPage(title=title, introduction=introduction, body=list(body), live=publish, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def paragraph(html):
    return {"type": "paragraph", "value": html}


def titles(results):
    return sorted(page.title for page in results)


@pytest.fixture
def enrolment(demo_site):
    return add_page(
        demo_site,
        "全省义务教育入学一网通办",
        introduction="通过共享户籍、房产和社保数据实现入学网上报名，惠及 200 多万家庭。",
        body=[paragraph("<p>2024年起，不动产登记信息与学籍系统自动比对，家长无需再提交纸质证明。</p>")],
    )


@pytest.fixture
def elderly_care(demo_site):
    return add_page(
        demo_site,
        "济南市智慧养老服务平台",
        introduction="依托5G网络和健康档案数据，为独居老人提供紧急呼叫与上门服务。",
        body=[paragraph("<p>平台汇聚民政、卫健和医保数据，2023年上线。</p>")],
    )


def live_pages():
    # The demo home and about pages speak of 数据 too; leave them out of the recall checks.
    return Page.objects.live().public().filter(depth__gt=2).exclude(title="关于数用")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("入学", "middle of the title"),
        ("一网通办", "end of the title"),
        ("户籍", "middle of the introduction"),
        ("社保数据", "two words inside the introduction"),
        ("学籍", "middle of a StreamField paragraph"),
        ("不动产登记", "a three-character word and its neighbour in the body"),
        ("纸质证明", "end of a body sentence"),
    ],
)
def test_search_finds_words_inside_sentences(enrolment, elderly_care, query, where):
    assert titles(search_pages(live_pages(), query)) == ["全省义务教育入学一网通办"], where


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("5G 智慧养老", ["济南市智慧养老服务平台"]),
        ("5g智慧养老", ["济南市智慧养老服务平台"]),
        ("2024年", ["全省义务教育入学一网通办"]),
        ("2023年 医保", ["济南市智慧养老服务平台"]),
        ("数据", ["全省义务教育入学一网通办", "济南市智慧养老服务平台"]),
    ],
)
def test_search_handles_mixed_chinese_english_and_numbers(enrolment, elderly_care, query, expected):
    assert titles(search_pages(live_pages(), query)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["量子计算", "户籍 养老", "", "  ", "，。！"])
def test_search_without_a_match_returns_nothing(enrolment, elderly_care, query):
    assert list(search_pages(live_pages(), query)) == []


@pytest.mark.django_db
def test_search_ranks_a_title_match_first(demo_site):
    add_page(demo_site, "社保卡应用", introduction="一卡通用。")
    add_page(demo_site, "公共交通", introduction="乘车时也可以出示社保卡。")
    assert [page.title for page in search_pages(live_pages(), "社保卡")] == ["社保卡应用", "公共交通"]


@pytest.mark.django_db
def test_filter_by_search_returns_a_queryset_that_can_be_filtered_further(enrolment, elderly_care):
    # slug is no search FilterField: the queryset may use any ORM filter, before or after.
    matches = filter_by_search(StandardPage.objects.live().exclude(slug="about"), "数据").exclude(
        title__startswith="济南"
    )
    assert list(matches.values_list("title", flat=True)) == ["全省义务教育入学一网通办"]


@pytest.mark.django_db
def test_filter_by_search_with_a_blank_query_keeps_the_queryset(enrolment, elderly_care):
    assert titles(filter_by_search(StandardPage.objects.live(), " ")) == [
        "全省义务教育入学一网通办",
        "关于数用",
        "济南市智慧养老服务平台",
    ]


@pytest.mark.django_db
def test_edited_and_republished_text_is_found_and_the_old_text_is_not(enrolment):
    enrolment.introduction = "实现出生医学证明、户口登记、医保参保“一件事”联办。"
    enrolment.save_revision().publish()
    assert titles(search_pages(live_pages(), "户口登记")) == ["全省义务教育入学一网通办"]
    assert titles(search_pages(live_pages(), "房产")) == []


@pytest.mark.django_db
def test_rebuilding_the_index_keeps_chinese_words_findable(enrolment, elderly_care):
    call_command("update_index", stdout=io.StringIO())
    assert titles(search_pages(live_pages(), "户籍")) == ["全省义务教育入学一网通办"]
    assert titles(search_pages(live_pages(), "独居老人")) == ["济南市智慧养老服务平台"]


@pytest.mark.django_db
def test_admin_page_search_finds_a_word_inside_a_title(admin_client, enrolment, elderly_care):
    response = admin_client.get("/admin/pages/search/", {"q": "养老"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "济南市智慧养老服务平台" in html
    assert "全省义务教育入学一网通办" not in html


@pytest.mark.django_db
def test_search_page_shows_count_type_label_and_highlighted_snippet(client, enrolment, elderly_care):
    response = client.get("/search/", {"q": "户籍"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 1 条与“户籍”相关的结果" in html
    assert '<span class="badge">普通页面</span>' in html
    assert "通过共享<mark>户籍</mark>、房产和社保数据实现入学网上报名" in html
    assert "济南市智慧养老服务平台" not in html


@pytest.mark.django_db
def test_search_page_highlights_the_title_and_every_word_of_the_query(client, elderly_care):
    html = client.get("/search/", {"q": "5G 智慧养老"}).content.decode()
    assert "济南市<mark>智慧养老</mark>服务平台</a>" in html
    assert "依托<mark>5G</mark>网络" in html


@pytest.mark.django_db
def test_search_page_escapes_a_query_without_results(client, enrolment):
    html = client.get("/search/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html
    assert "没有找到与“&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;”相关的内容" in html


@pytest.mark.django_db
def test_search_page_escapes_a_query_with_results(client, enrolment):
    # Punctuation is no word: the query still finds 户籍 and is echoed escaped.
    html = client.get("/search/", {"q": '户籍 "><&'}).content.decode()
    assert '"><&' not in html
    assert "找到 1 条与“户籍 &quot;&gt;&lt;&amp;”相关的结果" in html
    assert "<title>“户籍 &quot;&gt;&lt;&amp;”的搜索结果 · 数用</title>" in html
    assert "通过共享<mark>户籍</mark>" in html


@pytest.mark.django_db
def test_search_page_escapes_page_text_in_snippets(client, demo_site):
    add_page(demo_site, "标签<b>测试</b>", introduction="正文里的 <i>养老</i> 标记不能生效")
    html = client.get("/search/", {"q": "养老"}).content.decode()
    assert "标签&lt;b&gt;测试&lt;/b&gt;" in html
    assert "正文里的 &lt;i&gt;<mark>养老</mark>&lt;/i&gt; 标记不能生效" in html


@pytest.mark.django_db
def test_search_page_without_results_says_so(client, enrolment):
    html = client.get("/search/", {"q": "量子计算"}).content.decode()
    assert "没有找到与“量子计算”相关的内容，请换个关键词试试。" in html
    assert '<ol class="search-results"' not in html


@pytest.mark.django_db
def test_search_page_without_a_query_invites_one(client, enrolment):
    html = client.get("/search/").content.decode()
    assert "输入关键词，搜索全站的应用场景、解决方案和大赛信息。" in html
    assert '<ol class="search-results"' not in html


@pytest.mark.django_db
def test_search_page_never_shows_drafts_or_private_pages(client, demo_site, enrolment):
    add_page(demo_site, "户籍草稿绝密标题", introduction="户籍", publish=False)
    private = add_page(demo_site, "户籍内部资料", introduction="户籍")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/search/", {"q": "户籍"}).content.decode()
    assert "全省义务教育入学一网通办" in html
    assert "绝密" not in html
    assert "户籍内部资料" not in html
    assert "找到 1 条" in html


@pytest.mark.django_db
def test_search_page_paginates_and_keeps_the_query(client, demo_site):
    for number in range(12):
        add_page(demo_site, f"数据开放目录第{number:02d}号", slug=f"catalogue-{number}")
    first = client.get("/search/", {"q": "开放目录"}).content.decode()
    second = client.get("/search/", {"q": "开放目录", "page": 2}).content.decode()
    assert "找到 12 条" in first
    assert first.count('<li class="search-result">') == 10
    assert 'href="?q=%E5%BC%80%E6%94%BE%E7%9B%AE%E5%BD%95&amp;page=2" rel="next"' in first
    assert second.count('<li class="search-result">') == 2
    assert '<ol class="search-results" start="11">' in second


@pytest.mark.django_db
def test_search_page_has_canonical_and_open_graph_tags(client, enrolment):
    html = client.get("/search/", {"q": "户籍"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/search/?q=%E6%88%B7%E7%B1%8D">' in html
    assert '<meta property="og:url" content="http://testserver/search/?q=%E6%88%B7%E7%B1%8D">' in html
    assert '<meta property="og:title" content="“户籍”的搜索结果">' in html
    assert '<meta name="robots" content="noindex, follow">' in html
