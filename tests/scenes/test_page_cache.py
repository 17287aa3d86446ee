"""The anonymous page cache (cms/page_cache.py) over every public page, the route cache in front of
Wagtail's serving (cms/page_serving.py), and each change that must retire what they keep."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import SiteSettings
from contests.models import ContestIndexPage, ContestPage
from scenes.models import Node
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.SHOWCASE_CACHE_LISTINGS = True


@pytest.fixture
def scene(scene_index):
    return publish(ScenePageFactory(parent=scene_index, title="户籍迁移一网通办", slug="hukou", node=city("jinan")))


@pytest.fixture
def solution(solution_index):
    return publish(SolutionPageFactory(parent=solution_index, title="不动产登记一窗受理", slug="budongchan"))


@pytest.fixture
def contest_page(demo_site):
    index = ContestIndexPage(title="大赛", slug="contests")
    demo_site.add_child(instance=index)
    contest = ContestFactory(slug="2026", name="2026 数据应用创新创业大赛")
    return index.add_child(instance=ContestPage(title=contest.name, slug="2026", contest=contest))


def twice(client, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    return first, second, len(queries)


@pytest.mark.parametrize("url", ["/", "/scenes/", "/scenes/hukou/", "/solutions/budongchan/", "/en/scenes/hukou/"])
def test_a_second_anonymous_visit_is_answered_from_the_cache_without_a_query(client, scene, solution, url):
    first, second, queries = twice(client, url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Showcase-Cache"], second["X-Showcase-Cache"]) == ("miss", "hit")
    assert queries == 0
    assert second.content == first.content


def test_contest_pages_and_sitemap_are_cached_too(client, contest_page):
    for url in ("/contests/2026/", "/sitemap.xml"):
        first, second, queries = twice(client, url)
        assert second["X-Showcase-Cache"] == "hit", url
        assert queries == 0, url
        assert second.content == first.content


def test_stored_pages_say_a_shared_cache_may_keep_them_and_answer_revalidation_with_304(client, scene):
    first = client.get("/scenes/hukou/")
    assert "public" in first["Cache-Control"] and "s-maxage=60" in first["Cache-Control"]
    assert first["ETag"] and first["Last-Modified"]
    assert "Set-Cookie" not in first  # a CDN does not store an answer that sets a cookie
    again = client.get("/scenes/hukou/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get("/scenes/hukou/", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200 and changed.content == first.content


def test_a_logged_in_page_is_never_kept_nor_shown_to_anyone_else(client, scene):
    member = UserFactory(email="member@example.com")
    client.force_login(member)
    signed_in = client.get("/scenes/hukou/")
    assert "退出登录" in signed_in.content.decode()
    assert "X-Showcase-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"]
    client.logout()
    client.cookies.clear()
    anonymous = client.get("/scenes/hukou/")
    assert anonymous["X-Showcase-Cache"] == "miss"  # the signed-in answer was not stored
    body = anonymous.content.decode()
    assert "退出登录" not in body and "登录" in body
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "hit"
    client.force_login(member)
    again = client.get("/scenes/hukou/")
    assert "X-Showcase-Cache" not in again  # the stored anonymous page is not shown to a member
    assert "退出登录" in again.content.decode()


def test_publishing_a_new_scene_shows_it_on_the_cached_catalogue(client, scene_index, scene):
    assert "不动产登记" not in client.get("/scenes/").content.decode()
    publish(ScenePageFactory(parent=scene_index, title="不动产登记一窗受理", node=city("qingdao")))
    response = client.get("/scenes/")
    assert response["X-Showcase-Cache"] == "miss"
    assert "不动产登记一窗受理" in response.content.decode()


def test_publishing_an_edit_shows_it_on_the_cached_scene_page(client, scene):
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "miss"
    scene.title = "户籍迁移跨省通办"
    publish(scene)
    response = client.get("/scenes/hukou/")
    assert "户籍迁移跨省通办" in response.content.decode()


def test_unpublishing_a_scene_takes_its_cached_page_and_route_away(client, scene):
    assert client.get("/scenes/hukou/").status_code == 200
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "hit"
    scene.unpublish()
    assert client.get("/scenes/hukou/").status_code == 404
    assert "户籍迁移一网通办" not in client.get("/scenes/").content.decode()


def test_moving_a_page_serves_it_at_its_new_address_and_redirects_the_old_one(client, demo_site, scene):
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "miss"
    archive = demo_site.add_child(instance=ContestIndexPage(title="归档", slug="archive"))
    scene.move(archive, pos="last-child")
    old = client.get("/scenes/hukou/")
    assert (old.status_code, old["Location"]) == (301, "/archive/hukou/")  # Wagtail's automatic redirect
    assert "户籍迁移一网通办" in client.get("/archive/hukou/").content.decode()


def test_deleting_a_scene_takes_its_cached_page_away(client, scene):
    assert client.get("/scenes/hukou/").status_code == 200
    scene.delete()
    assert client.get("/scenes/hukou/").status_code == 404


def test_editing_the_taxonomy_shows_on_the_cached_scene_page(client, scene):
    assert "济南" in client.get("/scenes/hukou/").content.decode()
    node = Node.objects.get(slug="jinan")
    node.name = "济南市（省会）"
    node.save()
    assert "济南市（省会）" in client.get("/scenes/hukou/").content.decode()


def test_a_new_view_restriction_is_enforced_on_a_cached_page(client, scene):
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "miss"
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "hit"
    PageViewRestriction.objects.create(page=scene, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/scenes/hukou/")
    assert response.status_code == 302  # to the login page, not the stored copy
    assert client.get("/scenes/hukou/").status_code == 302  # and the refusal is not stored either


def test_a_restriction_on_a_group_is_enforced_from_the_cached_restrictions(client, scene):
    restriction = PageViewRestriction.objects.create(page=scene, restriction_type=PageViewRestriction.GROUPS)
    insiders = Group.objects.create(name="内部")
    restriction.groups.add(insiders)
    member = UserFactory(email="outsider@example.com")
    client.force_login(member)
    assert client.get("/scenes/hukou/").status_code == 302  # Wagtail sends outsiders to its login
    member.groups.add(insiders)
    assert client.get("/scenes/hukou/").status_code == 200


def test_editing_the_site_settings_shows_on_every_cached_page(client, scene):
    assert "数用" in client.get("/scenes/hukou/").content.decode()
    settings = SiteSettings.objects.get()
    settings.site_name = "数用·山东"
    settings.save()
    assert "数用·山东" in client.get("/scenes/hukou/").content.decode()


def test_adding_a_track_shows_on_the_cached_contest_page(client, contest_page):
    assert client.get("/contests/2026/")["X-Showcase-Cache"] == "miss"
    assert client.get("/contests/2026/")["X-Showcase-Cache"] == "hit"
    TrackFactory(contest=contest_page.contest, name="城市治理数据赛道")
    assert "城市治理数据赛道" in client.get("/contests/2026/").content.decode()


@pytest.mark.clock
def test_a_page_stored_before_a_deadline_is_not_shown_after_it(client, demo_site):
    deadline = datetime(2026, 12, 20, 18, tzinfo=SHANGHAI)
    index = demo_site.add_child(instance=ContestIndexPage(title="大赛", slug="contests"))
    with time_machine.travel(deadline - timedelta(minutes=5), tick=False):
        contest = ContestFactory(
            slug="2026",
            registration_opens=deadline - timedelta(days=30),
            registration_closes=deadline,
            submission_deadline=deadline + timedelta(days=20),
            judging_starts=deadline + timedelta(days=21),
            judging_ends=deadline + timedelta(days=40),
            results_date=deadline + timedelta(days=50),
        )
        index.add_child(instance=ContestPage(title=contest.name, slug="2026", contest=contest))
        before = client.get("/contests/2026/")
        assert before["X-Showcase-Cache"] == "miss"
        assert client.get("/contests/2026/")["X-Showcase-Cache"] == "hit"
    with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
        after = client.get("/contests/2026/")
    assert after["X-Showcase-Cache"] == "miss"
    assert after.content != before.content  # the phase moved on


def test_a_route_learnt_once_costs_one_query_to_find_the_page(client, settings, scene):
    settings.SHOWCASE_CACHE_LISTINGS = False
    client.get("/scenes/hukou/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/scenes/hukou/").status_code == 200
    tree_walk = [q for q in queries if '"wagtailcore_page"."slug" =' in q["sql"]]
    assert tree_walk == []  # no level-by-level lookup by slug: the page is fetched by its id
    assert len(queries) <= 12


def test_a_solution_page_uncached_stays_within_twelve_queries(client, settings, solution):
    settings.SHOWCASE_CACHE_LISTINGS = False
    client.get("/solutions/budongchan/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/solutions/budongchan/").status_code == 200
    assert len(queries) <= 12


def test_a_new_scene_of_the_city_shows_under_more_scenes_without_the_page_cache(client, settings, scene_index, scene):
    # The related sections are a fragment cache of their own (the page cache off, as in bench/).
    settings.SHOWCASE_CACHE_LISTINGS = False
    assert "不动产登记一窗受理" not in client.get("/scenes/hukou/").content.decode()
    publish(ScenePageFactory(parent=scene_index, title="不动产登记一窗受理", node=city("jinan")))
    assert "不动产登记一窗受理" in client.get("/scenes/hukou/").content.decode()


def test_a_solution_naming_the_scene_shows_under_related_solutions(client, settings, scene, solution):
    settings.SHOWCASE_CACHE_LISTINGS = False
    assert "不动产登记一窗受理" not in client.get("/scenes/hukou/").content.decode()
    solution.reference_scenes.add(scene)
    publish(solution)
    assert "不动产登记一窗受理" in client.get("/scenes/hukou/").content.decode()
    assert "户籍迁移一网通办" in client.get("/solutions/budongchan/").content.decode()


def test_routes_are_remembered_per_page_not_per_path_asked_for(client, settings, scene_index, scene):
    from django.core.cache import cache
    from wagtail.models import Site

    from cms.page_serving import _route_key

    settings.SHOWCASE_CACHE_LISTINGS = False
    site = Site.objects.get(is_default_site=True)
    for made_up in ("nowhere-1", "nowhere-2"):
        client.get(f"/scenes/city/{made_up}/")  # the index answers its own sub-paths
    assert cache.get(_route_key(site, ["scenes"])) == (scene_index.pk, scene_index.content_type_id)
    assert cache.get(_route_key(site, ["scenes", "city", "nowhere-1"])) is None
    assert client.get("/scenes/hukou/").status_code == 200
    assert cache.get(_route_key(site, ["scenes", "hukou"])) == (scene.pk, scene.content_type_id)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/scenes/city/jinan/").status_code == 200
    assert not [q for q in queries if '"wagtailcore_page"."slug" =' in q["sql"]]


def test_a_visitor_with_a_pending_message_gets_a_page_built_for_them(client, scene):
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "miss"
    assert client.get("/scenes/hukou/")["X-Showcase-Cache"] == "hit"
    client.cookies["messages"] = "pending"  # as after signing out: Django's cookie message storage
    response = client.get("/scenes/hukou/")
    assert "X-Showcase-Cache" not in response


def test_a_unit_answering_a_finding_shows_on_the_cached_resource_page(
    client, demo_site, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from contests.choices import EntryStatus, FindingCategory
    from contests.models import DataFinding
    from contests.services.findings import respond_to_finding
    from scenes.models import Unit, UnitMember
    from tests.contests.factories.entries import DataResourceFactory, EntryFactory

    unit = Unit.objects.create(name="省民政厅", slug="civil-affairs")
    member = UnitMember.objects.create(unit=unit, user=UserFactory()).user
    resource = DataResourceFactory(slug="meal-points", name="助餐点分布", owner_unit=unit)
    entry = EntryFactory(status=EntryStatus.DRAFT)
    finding = DataFinding.objects.create(
        entry=entry, resource=resource, category=FindingCategory.UPDATE_LAG, description="数据停在去年",
        reported_by=entry.created_by, reported_at=timezone.now(),
    )  # fmt: skip
    assert client.get("/data/meal-points/")["X-Showcase-Cache"] == "miss"
    assert client.get("/data/meal-points/")["X-Showcase-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        respond_to_finding(finding, member, "已改为每日更新。", timezone.now())
    assert "已改为每日更新。" in client.get("/data/meal-points/").content.decode()
