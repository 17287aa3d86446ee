"""The page editors pick 数据资源 from a catalogue of up to 150,000 rows: the edit page draws only the
chosen resources (its size and queries do not grow with the catalogue), a search box asks the admin's
resource search for at most 20 matches, and the chosen resources are saved, kept in the revision and
published like any other field."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.demo import ensure_user
from scenes.models import DataResource, NeedPage, ScenePage
from scenes.services.resource_picker import PICK_LIMIT
from tests.scenes.editors import make_people
from tests.scenes.factories import DataResourceFactory, ScenePageFactory, city

SEARCH = "/admin/scenes/resource-search/"


@pytest.fixture
def people(editorial):
    return make_people(editorial)


@pytest.fixture
def scene(scene_index, education):
    jinan = city("jinan")
    return ScenePageFactory(parent=scene_index, title="济南场景", slug="jinan-scene", node=jinan, domains=[education])


def add_resources(count, start=0):
    DataResource.objects.bulk_create(
        DataResource(name=f"批量资源{i:05d}", slug=f"bulk-{i:05d}", department=f"批量部门{i % 7}")
        for i in range(start, start + count)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def render_edit(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edit_url(page))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def chosen_on_page(html):
    soup = BeautifulSoup(html, "html.parser")
    picker = soup.find("div", attrs={"data-resource-picker": True})
    return [box.parent.get_text(" ", strip=True) for box in picker.select("input[type=checkbox][checked]")]


def post_edit(client, page, **changes):
    url = edit_url(page)
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    for key, value in changes.items():
        data.setlist(key, value) if isinstance(value, list) else data.__setitem__(key, value)
    return client.post(url, dict(data.lists()))


@pytest.mark.django_db
def test_the_edit_page_does_not_grow_with_the_catalogue(client, people, scene):
    chosen = [DataResourceFactory(name="户籍信息", department="省公安厅"), DataResourceFactory(name="社保缴纳")]
    scene.data_resources.set(chosen)
    scene.save_revision()
    client.force_login(people["jinan"])
    add_resources(5)
    render_edit(client, scene)  # warm the caches
    small_html, small_queries = render_edit(client, scene)
    add_resources(495, start=5)
    large_html, large_queries = render_edit(client, scene)

    assert DataResource.objects.count() == 502
    assert "批量资源" not in large_html  # no resource but the chosen ones is drawn
    assert abs(len(large_html.encode()) - len(small_html.encode())) < 200
    assert large_queries <= small_queries
    assert chosen_on_page(large_html) == ["户籍信息 （省公安厅）", "社保缴纳 （省大数据局）"]


@pytest.mark.django_db
def test_the_picker_is_labelled_and_brings_its_script(client, people, scene):
    client.force_login(people["jinan"])
    soup = BeautifulSoup(client.get(edit_url(scene)).content, "html.parser")
    search = soup.find("input", id="id_data_resources_search")
    assert soup.find("label", attrs={"for": "id_data_resources_search"}).get_text(strip=True) == "使用的数据资源"
    assert search["type"] == "search" and search.get("name") is None  # the search words are never saved
    assert soup.find(id=search["aria-describedby"]).get_text(strip=True).startswith("输入名称或责任部门")
    assert soup.find("p", attrs={"data-picker-empty": True}).get_text(strip=True) == "尚未选择数据资源。"
    picker = soup.find("div", attrs={"data-resource-picker": True})
    assert picker["data-search-url"] == SEARCH
    assert soup.find("script", src=lambda src: src and "js/resource-picker" in src) is not None
    assert soup.find("link", href=lambda href: href and "css/resource-picker" in href) is not None


@pytest.mark.django_db
def test_the_search_finds_chinese_names_and_departments_twenty_at_most(client, people):
    DataResourceFactory(name="户籍人口信息", slug="hukou", department="省公安厅")
    DataResourceFactory(name="婚姻登记信息", slug="marriage", department="省民政厅")
    add_resources(30)
    client.force_login(people["jinan"])

    found = client.get(SEARCH, {"q": "户籍"}).json()
    assert found == {
        "results": [
            {
                "id": DataResource.objects.get(slug="hukou").pk,
                "name": "户籍人口信息",
                "department": "省公安厅",
                "label": "户籍人口信息（省公安厅）",
            }
        ],
        "more": False,
    }
    assert [r["name"] for r in client.get(SEARCH, {"q": "民政厅 登记"}).json()["results"]] == ["婚姻登记信息"]
    many = client.get(SEARCH, {"q": "批量"}).json()
    assert len(many["results"]) == PICK_LIMIT == 20 and many["more"] is True
    assert client.get(SEARCH, {"q": "  "}).json() == {"results": [], "more": False}
    assert client.get(SEARCH, {"q": "没有这个"}).json() == {"results": [], "more": False}


@pytest.mark.django_db
def test_the_search_is_for_admin_users_only(client, people):
    DataResourceFactory(name="户籍人口信息", department="省公安厅")
    anonymous = client.get(SEARCH, {"q": "户籍"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("wagtailadmin_login"))

    client.force_login(ensure_user("someone@example.com", "pw"))  # signed in, no admin access
    refused = client.get(SEARCH, {"q": "户籍"})
    assert refused.status_code in (302, 403)
    assert b"\xe6\x88\xb7\xe7\xb1\x8d" not in refused.content  # 户籍

    client.force_login(people["moderator"])
    assert len(client.get(SEARCH, {"q": "户籍"}).json()["results"]) == 1
    assert client.post(SEARCH, {"q": "户籍"}).status_code == 405


@pytest.mark.django_db
def test_saving_two_chosen_resources_keeps_them_through_revision_and_publish(client, people, scene):
    hukou = DataResourceFactory(name="户籍信息", department="省公安厅")
    social = DataResourceFactory(name="社保缴纳", department="省人社厅")
    add_resources(50)
    client.force_login(people["jinan"])

    assert post_edit(client, scene, data_resources=[str(hukou.pk), str(social.pk)]).status_code == 302
    draft = ScenePage.objects.get(pk=scene.pk).get_latest_revision_as_object()
    assert sorted(r.name for r in draft.data_resources.all()) == ["户籍信息", "社保缴纳"]
    # The edit form (drawn from the revision) shows both ticked; posting it unchanged keeps them.
    html, _queries = render_edit(client, scene)
    assert chosen_on_page(html) == ["户籍信息 （省公安厅）", "社保缴纳 （省人社厅）"]
    assert post_edit(client, scene).status_code == 302
    draft = ScenePage.objects.get(pk=scene.pk).get_latest_revision_as_object()
    assert sorted(r.name for r in draft.data_resources.all()) == ["户籍信息", "社保缴纳"]

    # The moderator publishes: the live page has them, and unticking one removes it.
    client.force_login(people["moderator"])
    assert post_edit(client, scene, **{"action-publish": "action-publish"}).status_code == 302
    live = ScenePage.objects.get(pk=scene.pk)
    assert sorted(r.name for r in live.data_resources.all()) == ["户籍信息", "社保缴纳"]
    publish = {"action-publish": "action-publish"}
    assert post_edit(client, scene, data_resources=[str(social.pk)], **publish).status_code == 302
    assert [r.name for r in ScenePage.objects.get(pk=scene.pk).data_resources.all()] == ["社保缴纳"]


@pytest.mark.django_db
def test_an_unknown_resource_is_a_clear_error_and_saves_nothing(client, people, scene):
    hukou = DataResourceFactory(name="户籍信息", department="省公安厅")
    client.force_login(people["jinan"])
    response = post_edit(client, scene, data_resources=[str(hukou.pk), "999999", "9" * 30, "abc"])
    assert response.status_code == 200
    assert "data_resources" in response.context["form"].errors
    assert ScenePage.objects.get(pk=scene.pk).get_latest_revision() is None or not (
        ScenePage.objects.get(pk=scene.pk).get_latest_revision_as_object().data_resources.exists()
    )
    # The chosen resource is still shown ticked beside the error; the unknown id is left out.
    assert chosen_on_page(response.content.decode()) == ["户籍信息 （省公安厅）"]


@pytest.mark.django_db
def test_the_need_editor_picks_resources_too(client, need_index, elderly_care):
    hukou = DataResourceFactory(name="户籍信息", department="省公安厅")
    social = DataResourceFactory(name="社保缴纳", department="省人社厅")
    add_resources(50)
    client.force_login(ensure_user("root@shuyong.example", "pw", is_staff=True, is_superuser=True))
    url = reverse("wagtailadmin_pages:add", args=["scenes", "needpage", need_index.pk])
    html = client.get(url).content.decode()
    assert "批量资源" not in html and 'id="id_data_resources_search"' in html
    data = querydict_from_html(html, form_id="page-edit-form")
    fields = {"title": "社区食堂排队太长", "slug": "canteen-queues", "summary": "午餐排队长。", "department": "民政局"}
    for key, value in {**fields, "affected": "社区老人", "node": str(city("jinan").pk)}.items():
        data[key] = value
    data.setlist("domains", [str(elderly_care.pk)])
    data.setlist("data_resources", [str(hukou.pk), str(social.pk)])
    response = client.post(url, dict(data.lists()))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    need = NeedPage.objects.get(slug="canteen-queues").get_latest_revision_as_object()
    assert sorted(r.name for r in need.data_resources.all()) == ["户籍信息", "社保缴纳"]
