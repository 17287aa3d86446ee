"""Why a city editor is refused, in words they can act on ("您只能编辑本市（济南）的应用场景，该场景属于
青岛。") rather than Wagtail's generic "no permission". The rules themselves are in scenes/rules.py;
this module only explains them."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from scenes.choices import NodeKind
from scenes.models.taxonomy import Node
from scenes.rules import editable_node_ids

# What the editor tried to do, as the verb of the sentence.
ACTIONS = {
    "edit": pgettext_lazy("scene action", "编辑"),
    "delete": pgettext_lazy("scene action", "删除"),
    "copy": pgettext_lazy("scene action", "复制"),
    "move": pgettext_lazy("scene action", "移动"),
    "unpublish": pgettext_lazy("scene action", "取消发布"),
    "revert": pgettext_lazy("scene action", "恢复历史版本"),
    "preview": pgettext_lazy("scene action", "预览"),
}


def own_scope(user):
    """ "本市（济南）" for a city editor, "本节点（…）" otherwise; None when the user edits no node."""
    nodes = list(Node.objects.filter(pk__in=editable_node_ids(user)).order_by("sort_order", "name"))
    if not nodes:
        return None
    names = "、".join(node.name for node in nodes)
    if all(node.kind == NodeKind.CITY for node in nodes):
        return _("本市（%(names)s）") % {"names": names}
    return _("本节点（%(names)s）") % {"names": names}


def scene_refusal(user, scene, action="edit"):
    """The sentence for refusing ``action`` on another node's ``scene``."""
    verb = ACTIONS[action]
    scope = own_scope(user)
    if scope is None:
        return _("您不是任何城市或节点的编辑，不能%(verb)s应用场景。") % {"verb": verb}
    return _("您只能%(verb)s%(scope)s的应用场景，该场景属于%(node)s。") % {
        "verb": verb,
        "scope": scope,
        "node": scene.node.name,
    }


def node_choice_refusal(user, node):
    """The sentence for refusing a scene form that names another node."""
    scope = own_scope(user)
    if scope is None:
        return _("您不是任何城市或节点的编辑，不能创建或编辑应用场景。")
    return _("您只能创建和编辑%(scope)s的应用场景，不能选择“%(node)s”。") % {"scope": scope, "node": node.name}
