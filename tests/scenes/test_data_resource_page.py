"""/data/<slug>/ (数源页): the resource's facts, every published use with counts (and what other apps
register), the public answers to open-data requests and the form to ask; stored for anonymous
visitors and renewed when a request is asked or answered."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.registry import data_resource_uses
from scenes.choices import Openness, OpenRequestStatus
from scenes.models import OpenDataRequest, Unit, UnitMember
from scenes.services import open_data
from tests.contests.factories import UserFactory
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, SolutionPageFactory, city

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return Unit.objects.create(name="省民政厅", slug="civil-affairs")


@pytest.fixture
def resource(unit):
    resource = DataResourceFactory(
        name="低保与特困救助信息",
        slug="subsistence-allowance",
        department="省民政厅",
        owner_unit=unit,
        node=city("jinan"),
        openness=Openness.CLOSED,
        portal_url="https://data.sd.example.gov.cn/catalogue/subsistence-allowance",
        description="全省低保和特困人员的救助信息。",
    )
    resource.domains.set([DomainFactory(name="社会保障", slug="social-security")])
    return resource


@pytest.fixture
def uses(scene_index, solution_index, resource):
    live = [ScenePageFactory(parent=scene_index, title=f"救助场景{n}", data_resources=[resource]) for n in range(3)]
    draft = ScenePageFactory(parent=scene_index, title="未发布的救助场景", data_resources=[resource], live=False)
    solution = SolutionPageFactory(parent=solution_index, title="社会救助大数据平台", data_resources=[resource])
    return {"live": live, "draft": draft, "solution": solution}


def test_resource_page_shows_its_facts(client, resource):
    html = client.get("/data/subsistence-allowance/").content.decode()
    assert '<h1 lang="zh-Hans">低保与特困救助信息</h1>' in html
    assert '<dt>数据责任单位</dt><dd lang="zh-Hans">省民政厅</dd>' in html
    assert "<dt>汇聚节点</dt><dd>济南</dd>" in html
    assert "<dt>应用领域</dt><dd>社会保障</dd>" in html
    assert '<span class="badge badge-openness-closed">暂未开放</span>' in html
    assert 'href="https://data.sd.example.gov.cn/catalogue/subsistence-allowance"' in html
    assert client.get("/data/no-such-resource/").status_code == 404


def test_resource_page_lists_published_uses_with_counts_and_hides_drafts(client, uses):
    html = client.get("/data/subsistence-allowance/").content.decode()
    assert "使用情况（4）" in html
    assert '<h3 id="uses-scenes">应用场景 <span class="meta">3 项</span></h3>' in html
    assert '<h3 id="uses-solutions">解决方案 <span class="meta">1 项</span></h3>' in html
    for scene in uses["live"]:
        assert f'<a href="/scenes/{scene.slug}/" lang="zh-Hans">{scene.title}</a>' in html
    assert "未发布的救助场景" not in html
    assert "社会救助大数据平台" in html


def test_scene_page_links_its_resources_to_their_pages(client, uses):
    html = client.get(f"/scenes/{uses['live'][0].slug}/").content.decode()
    assert '<a href="/data/subsistence-allowance/">低保与特困救助信息</a>' in html


def test_sections_registered_by_other_apps_are_shown(client, resource):
    def challenges(found, request):
        return [
            {
                "key": "challenges",
                "label": "赛题",
                "count": 2,
                "items": [{"title": "低保对象精准识别", "url": "/contests/2026/", "note": "2026 年大赛"}],
            }
        ]

    data_resource_uses.register("test_challenges", order=50)(challenges)
    try:
        html = client.get("/data/subsistence-allowance/").content.decode()
    finally:
        data_resource_uses._entries.pop("test_challenges")
    assert '<h3 id="uses-challenges">赛题 <span class="meta">2 项</span></h3>' in html
    assert '<a href="/contests/2026/" lang="zh-Hans">低保对象精准识别</a> <span class="meta">2026 年大赛</span>' in html
    assert "显示前 1 项，共 2 项。" in html


def test_public_answers_show_status_answer_and_legal_basis(client, resource, unit):
    member = UserFactory()
    UnitMember.objects.create(unit=unit, user=member)
    refused = open_data.ask(resource, UserFactory(), "研究救助政策效果")
    open_data.answer(
        refused, member, OpenRequestStatus.REFUSED, "含个人隐私，不予开放。", legal_basis="《个人信息保护法》第十三条"
    )
    open_data.ask(resource, UserFactory(), "开发救助查询应用")
    html = client.get("/data/subsistence-allowance/").content.decode()
    assert '<span class="badge badge-request-refused">不予开放</span>' in html
    assert "含个人隐私，不予开放。" in html
    assert '<strong>法律依据：</strong><span lang="zh-Hans">《个人信息保护法》第十三条</span>' in html
    assert "1 条申请待答复。" in html
    assert "研究救助政策效果" not in html  # the requester's purpose is between them and the owner


def test_anonymous_visitors_are_asked_to_sign_in_and_the_page_is_stored(client, resource):
    first = client.get("/data/subsistence-allowance/")
    assert "登录后申请开放该数据资源" in first.content.decode()
    assert "<form" not in first.content.decode().split("open-requests-title")[1]
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/data/subsistence-allowance/")
    assert second["X-Showcase-Cache"] == "hit"
    assert len(queries) == 0
    # A request asked elsewhere renews the stored page.
    open_data.ask(resource, UserFactory(), "研究")
    third = client.get("/data/subsistence-allowance/")
    assert third["X-Showcase-Cache"] == "miss"
    assert "1 条申请待答复。" in third.content.decode()


def test_open_resources_offer_no_form(client, resource):
    resource.openness = Openness.OPEN
    resource.save()
    client.force_login(UserFactory())
    html = client.get("/data/subsistence-allowance/").content.decode()
    assert "申请开放该数据资源" not in html


def test_signed_in_person_asks_once_and_sees_the_request_waiting(client, resource):
    person = UserFactory()
    client.force_login(person)
    page = client.get("/data/subsistence-allowance/").content.decode()
    assert '<form method="post" action="/data/subsistence-allowance/ask/"' in page
    response = client.post("/data/subsistence-allowance/ask/", {"purpose": "开发救助政策计算器"})
    assert response.status_code == 302 and response["Location"] == "/data/subsistence-allowance/"
    request = OpenDataRequest.objects.get()
    assert (request.requester, request.purpose, request.status) == (person, "开发救助政策计算器", "pending")
    page = client.get("/data/subsistence-allowance/").content.decode()
    assert "申请已提交，数据责任单位将在 5 个工作日内答复。" in page
    assert "您已提交申请，数据责任单位将在 5 个工作日内公开答复。" in page
    # A second post (an old tab) is refused with a message; nothing is added.
    again = client.post("/data/subsistence-allowance/ask/", {"purpose": "再次申请"})
    assert again.status_code == 400
    assert "您对该数据资源已有一条待答复的申请，请等待答复后再提交。" in again.content.decode()
    assert OpenDataRequest.objects.count() == 1


def test_purpose_is_required(client, resource):
    client.force_login(UserFactory())
    response = client.post("/data/subsistence-allowance/ask/", {"purpose": "  "})
    assert response.status_code == 400
    assert "请说明数据的用途。" in response.content.decode()
    assert not OpenDataRequest.objects.exists()


def test_anonymous_post_goes_to_the_login_page(client, resource):
    response = client.post("/data/subsistence-allowance/ask/", {"purpose": "研究"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/data/subsistence-allowance/"
    assert not OpenDataRequest.objects.exists()


def test_asking_is_rate_limited(client, resource, settings):
    settings.THROTTLES = {**settings.THROTTLES, "open_data_request": (1, 3600)}
    person = UserFactory()
    client.force_login(person)
    client.post("/data/subsistence-allowance/ask/", {"purpose": "研究"})
    OpenDataRequest.objects.update(
        status=OpenRequestStatus.PLANNED, answered_at=dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    )
    response = client.post("/data/subsistence-allowance/ask/", {"purpose": "再研究"})
    assert response.status_code == 400
    assert "提交过于频繁，请稍后再试。" in response.content.decode()
    assert OpenDataRequest.objects.count() == 1


def test_english_page_under_en(client, resource):
    response = client.get("/en/data/subsistence-allowance/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_asking_for_an_open_resource_says_why_not(client, resource):
    resource.openness = Openness.OPEN
    resource.save()
    client.force_login(UserFactory())
    response = client.post("/data/subsistence-allowance/ask/", {"purpose": "研究"})
    assert response.status_code == 400
    assert "该数据资源已无条件开放，无需申请。" in response.content.decode()
    assert not OpenDataRequest.objects.exists()
