"""Wagtail hooks of the ground floor: the page admin views shared by every page type, readable slugs in
the page editor, and each editor's own drafts on the dashboard."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from cms import page_cache
from cms.drafts import DASHBOARD_LIMIT, unpublished_drafts_of
from cms.models import CalendarDay
from cms.views.slug_suggestion import slug_suggestion
from cms.workflow_messages import ShuyongPageViewSet


# After Wagtail's own fallback (order -1), so this viewset is the one the page URLs route to. A viewset
# for one page type (scenes' ScenePageViewSet) subclasses it to keep the moderation messages.
@hooks.register("register_admin_viewset")
def register_page_viewset():
    return ShuyongPageViewSet()


class CalendarDayViewSet(ModelViewSet):
    """节假日安排 under 设置: the public holidays and 调休 working days the working-day clocks count on
    (cms/workdays.py). Model permissions decide who sees it: superusers, and the organisers' group
    (granted by contests' migration 0015)."""

    model = CalendarDay
    icon = "date"
    menu_label = _("节假日安排")
    add_to_settings_menu = True
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_calendar_days():
    return CalendarDayViewSet("calendar_days")


@hooks.register("register_admin_urls")
def register_slug_suggestion_url():
    return [path("slug-suggestion/", slug_suggestion, name="cms_slug_suggestion")]


@hooks.register("insert_editor_js")
def readable_slug_js():
    return format_html('<script src="{}" defer></script>', static("js/readable-slug.js"))


class MyDraftsPanel(Component):
    """The editor's never-published pages, autosaved ones included, with 继续编辑 and 删除."""

    name = "my_drafts"
    template_name = "cms/admin/my_drafts.html"
    order = 90  # above Wagtail's own panels: these are easy to forget

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        drafts = unpublished_drafts_of(user)
        shown = list(drafts[:DASHBOARD_LIMIT])
        Page.objects.annotate_parent_page(shown)  # one query for every row's parent
        return {
            "drafts": [
                {
                    "page": page,
                    "parent": getattr(page, "_parent_page", None),
                    "can_delete": page.permissions_for_user(user).can_delete(),
                }
                for page in shown
            ],
            "total": drafts.count() if len(shown) == DASHBOARD_LIMIT else len(shown),
            "slug_label": Page._meta.get_field("slug").verbose_name,
        }


@hooks.register("construct_homepage_panels")
def add_my_drafts_panel(request, panels):
    panels.append(MyDraftsPanel(request))


# After Wagtail's own on_serve_page hooks (order 0): the view-restriction check runs first, so a
# restricted page is never stored (cms/page_cache.py).
hooks.register("on_serve_page", order=100)(page_cache.cache_pages)
