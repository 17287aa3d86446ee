"""/impact/ and /impact/<slug>/: public figures only, English, downloads, constant queries, bad input."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.contests.impact import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(demo_site):
    return world.build(demo_site, title_prefix="=HYPERLINK(1)")


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_public_figures_and_never_unpublished_ones(client, w):
    html = _text(client.get("/impact/"))
    assert "落地成效" in html
    assert "各年度落地率（%）" in html
    assert '<a href="/impact/?year=2025">2025</a>' in html
    assert "66.7" in html  # 2 of 3 winners live
    for hidden in ("公示中大赛", "99999", "77777", "88888", "66666", "待确认里程碑"):
        assert hidden not in html
    assert "/impact/impact-2025/" in html


def test_dashboard_filters_by_get_parameters(client, w):
    html = _text(client.get("/impact/", {"contest": "impact-2026"}))
    assert '<option value="impact-2026" selected>' in html
    assert "?contest=impact-2026&amp;format=csv" in html
    assert "2025 数据应用大赛 · 民生服务" not in html


def test_dashboard_in_english(client, w):
    html = _text(client.get("/en/impact/"))
    assert "Adoption and impact" in html
    assert 'href="/en/impact/?year=2025"' in html


def test_csv_download_keeps_formula_like_titles_as_text(client, w):
    response = client.get("/impact/", {"format": "csv", "contest": "impact-2025"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["大赛", "年度", "赛道", "作品名称"]
    assert "待确认里程碑" not in rows[0]
    titles = [row[3] for row in rows[1:]]
    assert titles == ["'=HYPERLINK(1)助老餐桌", "社区巡检"]
    first = rows[1]
    assert (first[5], first[10], first[11], first[13]) == ("一等奖", "1", "1", "1000")


def test_xlsx_download_has_summary_and_winners(client, w):
    response = client.get("/impact/", {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["落地成效", "汇总", "获奖作品"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[1][:5] == ("合计", "合计", 3, 2, pytest.approx(0.667))
    winners = list(book["获奖作品"].iter_rows(values_only=True))
    assert [row[3] for row in winners[1:4]] == ["城市停车", "'=HYPERLINK(1)助老餐桌", "社区巡检"]


def test_fact_sheet_lists_key_figures_cities_and_go_lives(client, w):
    html = _text(client.get("/impact/impact-2025/"))
    assert "2025 数据应用大赛 · 落地成效简报" in html
    assert "@page" not in html  # print CSS is in the stylesheet
    assert "css/impact.css" in html
    assert "=HYPERLINK(1)助老餐桌" in html and "2026-03-01" in html
    assert "撤销作品" not in html and "77777" not in html
    assert "50.0" in html  # 1 of 2 winners live


def test_fact_sheet_in_english(client, w):
    html = _text(client.get("/en/impact/impact-2026/"))
    assert "impact fact sheet" in html
    assert "Award-winning entries" in html
    # The go-lives' cities in English, as in the cities table (they were 青岛 on /en/).
    go_lives = html.split('id="fact-go-lives"')[1]
    assert "<td>Qingdao</td>" in go_lives and "青岛" not in go_lives


def test_fact_sheet_of_a_contest_in_its_notice_period_shows_no_figures(client, w, demo_site):
    from tests.contests.loop import helpers

    helpers.contest_page(demo_site, w.c.contest)
    html = _text(client.get("/impact/impact-notice/"))
    assert "本届大赛的最终结果尚未公布，暂无落地数据。" in html
    assert "公示中作品" not in html and "88888" not in html


@pytest.mark.parametrize("slug", ["impact-notice", "no-such-contest", "x" * 300])
def test_fact_sheet_of_a_contest_without_public_page_is_404(client, w, slug):
    assert client.get(f"/impact/{slug}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "shows"),
    [
        ("?year=99999999999999999999999", 200, "<strong>3<small>"),
        ("?year=-5&city=x%ffy&domain=%ff", 200, "<strong>3<small>"),
        ("?contest[]=a&contest=b", 200, "<strong>3<small>"),
        ("?format=pdf", 200, "<strong>3<small>"),
        ("?page=-1&city=" + "x" * 5000, 200, "<strong>3<small>"),
        ("?format=csv&year=abc", 200, "社区巡检"),
        # A NUL byte is refused before any view (the site's bad-request middleware).
        ("?city=%00", 400, ""),
    ],
)
def test_absurd_parameters_give_the_defaults_or_400(client, w, query, status, shows):
    response = client.get("/impact/" + query)
    assert response.status_code == status
    assert shows in response.content.decode()


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_data(client, demo_site):
    w = world.build(demo_site)
    small = (_queries(client, "/impact/"), _queries(client, "/impact/impact-2025/"))
    for n in range(8):
        entry = world.EntryFactory(contest=w.a.contest, team__contest=w.a.contest, title=f"新作品{n}")
        world.award(w.a, entry)
        world.milestone(entry, world.MilestoneKind.GO_LIVE, w.qingdao, beneficiaries=n)
    assert (_queries(client, "/impact/"), _queries(client, "/impact/impact-2025/")) == small


def test_sitemap_lists_the_dashboard_and_public_fact_sheets_in_both_languages(client, w):
    import xml.etree.ElementTree as ET

    response = client.get("/sitemap-impact.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    found = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert found == [
        "http://testserver/impact/",
        "http://testserver/en/impact/",
        "http://testserver/impact/impact-2025/",
        "http://testserver/impact/impact-2026/",
        "http://testserver/en/impact/impact-2025/",
        "http://testserver/en/impact/impact-2026/",
    ]
    assert "http://testserver/sitemap-impact.xml" in client.get("/sitemap.xml").content.decode()


def test_home_page_links_to_the_dashboard(client, w):
    html = _text(client.get("/"))
    assert '<a href="/impact/">获奖作品落地成效</a>' in html


def test_cached_dashboard_changes_when_a_milestone_is_confirmed_or_an_award_revoked(client, w, settings):
    from django.utils import timezone

    settings.SHOWCASE_CACHE_LISTINGS = True
    cache.clear()
    assert "<strong>50.0<small> %</small>" in _text(client.get("/impact/impact-2025/"))  # 1 of 2 live
    pending = w.e2.milestones.get(kind="go_live")
    pending.status = "confirmed"
    pending.save()
    html = _text(client.get("/impact/impact-2025/"))
    assert "社区巡检" in html and "<strong>100.0<small> %</small>" in html
    award = w.e2.awards.get()
    award.revoked_at = timezone.now()
    award.save()
    assert "社区巡检" not in _text(client.get("/impact/impact-2025/"))


def test_key_figures_write_people_served_as_the_solution_pages_do(client, w):
    """ "已在 2 个市落地，服务 12 万人次" on a solution page; the dashboard's tile said 120000."""
    from contests.models import AdoptionMilestone, MilestoneKind, MilestoneStatus

    AdoptionMilestone.objects.filter(entry=w.e1, kind=MilestoneKind.GO_LIVE).update(beneficiaries=120_000)
    assert AdoptionMilestone.objects.filter(entry=w.e1, status=MilestoneStatus.CONFIRMED).exists()
    html = _text(client.get("/impact/impact-2025/"))
    assert "<strong>12 万</strong><span>服务人次/用户数</span>" in html
    english = _text(client.get("/en/impact/impact-2025/"))
    assert "<strong>120,000</strong>" in english


def test_rate_chart_shows_the_rate_of_the_tiles_and_tables():
    """2 of 16 winners live: the tile said 12.5 %, the chart and its table 12."""
    from types import SimpleNamespace

    from contests.public_impact import charts

    year = SimpleNamespace(label="2025", rate_percent=12.5, key="2025", go_lives=0, winner_count=16)
    rate_chart = charts(SimpleNamespace(by_year=[year], by_city=[], by_domain=[]))[0]
    assert [bar.value for bar in rate_chart.bars] == [12.5]
