"""A new scene abandoned after autosave: its draft is listed on the author's dashboard, and it never
blocks the title — the next scene with that title gets a numbered readable slug, and a clash with a
slug typed by hand is said at the top of the form, not only on the tab where the slug field sits."""

import json

import pytest
from django.urls import reverse

from scenes.models import ScenePage
from tests.scenes.editors import make_people
from tests.scenes.factories import ScenePageFactory, city
from tests.scenes.test_permissions import create_url, edit_url, form_data


@pytest.fixture
def people(editorial):
    return make_people(editorial)


def autosave(client, url, education, **changes):
    """What Wagtail's autosave posts: the form as it stands (title, city and field filled in, the
    rest not yet), asking for JSON."""
    changes.setdefault("domains", [str(education.pk)])
    return client.post(url, form_data(client, url, **changes), HTTP_ACCEPT="application/json")


def complete(client, url, education, **changes):
    fields = {"summary": "摘要", "lead_department": "市民政局", "domains": [str(education.pk)], **changes}
    return client.post(url, form_data(client, url, **fields))


@pytest.mark.django_db
def test_autosave_creates_a_draft_with_the_pinyin_slug_and_tells_the_open_form(client, people, scene_index, education):
    client.force_login(people["jinan"])
    # Wagtail's JavaScript (no Unicode slugs) leaves the slug empty for a Chinese title.
    response = autosave(
        client, create_url(scene_index), education, title="智慧养老服务", slug="", node=str(city("jinan").pk)
    )
    assert response.status_code == 200
    body = json.loads(response.content)
    draft = ScenePage.objects.get(pk=body["pk"])
    assert (draft.title, draft.slug, draft.live, draft.owner) == (
        "智慧养老服务",
        "zhi-hui-yang-lao-fu-wu",
        False,
        people["jinan"],
    )
    assert body["field_updates"] == {"slug": "zhi-hui-yang-lao-fu-wu"}


@pytest.mark.django_db
def test_an_abandoned_draft_never_blocks_its_title(client, people, scene_index, education):
    client.force_login(people["jinan"])
    autosave(client, create_url(scene_index), education, title="智慧养老服务", slug="", node=str(city("jinan").pk))
    # The editor starts again with the same title; the slug field shows the suggestion for the title.
    response = complete(client, create_url(scene_index), education, title="智慧养老服务", slug="zhi-hui-yang-lao-fu-wu")
    assert response.status_code == 302
    slugs = list(ScenePage.objects.filter(title="智慧养老服务").order_by("pk").values_list("slug", flat=True))
    assert slugs == ["zhi-hui-yang-lao-fu-wu", "zhi-hui-yang-lao-fu-wu-2"]


@pytest.mark.django_db
def test_a_chinese_slug_from_an_old_browser_tab_is_saved_as_pinyin(client, people, scene_index, education):
    client.force_login(people["jinan"])
    response = complete(client, create_url(scene_index), education, title="智慧养老服务", slug="智慧养老服务")
    assert response.status_code == 302
    assert ScenePage.objects.get(title="智慧养老服务").slug == "zhi-hui-yang-lao-fu-wu"


@pytest.mark.django_db
def test_a_clashing_slug_typed_by_hand_is_refused_at_the_top_of_the_form(client, people, scene_index, education):
    ScenePageFactory(parent=scene_index, title="另一个场景", slug="yanglao", node=city("jinan"), domains=[education])
    client.force_login(people["jinan"])
    response = complete(client, create_url(scene_index), education, title="智慧养老服务", slug="yanglao")
    assert response.status_code == 200
    assert ScenePage.objects.filter(title="智慧养老服务").exists() is False
    form = response.context["form"]
    assert form.errors["slug"] == ["“yanglao”已被同一栏目下的页面“另一个场景”使用。"]
    assert form.non_field_errors() == [
        "请在“推荐”标签页修改“缩略名”，或将其清空，保存时会按标题自动生成不重复的缩略名。"
    ]
    # Both in the message above the tabs, not only next to the slug field on its tab.
    [message] = [str(m) for m in response.context["messages"]]
    assert "<li>缩略名: “yanglao”已被同一栏目下的页面“另一个场景”使用。</li>" in message
    assert "请在“推荐”标签页修改“缩略名”" in message


@pytest.mark.django_db
def test_the_slug_suggestion_is_what_the_server_saves(client, people, scene_index, education):
    ScenePageFactory(
        parent=scene_index, title="智慧养老服务", slug="zhi-hui-yang-lao-fu-wu", node=city("jinan"), domains=[education]
    )
    client.force_login(people["jinan"])
    url = reverse("cms_slug_suggestion")
    suggestion = client.get(url, {"parent": scene_index.pk, "page": "", "title": "智慧养老服务"}).json()
    assert suggestion == {"slug": "zhi-hui-yang-lao-fu-wu-2"}
    assert client.get(url, {"parent": scene_index.pk, "title": "重庆银行"}).json() == {"slug": "chong-qing-yin-hang"}


@pytest.mark.django_db
def test_the_slug_suggestion_is_for_signed_in_admin_users_only(client, scene_index):
    response = client.get(reverse("cms_slug_suggestion"), {"parent": scene_index.pk, "title": "智慧养老"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_my_drafts_on_the_dashboard_lists_the_authors_never_published_pages(client, people, scene_index, education):
    client.force_login(people["jinan"])
    autosave(client, create_url(scene_index), education, title="智慧养老服务", slug="", node=str(city("jinan").pk))
    draft = ScenePage.objects.get(title="智慧养老服务")
    ScenePageFactory(
        parent=scene_index, title="已发布的场景", slug="published", node=city("jinan"), domains=[education]
    )
    client.force_login(people["qingdao"])
    autosave(client, create_url(scene_index), education, title="青岛的草稿", slug="", node=str(city("qingdao").pk))

    client.force_login(people["jinan"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的草稿" in html
    assert "智慧养老服务" in html and "zhi-hui-yang-lao-fu-wu" in html
    assert f'href="{edit_url(draft)}"' in html
    assert f'href="{reverse("wagtailadmin_pages:delete", args=[draft.pk])}?next=/admin/"' in html
    assert "青岛的草稿" not in html and "已发布的场景" not in html


@pytest.mark.django_db
def test_my_drafts_is_absent_without_drafts(client, people):
    client.force_login(people["jinan"])
    assert "我的草稿" not in client.get(reverse("wagtailadmin_home")).content.decode()
