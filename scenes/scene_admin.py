"""The scene list in the admin, as each editor needs it: the city of every scene in a column and a
filter, and refusals that say why.

``ScenePageViewSet`` customises Wagtail's page views for scenes: the explorer listing under the scene
index (the scene list; also the flat list from the page-types report) gets a 所属节点 column and
filters by city and level; the views a city editor might reach for another city's scene (a bookmark,
a link shared by a colleague, a forged post) refuse with the precise reason (scenes.refusals) before
Wagtail's generic "no permission". The per-row actions already follow the scene's permission tester
(scenes.rules), so each editor is offered only what they may do.
"""

from functools import wraps

import django_filters
from django.contrib import messages
from django.forms import CheckboxSelectMultiple
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet

from cms.workflow_messages import ShuyongPageViewSet
from scenes.choices import RecognitionLevel
from scenes.models import Node, ScenePage
from scenes.refusals import scene_refusal
from scenes.rules import can_edit_scene


class SceneFilterSet(PageFilterSet):
    node = django_filters.ModelMultipleChoiceFilter(
        label=_("所属节点"),
        queryset=Node.objects.order_by("sort_order", "name"),
        widget=CheckboxSelectMultiple,
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("认定级别"), choices=RecognitionLevel.choices, widget=CheckboxSelectMultiple
    )

    class Meta:
        model = ScenePage
        fields = []


class SceneIndexView(ExplorableIndexView):
    def annotate_queryset(self, pages):
        # The 所属节点 column reads scene.node: one join instead of a query per row.
        return super().annotate_queryset(pages.select_related("node", for_specific_subqueries=True))


def refusing_other_nodes(view, action, page_id_kwarg="page_id"):
    """Wrap a page view: another node's scene is refused with the reason, before the view runs."""

    @wraps(view)
    def refusing_view(request, *args, **kwargs):
        scene = ScenePage.objects.select_related("node").filter(pk=kwargs.get(page_id_kwarg)).first()
        if scene is None or can_edit_scene(request.user, scene):
            return view(request, *args, **kwargs)
        reason = scene_refusal(request.user, scene, action)
        if not request.accepts("text/html"):  # autosave and other background requests
            return JsonResponse({"success": False, "error_code": "node_forbidden", "error_message": reason}, status=403)
        # Where Wagtail sends every refusal (the dashboard), with the reason instead of its generic one.
        messages.error(request, reason)
        return redirect("wagtailadmin_home")

    return refusing_view


class ScenePageViewSet(ShuyongPageViewSet):
    # ShuyongPageViewSet: the moderation messages every page type has (cms/workflow_messages.py).
    model = ScenePage
    index_view_class = SceneIndexView
    filterset_class = SceneFilterSet

    @classmethod
    def _scene_columns(cls):
        columns = list(PageViewSet.columns)
        node = Column("node", label=_("所属节点"), accessor="node.name", sort_key="node__sort_order", width="12%")
        return [*columns[:2], node, *columns[2:]]

    @cached_property
    def columns(self):
        return self._scene_columns()

    @cached_property
    def edit_view(self):
        return refusing_other_nodes(super().edit_view, "edit")

    @cached_property
    def delete_view(self):
        return refusing_other_nodes(super().delete_view, "delete")

    @cached_property
    def copy_view(self):
        return refusing_other_nodes(super().copy_view, "copy")

    @cached_property
    def move_view(self):
        return refusing_other_nodes(super().move_view, "move", page_id_kwarg="page_to_move_id")

    @cached_property
    def unpublish_view(self):
        return refusing_other_nodes(super().unpublish_view, "unpublish")

    @cached_property
    def revisions_revert_view(self):
        return refusing_other_nodes(super().revisions_revert_view, "revert")

    @cached_property
    def preview_on_edit_view(self):
        return refusing_other_nodes(super().preview_on_edit_view, "preview")
