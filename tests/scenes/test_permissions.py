"""Editorial permissions through the real admin URLs: city editors write their own city's scenes
and submit them; provincial moderators approve or reject in the workflow and alone set the
typical / nationally promoted levels."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.demo import ensure_user
from scenes.choices import RecognitionLevel
from scenes.models import ScenePage
from tests.scenes.factories import ImageFactory, ScenePageFactory, city, renders_images


@pytest.fixture
def people(editorial):
    jinan = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True)
    jinan.groups.add(editorial["cities"]["jinan"])
    qingdao = ensure_user("qingdao.editor@shuyong.example", "pw", is_staff=True)
    qingdao.groups.add(editorial["cities"]["qingdao"])
    moderator = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    moderator.groups.add(editorial["moderators"])
    return {"jinan": jinan, "qingdao": qingdao, "moderator": moderator}


@pytest.fixture
def scenes(scene_index, education):
    return {
        "jinan": ScenePageFactory(
            parent=scene_index, title="济南场景", slug="jinan-scene", node=city("jinan"), domains=[education]
        ),
        "qingdao": ScenePageFactory(
            parent=scene_index, title="青岛场景", slug="qingdao-scene", node=city("qingdao"), domains=[education]
        ),
    }


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def create_url(index):
    return reverse("wagtailadmin_pages:add", args=["scenes", "scenepage", index.pk])


def form_data(client, url, **changes):
    """The admin form as the browser would post it, with some fields changed."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    # The StreamField editor is drawn by JavaScript; an empty body is posted as a zero count.
    data.setdefault("body-count", "0")
    for key, value in changes.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def form_errors(response):
    form = response.context["form"]
    return {field: [e.code for e in errors.as_data()] for field, errors in form.errors.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "whose", "can_edit"),
    [
        ("jinan", "jinan", True),
        ("jinan", "qingdao", False),
        ("qingdao", "qingdao", True),
        ("qingdao", "jinan", False),
        ("moderator", "jinan", True),
        ("moderator", "qingdao", True),
    ],
)
def test_scene_edit_view_is_open_to_own_city_editors_and_moderators_only(client, people, scenes, who, whose, can_edit):
    client.force_login(people[who])
    response = client.get(edit_url(scenes[whose]))
    if can_edit:
        assert response.status_code == 200
        assert response.context["page"].pk == scenes[whose].pk
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_city_editor_cannot_post_an_edit_to_another_citys_scene(client, people, scenes):
    client.force_login(people["qingdao"])
    data = form_data(client, edit_url(scenes["qingdao"]), title="被篡改")  # a valid form from their own scene
    response = client.post(edit_url(scenes["jinan"]), data)
    assert response.status_code == 302
    scene = ScenePage.objects.get(pk=scenes["jinan"].pk)
    assert (scene.title, scene.get_latest_revision()) == ("济南场景", None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "node", "created"),
    [
        ("jinan", "jinan", True),
        ("jinan", "qingdao", False),
        ("moderator", "qingdao", True),
    ],
)
def test_scene_create_accepts_only_the_editors_own_city(client, people, scene_index, education, who, node, created):
    client.force_login(people[who])
    url = create_url(scene_index)
    data = form_data(
        client,
        url,
        title="新场景",
        slug="new-scene",
        summary="摘要",
        lead_department="市大数据局",
        node=str(city(node).pk),
        domains=[str(education.pk)],
    )
    response = client.post(url, data)
    assert ScenePage.objects.filter(slug="new-scene").exists() is created
    if created:
        assert response.status_code == 302
        assert ScenePage.objects.get(slug="new-scene").live is False  # saved as a draft
    else:
        assert response.status_code == 200
        assert form_errors(response)["node"] == ["node_forbidden"]


