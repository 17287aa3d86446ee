"""The editorial set-up exists after ``migrate`` alone (no load_demo): the moderators, one editor group
per city, their permissions and the moderation workflow; the index pages get their page permissions
and workflow as soon as they are created. load_demo's own call then changes nothing."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Task, Workflow, WorkflowPage, WorkflowTask

from cms.demo import ensure_user
from scenes.choices import NodeKind
from scenes.models import Node
from scenes.services.editorial import ensure_editorial_setup
from tests.scenes.factories import ScenePageFactory, city

MIGRATION = "0004_editorial_setup"
CITY_NAMES = [
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
]
MODERATOR_PERMISSIONS = {
    ("wagtailadmin", "access_admin"),
    *{
        ("scenes", f"{action}_{model}")
        for model in ("node", "domain", "dataresource", "provider")
        for action in ("add", "change", "view")
    },
    # They hide comments on needs (scenes/need_admin.py; migration scenes 0008).
    ("scenes", "view_needcomment"),
    ("scenes", "change_needcomment"),
}
MODERATOR_COLLECTION_PERMISSIONS = {
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
}


def editorial_rows():
    """Every row the editorial set-up owns, as comparable tuples."""
    through = Group.permissions.through
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": sorted(through.objects.values_list("group__name", "permission__codename")),
        "node_groups": sorted(Node.objects.values_list("slug", "editor_group__name")),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group__name", "page__slug", "permission__codename")
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "collection__name", "permission__codename")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", "content_type__model")),
        "workflow_tasks": sorted(WorkflowTask.objects.values_list("workflow__name", "task__name", "sort_order")),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page__slug", "workflow__name")),
    }


def member_of(email, group_name):
    user = ensure_user(email, "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.django_db
def test_migrate_alone_creates_one_editor_group_per_city_linked_from_its_node():
    cities = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order")
    assert [(node.name, node.editor_group.name) for node in cities] == [
        (name, f"城市编辑-{name}") for name in CITY_NAMES
    ]
    jinan = Group.objects.get(name="城市编辑-济南")
    assert set(jinan.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin")
    }
    assert sorted(jinan.collection_permissions.values_list("collection__depth", "permission__codename")) == [
        (1, "add_image"),
        (1, "choose_image"),
    ]


@pytest.mark.django_db
def test_migrate_alone_creates_the_moderators_with_taxonomy_and_media_permissions():
    moderators = Group.objects.get(name="省级审核员")
    assert set(moderators.permissions.values_list("content_type__app_label", "codename")) == MODERATOR_PERMISSIONS
    assert set(moderators.collection_permissions.values_list("permission__codename", flat=True)) == (
        MODERATOR_COLLECTION_PERMISSIONS
    )


@pytest.mark.django_db
def test_migrate_alone_creates_the_moderation_workflow_with_the_moderators_task():
    workflow = Workflow.objects.get(name="场景与方案审核")
    assert workflow.active is True
    assert [(task.name, task.active) for task in workflow.tasks] == [("省级审核", True)]
    approval = workflow.tasks.get().specific
    assert list(approval.groups.values_list("name", flat=True)) == ["省级审核员"]


@pytest.mark.django_db
def test_a_scene_index_created_after_migrate_lets_city_editors_add_scenes(client, scene_index):
    editor = member_of("jinan.editor@shuyong.example", "城市编辑-济南")
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:add", args=["scenes", "scenepage", scene_index.pk]))
    assert response.status_code == 200
    assert response.context["parent_page"].pk == scene_index.pk


@pytest.mark.django_db
def test_a_scene_index_created_after_migrate_lets_moderators_publish_and_editors_only_submit(
    scene_index, solution_index, education
):
    editor = member_of("jinan.editor@shuyong.example", "城市编辑-济南")
    moderator = member_of("moderator@shuyong.example", "省级审核员")
    scene = ScenePageFactory(parent=scene_index, slug="jinan-scene", node=city("jinan"), domains=[education])
    assert (scene.permissions_for_user(editor).can_publish(), scene.permissions_for_user(moderator).can_publish()) == (
        False,
        True,
    )
    assert solution_index.permissions_for_user(moderator).can_add_subpage() is True
    assert solution_index.permissions_for_user(editor).can_add_subpage() is False


@pytest.mark.django_db
def test_both_index_pages_created_after_migrate_use_the_moderation_workflow(scene_index, solution_index):
    workflow = Workflow.objects.get(name="场景与方案审核")
    assert (scene_index.get_workflow(), solution_index.get_workflow()) == (workflow, workflow)


@pytest.mark.django_db
def test_load_demos_editorial_setup_after_migrate_duplicates_nothing(scene_index, solution_index):
    before = editorial_rows()
    # 5 page permissions for the moderators on each index, add + change for 16 city groups on the scenes.
    assert len([row for row in before["page_permissions"] if row[1] in ("scenes", "solutions")]) == 5 * 2 + 2 * 16

    moderators, city_groups, workflow = ensure_editorial_setup(scene_index, solution_index)
    ensure_editorial_setup(scene_index, solution_index)

    assert editorial_rows() == before
    assert (moderators.name, city_groups["jinan"].name, workflow.name) == (
        "省级审核员",
        "城市编辑-济南",
        "场景与方案审核",
    )


@pytest.mark.django_db
def test_the_migration_attaches_index_pages_that_existed_before_it_ran(scene_index, solution_index):
    """An install that already had its index pages (say, from an older load_demo) when it migrated."""
    expected = editorial_rows()
    index_pages = [scene_index.pk, solution_index.pk]
    GroupPagePermission.objects.filter(page__in=index_pages).delete()
    WorkflowPage.objects.filter(page__in=index_pages).delete()
    assert editorial_rows() != expected

    migration = importlib.import_module(f"scenes.migrations.{MIGRATION}")
    historical_apps = MigrationExecutor(connection).loader.project_state(("scenes", MIGRATION)).apps
    migration.create_editorial_setup(historical_apps, None)

    assert editorial_rows() == expected
