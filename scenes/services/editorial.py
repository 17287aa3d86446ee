"""The editorial set-up of the showcase: who writes scenes, who approves them.

- One group per city node, 城市编辑-<city>, linked from ``Node.editor_group``: may add and edit
  scenes under the scene index (narrowed to their own city by scenes.rules) and submit them.
- 省级审核员: edit and publish scenes and solutions, manage the taxonomy, and approve or reject
  submissions in the workflow 场景与方案审核 (one GroupApprovalTask) on both index pages.

Idempotent: the demo loader and the tests call it; running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from scenes.choices import NodeKind
from scenes.models import DataResource, Domain, Node, Provider
from scenes.rules import CITY_EDITOR_GROUP_PREFIX, MODERATOR_GROUP

WORKFLOW_NAME = "场景与方案审核"
TASK_NAME = "省级审核"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group, page, actions):
    page_type = ContentType.objects.get_for_model(Page)
    for action in actions:
        permission = Permission.objects.get(content_type=page_type, codename=f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection(group, codenames):
    root = Collection.get_first_root_node()
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(app_label, codename)
        )


def ensure_city_editor_groups(scene_index):
    groups = {}
    for node in Node.objects.filter(kind=NodeKind.CITY):
        group = node.editor_group
        if group is None:
            group, _created = Group.objects.get_or_create(name=f"{CITY_EDITOR_GROUP_PREFIX}{node.name}")
            node.editor_group = group
            node.save(update_fields=["editor_group"])
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
        _grant_pages(group, scene_index, ["add", "change"])
        _grant_collection(group, [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")])
        groups[node.slug] = group
    return groups


def ensure_moderators(scene_index, solution_index):
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for model in (Node, Domain, DataResource, Provider):
        for action in ("add", "change", "view"):
            group.permissions.add(_permission("scenes", f"{action}_{model._meta.model_name}"))
    for index in (scene_index, solution_index):
        _grant_pages(group, index, ["add", "change", "publish", "lock", "unlock"])
    _grant_collection(
        group,
        [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ],
    )
    return group


def ensure_workflow(moderators, pages):
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def ensure_editorial_setup(scene_index, solution_index):
    moderators = ensure_moderators(scene_index, solution_index)
    city_groups = ensure_city_editor_groups(scene_index)
    workflow = ensure_workflow(moderators, [scene_index, solution_index])
    return moderators, city_groups, workflow