@pytest.mark.django_db
def test_scene_form_clean_refuses_another_city_even_if_offered(people, scene_index, education):
    """The node field lists the editor's own city only; clean() refuses the rest all the same."""
    from scenes.models import Node

    form_class = ScenePage.get_edit_handler().get_form_class()
    form = form_class(
        {
            "title": "x",
            "slug": "x",
            "summary": "x",
            "lead_department": "x",
            "node": city("qingdao").pk,
            "domains": [education.pk],
            "level": "listed",
            "body-count": 0,
        },
        instance=ScenePage(),
        parent_page=scene_index,
        for_user=people["jinan"],
    )
    form.fields["node"].queryset = Node.objects.all()  # as if the choice had been offered
    assert form.is_valid() is False
    assert [e.code for e in form.errors.as_data()["node"]] == ["node_forbidden"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "from_level", "to_level", "allowed"),
    [
        ("jinan", RecognitionLevel.LISTED, RecognitionLevel.LISTED, True),
        ("jinan", RecognitionLevel.LISTED, RecognitionLevel.TYPICAL, False),
        ("jinan", RecognitionLevel.LISTED, RecognitionLevel.NATIONAL, False),
        ("jinan", RecognitionLevel.TYPICAL, RecognitionLevel.LISTED, False),
        ("jinan", RecognitionLevel.TYPICAL, RecognitionLevel.TYPICAL, True),
        ("moderator", RecognitionLevel.LISTED, RecognitionLevel.NATIONAL, True),
        ("moderator", RecognitionLevel.NATIONAL, RecognitionLevel.LISTED, True),
    ],
)
def test_only_moderators_change_the_level_to_or_from_typical_and_national(
    client, people, scenes, who, from_level, to_level, allowed
):
    scene = scenes["jinan"]
    ScenePage.objects.filter(pk=scene.pk).update(level=from_level)
    client.force_login(people[who])
    response = client.post(edit_url(scene), form_data(client, edit_url(scene), level=to_level, summary="改过的摘要"))
    latest = ScenePage.objects.get(pk=scene.pk).get_latest_revision_as_object()
    if allowed:
        assert response.status_code == 302
        assert (latest.summary, latest.level) == ("改过的摘要", to_level)
    else:
        assert response.status_code == 200
        assert form_errors(response) == {"level": ["level_forbidden"]}
        assert latest.level == from_level


@renders_images
@pytest.mark.django_db
def test_cover_image_without_description_is_refused(client, people, scenes):
    image = ImageFactory(description="")
    client.force_login(people["jinan"])
    url = edit_url(scenes["jinan"])
    response = client.post(url, form_data(client, url, cover_image=str(image.pk)))
    assert response.status_code == 200
    assert list(form_errors(response)) == ["cover_image"]


def submit(client, scene, **changes):
    url = edit_url(scene)
    return client.post(url, form_data(client, url, **{"action-submit": "action-submit", **changes}))


def workflow_action(client, scene, action, comment=""):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(scene.pk), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[scene.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


@pytest.mark.django_db
def test_city_editor_submits_and_moderator_approves_which_publishes(client, people, scenes):
    scene = scenes["jinan"]
    client.force_login(people["jinan"])
    assert submit(client, scene, title="济南场景（修订）").status_code == 302
    state = WorkflowState.objects.get(object_id=str(scene.pk))
    assert (state.status, state.workflow.name) == ("in_progress", "场景与方案审核")
    assert ScenePage.objects.get(pk=scene.pk).title == "济南场景"  # not yet published

    client.force_login(people["moderator"])
    response = workflow_action(client, scene, "approve")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == "approved"
    assert ScenePage.objects.get(pk=scene.pk).title == "济南场景（修订）"


@pytest.mark.django_db
def test_moderator_rejects_with_a_comment_and_nothing_is_published(client, people, scenes):
    scene = scenes["jinan"]
    client.force_login(people["jinan"])
    submit(client, scene, title="济南场景（待审）")
    client.force_login(people["moderator"])
    workflow_action(client, scene, "reject", comment="请补充成效数据")
    state = WorkflowState.objects.get(object_id=str(scene.pk))
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "请补充成效数据"
    assert ScenePage.objects.get(pk=scene.pk).title == "济南场景"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["jinan", "qingdao"])
def test_city_editors_cannot_approve_a_submission(client, people, scenes, who):
    scene = scenes["jinan"]
    client.force_login(people["jinan"])
    submit(client, scene, title="济南场景（待审）")
    client.force_login(people[who])
    response = workflow_action(client, scene, "approve")
    assert response.status_code in (302, 403)
    assert WorkflowState.objects.get(object_id=str(scene.pk)).status == "in_progress"
    assert ScenePage.objects.get(pk=scene.pk).title == "济南场景"


@pytest.mark.django_db
def test_city_editor_has_no_publish_button_on_own_scene(client, people, scenes):
    client.force_login(people["jinan"])
    html = client.get(edit_url(scenes["jinan"])).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "allowed"), [("jinan", False), ("moderator", True)])
def test_only_moderators_create_solutions(client, people, solution_index, who, allowed):
    client.force_login(people[who])
    response = client.get(reverse("wagtailadmin_pages:add", args=["scenes", "solutionpage", solution_index.pk]))
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302
