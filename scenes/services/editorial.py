"""The editorial set-up of the showcase: who writes scenes, who approves them.

- One group per city node, 城市编辑-<city>, linked from ``Node.editor_group``: may add and edit
  scenes under the scene index (narrowed to their own city by scenes.rules) and submit them.
- 省级审核员: edit and publish scenes and solutions, manage the taxonomy, and approve or reject
  submissions in the workflow 场景与方案审核 (one GroupApprovalTask) on both index pages.

Who calls it: migration scenes 0004 (so ``migrate`` alone sets everything up), ``load_demo`` and the
tests; and ``attach_new_index_page`` below when a scene or solution index page is created, since the
migrations create no pages. Idempotent: running it again changes nothing.

The migration passes its historical ``apps``: so every model here comes from ``apps.get_model``, only
default managers and plain fields are used (no custom methods, no treebeard API), and only fields
that exist at that migration. A change that needs a newer field must first freeze the current body
into the migration.
"""

from django.apps import apps as global_apps

from scenes.rules import CITY_EDITOR_GROUP_PREFIX, MODERATOR_GROUP

WORKFLOW_NAME = "场景与方案审核"
TASK_NAME = "省级审核"

MODERATOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
CITY_EDITOR_PAGE_ACTIONS = ("add", "change")
MODERATOR_TAXONOMY = ("node", "domain", "dataresource", "provider")
MODERATOR_MEDIA = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
CITY_EDITOR_MEDIA = [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(apps, group, page_id, actions):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for action in actions:
        permission = _permission(apps, "wagtailcore", f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


def _grant_collection(apps, group, codenames):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(apps, app_label, codename)
        )


def ensure_city_editor_groups(apps=global_apps):
    """The city editors' groups with their admin and image permissions, by node slug."""
    Group = apps.get_model("auth", "Group")
    Node = apps.get_model("scenes", "Node")
    groups = {}
    for node in Node.objects.filter(kind="city").select_related("editor_group"):
        group = node.editor_group
        if group is None:
            group, _created = Group.objects.get_or_create(name=f"{CITY_EDITOR_GROUP_PREFIX}{node.name}")
            node.editor_group = group
            node.save(update_fields=["editor_group"])
        group.permissions.add(_permission(apps, "wagtailadmin", "access_admin"))
        _grant_collection(apps, group, CITY_EDITOR_MEDIA)
        groups[node.slug] = group
    return groups


def ensure_moderators(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    group.permissions.add(_permission(apps, "wagtailadmin", "access_admin"))
    for model_name in MODERATOR_TAXONOMY:
        for action in ("add", "change", "view"):
            group.permissions.add(_permission(apps, "scenes", f"{action}_{model_name}"))
    _grant_collection(apps, group, MODERATOR_MEDIA)
    return group


def ensure_workflow(moderators, apps=global_apps):
    """The workflow 场景与方案审核 with its one task, approved by the moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        # Set by Task.__init__ on the real model; historical models skip custom __init__ code.
        task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def attach_index_pages(moderators, city_groups, workflow, *, scene_index_ids, solution_index_ids, apps=global_apps):
    """Page permissions and the workflow on the given index pages (ids)."""
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for page_id in [*scene_index_ids, *solution_index_ids]:
        _grant_pages(apps, moderators, page_id, MODERATOR_PAGE_ACTIONS)
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
    for page_id in scene_index_ids:
        for group in city_groups.values():
            _grant_pages(apps, group, page_id, CITY_EDITOR_PAGE_ACTIONS)


def _index_page_ids(apps, model_name, page):
    if page is not None:
        return [page.pk]
    return list(apps.get_model("scenes", model_name).objects.values_list("pk", flat=True))


def ensure_editorial_setup(scene_index=None, solution_index=None, *, apps=global_apps):
    """Groups, permissions and the workflow; attached to the given index pages, or by default to every
    scene and solution index page that exists (none after the migrations alone)."""
    moderators = ensure_moderators(apps)
    city_groups = ensure_city_editor_groups(apps)
    workflow = ensure_workflow(moderators, apps)
    attach_index_pages(
        moderators,
        city_groups,
        workflow,
        scene_index_ids=_index_page_ids(apps, "SceneIndexPage", scene_index),
        solution_index_ids=_index_page_ids(apps, "SolutionIndexPage", solution_index),
        apps=apps,
    )
    return moderators, city_groups, workflow


def attach_new_index_page(sender, instance, created, raw=False, **kwargs):
    """An index page created after ``migrate`` (in the admin, or by load_demo) gets its permissions
    and workflow at once: the migrations created the groups, but no pages to grant them on."""
    if not created or raw:
        return
    is_scene_index = sender._meta.model_name == "sceneindexpage"
    moderators = ensure_moderators()
    city_groups = ensure_city_editor_groups() if is_scene_index else {}
    attach_index_pages(
        moderators,
        city_groups,
        ensure_workflow(moderators),
        scene_index_ids=[instance.pk] if is_scene_index else [],
        solution_index_ids=[] if is_scene_index else [instance.pk],
    )
