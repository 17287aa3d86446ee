"""Who writes needs (应用需求), who publishes them: the same moderation as scenes.

- 需求提报: department and city users who propose needs. Page permission *add* on the needs index
  (Wagtail's add: create needs and edit the ones they own, and submit them for moderation; never
  publish, never edit someone else's need), and admin access.
- The city editors' groups (城市编辑-<city>) get the same *add* permission there.
- 省级审核员: add, change, publish, lock, unlock on the needs index, and approve or reject the
  submissions in the workflow 场景与方案审核 (the scenes' own), attached to the needs index; they
  also hide comments (``scenes.change_needcomment``).

Who calls it: migration scenes 0008 (with its historical ``apps``), ``load_demo`` and the tests;
and ``attach_new_need_index`` when a needs index page is created later. Idempotent. The same rules
as scenes/services/editorial.py apply to the code here (historical models: plain fields only).
"""

from django.apps import apps as global_apps

from scenes.services.editorial import (
    MODERATOR_PAGE_ACTIONS,
    _grant_pages,
    _permission,
    ensure_city_editor_groups,
    ensure_moderators,
    ensure_workflow,
)

PROPOSER_GROUP = "需求提报"
PROPOSER_PAGE_ACTIONS = ("add",)
NEED_CITY_EDITOR_ACTIONS = ("add",)
MODERATOR_COMMENT_PERMISSIONS = ("view_needcomment", "change_needcomment")


def ensure_proposers(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=PROPOSER_GROUP)
    group.permissions.add(_permission(apps, "wagtailadmin", "access_admin"))
    return group


def attach_need_index_pages(page_ids, apps=global_apps):
    """Groups, page permissions and the workflow on the given needs index pages (ids)."""
    moderators = ensure_moderators(apps)
    for codename in MODERATOR_COMMENT_PERMISSIONS:
        moderators.permissions.add(_permission(apps, "scenes", codename))
    proposers = ensure_proposers(apps)
    city_groups = ensure_city_editor_groups(apps)
    workflow = ensure_workflow(moderators, apps)
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for page_id in page_ids:
        _grant_pages(apps, moderators, page_id, MODERATOR_PAGE_ACTIONS)
        _grant_pages(apps, proposers, page_id, PROPOSER_PAGE_ACTIONS)
        for group in city_groups.values():
            _grant_pages(apps, group, page_id, NEED_CITY_EDITOR_ACTIONS)
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
    return {"moderators": moderators, "proposers": proposers, "cities": city_groups, "workflow": workflow}


def ensure_need_editorial_setup(need_index=None, *, apps=global_apps):
    """Attached to ``need_index``, or by default to every needs index page that exists."""
    if need_index is not None:
        page_ids = [need_index.pk]
    else:
        page_ids = list(apps.get_model("scenes", "NeedIndexPage").objects.values_list("pk", flat=True))
    return attach_need_index_pages(page_ids, apps=apps)


def attach_new_need_index(sender, instance, created, raw=False, **kwargs):
    """A needs index created after ``migrate`` (in the admin, or by load_demo) is set up at once."""
    if created and not raw:
        attach_need_index_pages([instance.pk])
