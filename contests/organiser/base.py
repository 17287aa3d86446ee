"""What every organiser admin page shares: the organiser check, the one menu item class, the
view-only permission policy, the list view base and its columns, and the custom-page base.

Who is an organiser is decided once, in ``contests.rules.is_organiser``; every menu item, list and
custom page here checks it on the server for every request.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ButtonMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from contests.models import Round, Track
from contests.rules import is_organiser
from scenes.models import Node


def require_organiser(user):
    if not is_organiser(user):
        raise PermissionDenied


class OrganiserMenuItem(MenuItem):
    """A menu item shown to organisers only (the pages behind it check again)."""

    def is_shown(self, request):
        return is_organiser(request.user)


class ViewOnlyPolicy(ModelPermissionPolicy):
    """View only, even for superusers: these rows change through the services (entries keep
    revisions, memberships obey the team rules, audit events are append-only, assignments and
    scores change through the judging services)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


# ---------------------------------------------------------------- lists (ModelViewSet)


class OrganiserIndexView(IndexView):
    """An index whose base queryset (``list_queryset``) and extra per-row actions (``row_actions``:
    (label, url, icon) triples) come from the viewset."""

    list_queryset = None
    row_actions = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return self.list_queryset(queryset) if self.list_queryset else queryset

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        actions = self.row_actions(instance) if self.row_actions else []
        for priority, (label, url, icon) in enumerate(actions):
            buttons.append(ButtonMenuItem(label, url=url, icon_name=icon, priority=40 + priority))
        return buttons


class OrganiserModelViewSet(ModelViewSet):
    """Shared settings: plain ORM search (icontains finds 养老 inside 智慧养老), no copy; every list
    selects its relations up front in ``list_queryset`` so the query count does not grow with rows."""

    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    add_to_admin_menu = False
    index_view_class = OrganiserIndexView

    def list_queryset(self, queryset):
        return queryset

    def row_actions(self, instance):
        return []

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_queryset=self.list_queryset, row_actions=self.row_actions, **kwargs)


class LinkColumn(Column):
    """A cell that links somewhere about the row (e.g. the filtered list of its members)."""

    cell_template_name = "contests/admin/link_cell.html"

    def __init__(self, name, *, url, **kwargs):
        super().__init__(name, **kwargs)
        self.url = url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.url(instance)
        return context


class LocalTimeColumn(Column):
    """A date and time in Asia/Shanghai, written out: the timeline is in the future, where
    Wagtail's DateColumn (time since) would only say "just now"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(localtime(value), "Y-m-d H:i") if value else ""


def track_choices(request=None):
    """Tracks for a list filter or form, with their contests (for the labels of ``TrackChoiceField``)."""
    return Track.objects.select_related("contest").order_by("contest", "sort_order", "pk")


def track_label(track):
    """「2025 数据应用创新大赛 · 城市治理」: two years' 城市治理 tracks are told apart by their contest."""
    return f"{track.contest} · {track.name}"


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return track_label(obj)


class TrackFilter(django_filters.ModelChoiceFilter):
    """A track filter whose choices name each track's contest."""

    field_class = TrackChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", track_choices)
        super().__init__(*args, **kwargs)


def city_choices(request=None):
    """The city nodes that have teams, for a list filter."""
    return Node.objects.filter(teams__isnull=False).distinct().order_by("sort_order")


def filtered_index(viewset_name, **params):
    return reverse(f"{viewset_name}:index") + "?" + urlencode(params)


# ---------------------------------------------------------------- custom pages


class OrganiserAdminView(WagtailAdminTemplateMixin, View):
    """A custom admin page for organisers, with breadcrumbs "section index › [extra] › this page"."""

    index_url_name = None  # the section's index page, first crumb after Wagtail's own
    index_label = None

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        index = [{"url": reverse(self.index_url_name), "label": self.index_label}] if self.index_url_name else []
        return [*self.breadcrumbs_items, *index, *self.extra_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def extra_breadcrumbs(self):
        return []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))


class RoundPageMixin:
    """A page about one round (``round_id`` in the URL, 404 if unknown). With ``round_url_name``
    set, the round's own page is a crumb before this one."""

    round_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(Round.objects.select_related("contest"), pk=kwargs["round_id"])

    def extra_breadcrumbs(self):
        if not self.round_url_name:
            return []
        return [{"url": reverse(self.round_url_name, args=[self.round.pk]), "label": str(self.round)}]
