"""The admin speaks Chinese to editors and moderators (admin language zh-hans): every page they walk
through, error messages included, has no English left in its visible text. Wagtail's own zh_Hans
catalogue lacks many strings; locale/wagtail supplies them."""

import json
from pprint import pformat

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from cms.demo import ensure_user
from tests.scenes.admin_text import english_leaks
from tests.scenes.factories import DataResourceFactory, ImageFactory, ScenePageFactory, city, renders_images

pytestmark = renders_images  # the image pages render thumbnails


@pytest.fixture
def people(editorial):
    editor = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True, real_name="济南编辑")
    editor.groups.add(editorial["cities"]["jinan"])
    moderator = ensure_user("moderator@shuyong.example", "pw", is_staff=True, real_name="省级审核员")
    moderator.groups.add(editorial["moderators"])
    for user in (editor, moderator):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "zh-hans"
        profile.save()
    return {"editor": editor, "moderator": moderator}


@pytest.fixture
def content(people, scene_index, education):
    resource = DataResourceFactory(name="户籍信息", slug="household", department="省公安厅")
    image = ImageFactory(title="社保自助终端", description="自助终端的触摸屏")
    document = get_document_model().objects.create(title="场景说明书", file=ContentFile(b"%PDF-1.4", name="guide.pdf"))
    draft = ScenePageFactory(
        parent=scene_index,
        title="济南社保场景",
        slug="jinan-social-security",
        node=city("jinan"),
        domains=[education],
        data_resources=[resource],
        cover_image=image,
    )
    submitted = ScenePageFactory(
        parent=scene_index, title="济南养老场景", slug="jinan-elderly", node=city("jinan"), domains=[education]
    )
    submitted.save_revision(user=people["editor"])
    submitted.get_workflow().start(submitted, people["editor"])
    return {
        "draft": draft,
        "submitted": submitted,
        "image": image,
        "document": document,
        "resource": resource,
        "index": scene_index,
    }


def editor_pages(content):
    index, draft = content["index"], content["draft"]
    return {
        "仪表板": reverse("wagtailadmin_home"),
        "页面浏览": reverse("wagtailadmin_explore_root"),
        "场景列表": reverse("wagtailadmin_explore", args=[index.pk]),
        "新建场景": reverse("wagtailadmin_pages:add", args=["scenes", "scenepage", index.pk]),
        "编辑场景": reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        "页面历史": reverse("wagtailadmin_pages:history", args=[draft.pk]),
        "工作流历史": reverse("wagtailadmin_pages:workflow_history", args=[content["submitted"].pk]),
        "片段": reverse("wagtailsnippets:index"),
        "应用领域": reverse("wagtailsnippets_scenes_domain:list"),
        "数据资源": reverse("wagtailsnippets_scenes_dataresource:list"),
        "图片库": reverse("wagtailimages:index"),
        "上传图片": reverse("wagtailimages:add_multiple"),
        "编辑图片": reverse("wagtailimages:edit", args=[content["image"].pk]),
        "文档库": reverse("wagtaildocs:index"),
        "上传文档": reverse("wagtaildocs:add_multiple"),
        "编辑文档": reverse("wagtaildocs:edit", args=[content["document"].pk]),
        "搜索页面": reverse("wagtailadmin_pages:search") + "?q=济南",
        "账户": reverse("wagtailadmin_account"),
        "新建数据资源": reverse("wagtailsnippets_scenes_dataresource:add"),
        "编辑数据资源": reverse("wagtailsnippets_scenes_dataresource:edit", args=[content["resource"].pk]),
    }


def chooser_pages(content):
    """The choosers the page editor opens in a dialog (JSON carrying the dialog's HTML)."""
    return {
        "选择图片": reverse("wagtailimages_chooser:choose"),
        "选择文档": reverse("wagtaildocs_chooser:choose"),
        "选择页面": reverse("wagtailadmin_choose_page"),
    }


def moderator_pages(content):
    return {
        "仪表板": reverse("wagtailadmin_home"),
        "审核中的场景": reverse("wagtailadmin_pages:edit", args=[content["submitted"].pk]),
        "工作流报告": reverse("wagtailadmin_reports:workflow"),
        "任务报告": reverse("wagtailadmin_reports:workflow_tasks"),
    }


@pytest.mark.django_db
def test_editors_admin_pages_have_no_english(client, people, content):
    client.force_login(people["editor"])
    leaks = {}
    for name, url in editor_pages(content).items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, name
        if found := english_leaks(response.content.decode()):
            leaks[name] = found
    assert not leaks, pformat(leaks, width=200)


@pytest.mark.django_db
def test_the_editors_choosers_have_no_english(client, people, content):
    client.force_login(people["editor"])
    leaks = {}
    for name, url in chooser_pages(content).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if found := english_leaks(response.json()["html"]):
            leaks[name] = found
    assert not leaks, pformat(leaks, width=200)


@pytest.mark.django_db
def test_moderators_admin_pages_have_no_english(client, people, content):
    client.force_login(people["moderator"])
    leaks = {}
    for name, url in moderator_pages(content).items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, name
        if found := english_leaks(response.content.decode()):
            leaks[name] = found
    assert not leaks, pformat(leaks, width=200)


def post_new_scene(client, index, **changes):
    url = reverse("wagtailadmin_pages:add", args=["scenes", "scenepage", index.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    for key, value in changes.items():
        data[key] = value
    return client.post(url, dict(data.lists()))


@pytest.mark.django_db
def test_validation_errors_are_explained_in_chinese(client, people, content):
    client.force_login(people["editor"])
    response = post_new_scene(client, content["index"], title="缺摘要的场景", slug="no-summary")
    page = response.content.decode()
    assert "存在校验错误，页面未能创建。" in page
    assert not english_leaks(page), pformat(english_leaks(page), width=200)


@pytest.mark.django_db
def test_a_slug_clash_is_explained_in_chinese(client, people, content, education):
    client.force_login(people["editor"])
    response = post_new_scene(
        client,
        content["index"],
        title="同名场景",
        slug="jinan-social-security",
        summary="摘要",
        lead_department="市大数据局",
        node=str(city("jinan").pk),
        domains=str(education.pk),
    )
    page = response.content.decode()
    # The slug typed by hand is taken: cms/page_forms.py names the page that holds it.
    assert "“jinan-social-security”已被同一栏目下的页面“济南社保场景”使用。" in page
    assert not english_leaks(page), pformat(english_leaks(page), width=200)


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_carries_the_chinese_wagtail_lacks(client, people):
    client.force_login(people["editor"])
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    # Wagtail's own zh_Hans djangojs catalogue has none of these; locale/wagtail supplies them.
    for chinese in ["正在自动保存…", "修改已自动保存。", "插入块", "发生了网络错误。"]:
        assert json.dumps(chinese) in catalogue  # JSON, non-ASCII escaped
