"""Wagtail hooks of the scenes app: the taxonomy snippets in one “场景分类” menu, and the cached
catalogues for anonymous visitors."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from scenes.models import DataResource, Domain, Node, Provider
from scenes.need_admin import NeedCommentViewSet
from scenes.picker_views import resource_search
from scenes.scene_admin import ScenePageViewSet


class TaxonomyViewSet(SnippetViewSet):
    # Plain ORM search (icontains): finds 养老 inside 智慧养老 without any segmentation, which is
    # what editors expect from a short list of names.
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50


class NodeViewSet(TaxonomyViewSet):
    model = Node
    icon = "site"
    menu_label = _("平台节点")
    list_display = ["name", "kind", "slug", "editor_group", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    list_export = ["name", "slug", "kind", "sort_order", "editor_group", "description"]
    export_filename = "platform-nodes"
    ordering = ["sort_order", "name"]


class DomainViewSet(TaxonomyViewSet):
    model = Domain
    icon = "folder-open-1"
    menu_label = _("应用领域")
    list_display = ["name", "parent", "slug", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug", "description"]
    list_export = ["name", "slug", "parent", "sort_order", "description"]
    export_filename = "domains"
    ordering = ["sort_order", "name"]


class DataResourceViewSet(TaxonomyViewSet):
    model = DataResource
    icon = "table"
    menu_label = _("数据资源")
    list_display = ["name", "department", "node", "slug"]
    list_filter = ["node", "department"]
    search_fields = ["name", "department", "slug", "description"]
    list_export = ["name", "department", "node", "slug", "description"]
    export_filename = "data-resources"


class ProviderViewSet(TaxonomyViewSet):
    model = Provider
    icon = "group"
    menu_label = _("方案提供单位")
    list_display = ["name", "credit_code", "node", "website"]
    list_filter = ["node"]
    search_fields = ["name", "credit_code", "slug", "description"]
    list_export = ["name", "credit_code", "node", "website", "slug", "description"]
    export_filename = "providers"


class SceneTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("场景分类")
    menu_icon = "tag"
    menu_order = 210
    items = (NodeViewSet, DomainViewSet, DataResourceViewSet, ProviderViewSet)


register_snippet(SceneTaxonomyGroup)


@hooks.register("register_admin_viewset")
def register_scene_page_viewset():
    # The scene list with its 所属节点 column and filters, and refusals that say why (scenes/scene_admin.py).
    return ScenePageViewSet()


@hooks.register("register_admin_viewset")
def register_need_comment_viewset():
    # The needs' comments: moderators hide one with a reason (scenes/need_admin.py).
    return NeedCommentViewSet("need_comments")


@hooks.register("register_admin_urls")
def register_resource_search_url():
    # The page editors' data resource picker asks this for matches (scenes/widgets.py).
    return [path("scenes/resource-search/", resource_search, name="scenes_resource_search")]
