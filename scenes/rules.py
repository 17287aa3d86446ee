"""Who may do what with scenes, as named predicates. The page form, the admin permission tester and
the tests all ask these, so the rules are written once.

- Provincial moderators (group 省级审核员) and superusers may edit every scene and set any level.
- A node editor (member of the group linked from ``Node.editor_group``, e.g. 城市编辑-济南) may
  create and edit the scenes of that node only, and submit them for moderation.
- The levels 典型场景 and 国家推广 are granted by moderators only.
"""

import rules
from wagtail.models import PagePermissionTester

from scenes.choices import MODERATOR_ONLY_LEVELS, Openness
from scenes.models.taxonomy import Node

MODERATOR_GROUP = "省级审核员"
CITY_EDITOR_GROUP_PREFIX = "城市编辑-"


def _group_names(user):
    # Cached on the user object: the admin explorer asks once per listed page.
    if not hasattr(user, "_scenes_group_names"):
        user._scenes_group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._scenes_group_names


@rules.predicate
def is_provincial_moderator(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or MODERATOR_GROUP in _group_names(user)


def editable_node_ids(user):
    """Ids of the nodes whose scenes the user may write; moderators get every node."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_scenes_node_ids"):
        nodes = Node.objects.all()
        if not is_provincial_moderator(user):
            nodes = nodes.filter(editor_group__user=user)
        user._scenes_node_ids = frozenset(nodes.values_list("pk", flat=True))
    return user._scenes_node_ids


@rules.predicate
def can_write_scenes_of_node(user, node):
    node_id = getattr(node, "pk", node)
    return node_id is not None and node_id in editable_node_ids(user)


@rules.predicate
def can_edit_scene(user, scene):
    return can_write_scenes_of_node(user, scene.node_id)


def can_change_level(user, old_level, new_level):
    """Anyone who may edit the scene may keep its level; only moderators move it to or from a
    moderator-only level."""
    if old_level == new_level:
        return True
    if is_provincial_moderator(user):
        return True
    return old_level not in MODERATOR_ONLY_LEVELS and new_level not in MODERATOR_ONLY_LEVELS


def _narrowed(flag, name):
    """Wagtail's ``name`` permission, granted only when the tester's ``flag`` attribute is true too."""

    def method(self, *args, **kwargs):
        return getattr(self, flag) and getattr(PagePermissionTester, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


class ScenePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed to the scenes of the user's own node.

    Wagtail grants page permissions per subtree (all scenes sit under one index page); the node
    check narrows every action on one scene: edit, submit, publish, delete, copy, move, lock,
    revisions. Used by the admin views, the explorer buttons and the workflow actions alike.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.node_allowed = can_edit_scene(user, page)

    can_edit = _narrowed("node_allowed", "can_edit")
    can_delete = _narrowed("node_allowed", "can_delete")
    can_unpublish = _narrowed("node_allowed", "can_unpublish")
    can_publish = _narrowed("node_allowed", "can_publish")
    can_submit_for_moderation = _narrowed("node_allowed", "can_submit_for_moderation")
    can_set_view_restrictions = _narrowed("node_allowed", "can_set_view_restrictions")
    can_unschedule = _narrowed("node_allowed", "can_unschedule")
    can_lock = _narrowed("node_allowed", "can_lock")
    can_unlock = _narrowed("node_allowed", "can_unlock")
    can_move = _narrowed("node_allowed", "can_move")
    can_copy = _narrowed("node_allowed", "can_copy")
    can_move_to = _narrowed("node_allowed", "can_move_to")
    can_copy_to = _narrowed("node_allowed", "can_copy_to")
    can_view_revisions = _narrowed("node_allowed", "can_view_revisions")


class SceneIndexPermissionTester(PagePermissionTester):
    """The scene index page itself (/scenes/: its title and introduction) is the moderators' to edit;
    city editors hold page permissions on it only to add their scenes beneath it."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_moderator = is_provincial_moderator(user)

    can_edit = _narrowed("is_moderator", "can_edit")
    can_delete = _narrowed("is_moderator", "can_delete")
    can_unpublish = _narrowed("is_moderator", "can_unpublish")
    can_publish = _narrowed("is_moderator", "can_publish")
    can_submit_for_moderation = _narrowed("is_moderator", "can_submit_for_moderation")
    can_set_view_restrictions = _narrowed("is_moderator", "can_set_view_restrictions")
    can_lock = _narrowed("is_moderator", "can_lock")
    can_unlock = _narrowed("is_moderator", "can_unlock")
    can_move = _narrowed("is_moderator", "can_move")
    can_copy = _narrowed("is_moderator", "can_copy")
    can_view_revisions = _narrowed("is_moderator", "can_view_revisions")


# --- Units (出题单位 / data owners) --------------------------------------------------------------
# A unit's members act for it: they answer open-data requests for the resources it owns and, in the
# contest, set its 赛题 and respond to findings. Membership is a UnitMember row; nothing else (not
# even superuser status) makes someone act in a unit's name.


def unit_ids_of(user):
    """Ids of the units the user belongs to (read once per user object)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_scenes_unit_ids"):
        from scenes.models.units import UnitMember

        user._scenes_unit_ids = frozenset(UnitMember.objects.filter(user=user).values_list("unit_id", flat=True))
    return user._scenes_unit_ids


@rules.predicate
def is_unit_member(user, unit=None):
    """A member of ``unit`` (a Unit or its id); without a unit, a member of any unit."""
    if unit is None:
        return bool(unit_ids_of(user))
    return getattr(unit, "pk", unit) in unit_ids_of(user)


@rules.predicate
def can_answer_open_request(user, open_request):
    """The resource's owner unit answers (superusers too, for a unit that has no account yet)."""
    if open_request is None or not (user and user.is_authenticated and user.is_active):
        return False
    owner_id = open_request.resource.owner_unit_id
    return user.is_superuser or (owner_id is not None and owner_id in unit_ids_of(user))


@rules.predicate
def can_ask_to_open(user, resource):
    """Anyone signed in may ask for a resource that is not open yet."""
    return bool(user and user.is_authenticated and user.is_active) and resource.openness != Openness.OPEN
