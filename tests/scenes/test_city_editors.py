"""City editors are offered only what they may do, and told precisely why when refused: their own
city preset in the scene form, a 所属节点 column and filter in the scene list, actions on their own
city's scenes only, and refusals in words (checked on the server: a refused post changes nothing)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from scenes.models import Node, ScenePage
from tests.scenes.editors import make_people, make_scenes
from tests.scenes.factories import ScenePageFactory, city
from tests.scenes.test_permissions import create_url, edit_url, form_data

JINAN_ONLY = "您只能编辑本市（济南）的应用场景，该场景属于青岛。"


@pytest.fixture
def people(editorial):
    return make_people(editorial)


@pytest.fixture
def scenes(scene_index, education):
    return make_scenes(scene_index, education)


def explore(client, index, query=""):
    return client.get(reverse("wagtailadmin_explore", args=[index.pk]) + query)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_node_field_offers_a_city_editor_their_own_city_preset(client, people, scene_index):
    client.force_login(people["jinan"])
    form = client.get(create_url(scene_index)).context["form"]
    assert list(form.fields["node"].widget.choices) == [(city("jinan").pk, "济南")]
    assert form["node"].value() == city("jinan").pk
    html = str(form["node"])
    assert html.startswith("<select") and "青岛" not in html


@pytest.mark.django_db
def test_moderators_still_choose_among_every_node(client, people, scene_index):
    client.force_login(people["moderator"])
    form = client.get(create_url(scene_index)).context["form"]
    assert form.fields["node"].queryset.count() == Node.objects.count() > 16
    assert form["node"].value() is None


@pytest.mark.django_db
def test_creating_a_scene_for_another_city_is_refused_with_the_reason(client, people, scene_index, education):
    client.force_login(people["jinan"])
    url = create_url(scene_index)
    fields = {"title": "青岛的场景", "summary": "摘要", "lead_department": "市大数据局", "domains": [str(education.pk)]}
    response = client.post(url, form_data(client, url, node=str(city("qingdao").pk), **fields))
    assert response.status_code == 200
    assert response.context["form"].errors["node"] == ["您只能创建和编辑本市（济南）的应用场景，不能选择“青岛”。"]
    assert ScenePage.objects.filter(title="青岛的场景").exists() is False


@pytest.mark.django_db
def test_moving_ones_scene_to_another_city_is_refused_with_the_reason(client, people, scenes):
    client.force_login(people["jinan"])
    url = edit_url(scenes["jinan"])
    response = client.post(url, form_data(client, url, node=str(city("qingdao").pk)))
    assert response.context["form"].errors["node"] == ["您只能创建和编辑本市（济南）的应用场景，不能选择“青岛”。"]
    scene = ScenePage.objects.get(pk=scenes["jinan"].pk)
    assert (scene.node, scene.get_latest_revision()) == (city("jinan"), None)


@pytest.mark.django_db
def test_opening_another_citys_scene_says_whose_it_is(client, people, scenes):
    client.force_login(people["jinan"])
    response = client.get(edit_url(scenes["qingdao"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert messages_of(response) == [JINAN_ONLY]


@pytest.mark.django_db
def test_posting_to_another_citys_scene_is_refused_with_the_reason_and_changes_nothing(client, people, scenes):
    client.force_login(people["jinan"])
    data = form_data(client, edit_url(scenes["jinan"]), title="被篡改", **{"action-submit": "action-submit"})
    response = client.post(edit_url(scenes["qingdao"]), data)
    assert response.status_code == 302
    assert messages_of(response) == [JINAN_ONLY]
    scene = ScenePage.objects.get(pk=scenes["qingdao"].pk)
    assert (scene.title, scene.get_latest_revision(), scene.workflow_states.count()) == ("青岛场景", None, 0)


@pytest.mark.django_db
def test_an_autosave_to_another_citys_scene_gets_the_reason_as_json(client, people, scenes):
    client.force_login(people["jinan"])
    data = form_data(client, edit_url(scenes["jinan"]), title="被篡改")
    response = client.post(edit_url(scenes["qingdao"]), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json() == {"success": False, "error_code": "node_forbidden", "error_message": JINAN_ONLY}
    assert ScenePage.objects.get(pk=scenes["qingdao"].pk).title == "青岛场景"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "verb"),
    [("delete", "删除"), ("copy", "复制"), ("move", "移动"), ("unpublish", "取消发布")],
)
def test_other_actions_on_another_citys_scene_say_why(client, people, scenes, view, verb):
    client.force_login(people["jinan"])
    response = client.post(reverse(f"wagtailadmin_pages:{view}", args=[scenes["qingdao"].pk]))
    assert response.status_code == 302
    assert messages_of(response) == [f"您只能{verb}本市（济南）的应用场景，该场景属于青岛。"]
    assert ScenePage.objects.get(pk=scenes["qingdao"].pk).live is True


@pytest.mark.django_db
def test_moderators_are_not_refused(client, people, scenes):
    client.force_login(people["moderator"])
    response = client.get(edit_url(scenes["qingdao"]))
    assert response.status_code == 200
    assert messages_of(response) == []


@pytest.mark.django_db
def test_the_scene_list_has_a_city_column_and_offers_actions_on_own_scenes_only(client, people, scenes, scene_index):
    client.force_login(people["jinan"])
    response = explore(client, scene_index)
    html = response.content.decode()
    assert [column.label for column in response.context["table"].columns.values()][1:3] == ["标题", "所属节点"]
    rows = {title: (node, row) for title, node, row in _rows(html)}
    assert (rows["济南场景"][0], rows["青岛场景"][0]) == ("济南", "青岛")
    assert edit_url(scenes["jinan"]) in rows["济南场景"][1]
    assert edit_url(scenes["qingdao"]) not in html
    assert reverse("wagtailadmin_pages:delete", args=[scenes["qingdao"].pk]) not in html
    # The index page itself is the moderators' to edit: no pencil for it either.
    assert edit_url(scene_index) not in html


@pytest.mark.django_db
def test_the_scene_list_filters_by_city(client, people, scenes, scene_index, education):
    ScenePageFactory(parent=scene_index, title="济南场景二", slug="jinan-2", node=city("jinan"), domains=[education])
    client.force_login(people["jinan"])
    response = explore(client, scene_index, f"?node={city('jinan').pk}")
    titles = sorted(page.title for page in response.context["pages"])
    assert titles == ["济南场景", "济南场景二"]
    assert "node" in response.context["filters"].form.fields


@pytest.mark.django_db
def test_city_editors_cannot_edit_the_scene_index_page(client, people, scene_index):
    client.force_login(people["jinan"])
    response = client.get(edit_url(scene_index))
    assert response.status_code == 302
    assert scene_index.permissions_for_user(people["jinan"]).can_add_subpage() is True
    client.force_login(people["moderator"])
    assert client.get(edit_url(scene_index)).status_code == 200


def _rows(html):
    """(title, city, row html) of each page row of the listing."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if "data-listing-page-title" not in row:
            continue
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        title = re.search(r'id="page_\d+_title">\s*(.*?)\s*<', row).group(1)
        rows.append((title, cells[2], row))
    return rows
