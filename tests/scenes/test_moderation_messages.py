"""A moderator who approves or rejects a submitted scene is told what happened (Wagtail itself
redirects without a message): from the dashboard's review panel, which posts in the background and
then reloads, and from a plain form post."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from cms.demo import ensure_user
from scenes.models import ScenePage
from tests.scenes.factories import ScenePageFactory, city


@pytest.fixture
def people(editorial):
    jinan = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True)
    jinan.groups.add(editorial["cities"]["jinan"])
    moderator = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    moderator.groups.add(editorial["moderators"])
    return {"jinan": jinan, "moderator": moderator}


@pytest.fixture
def submitted_scene(scene_index, education, people):
    scene = ScenePageFactory(
        parent=scene_index, title="济南场景", slug="jinan-scene", node=city("jinan"), domains=[education]
    )
    scene.title = "济南场景（修订）"
    scene.save_revision(user=people["jinan"])
    workflow = scene.get_workflow()
    workflow.start(scene, people["jinan"])
    return scene


def action_url(scene, action):
    state = WorkflowState.objects.get(object_id=str(scene.pk), status="in_progress")
    return reverse("wagtailadmin_pages:workflow_action", args=[scene.pk, action, state.current_task_state.pk])


def messages_of(response):
    # wagtail.admin.messages appends its (empty) button markup to the text.
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_approving_from_the_dashboard_confirms_publication_on_the_next_page(client, people, submitted_scene):
    client.force_login(people["moderator"])
    response = client.post(
        action_url(submitted_scene, "approve"),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest", "referer": "/admin/"},
    )
    assert response.json()["step"] == "success"
    assert ScenePage.objects.get(pk=submitted_scene.pk).title == "济南场景（修订）"

    page = client.get(response.json()["redirect"])
    assert "“济南场景（修订）”已审核通过并发布。" in page.content.decode()


@pytest.mark.django_db
def test_rejecting_tells_the_moderator_the_editor_can_resubmit(client, people, submitted_scene):
    client.force_login(people["moderator"])
    response = client.post(action_url(submitted_scene, "reject"), {"comment": "请补充成效数据"})
    assert response.status_code == 302
    assert messages_of(response) == ["已退回“济南场景（修订）”（省级审核）。编辑修改后可以重新提交审核。"]


@pytest.mark.django_db
def test_the_confirmation_follows_the_admin_language(client, people, submitted_scene):
    profile = UserProfile.get_for_user(people["moderator"])
    profile.preferred_language = "en"
    profile.save()
    client.force_login(people["moderator"])
    response = client.post(action_url(submitted_scene, "approve"), {"comment": ""})
    assert messages_of(response) == ["“济南场景（修订）” has been approved and published."]


@pytest.mark.django_db
def test_a_city_editor_who_may_not_approve_gets_no_confirmation(client, people, submitted_scene):
    client.force_login(people["jinan"])
    response = client.post(action_url(submitted_scene, "approve"), {"comment": ""})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert messages_of(response) == ["对不起， 你没有权限访问。"]  # Wagtail's own refusal
    assert WorkflowState.objects.get(object_id=str(submitted_scene.pk)).status == "in_progress"


@pytest.mark.django_db
def test_approving_with_a_comment_from_the_editor_says_published_not_updated(client, people, submitted_scene):
    client.force_login(people["moderator"])
    url = reverse("wagtailadmin_pages:edit", args=[submitted_scene.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"comment": "很好"}'
    response = client.post(url, dict(data.lists()))
    assert response.status_code == 302
    assert messages_of(response) == ["“济南场景（修订）”已审核通过并发布。"]
    assert WorkflowState.objects.get(object_id=str(submitted_scene.pk)).status == "approved"
