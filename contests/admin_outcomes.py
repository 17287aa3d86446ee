"""Wagtail admin of outcomes: the "结果与奖项" menu (advancement, awards, publication and appeals,
the organiser dashboard, promotion to the showcase).

Each part lives in its own module, which calls ``add_outcomes_viewset`` when imported; the import
lines are at the end of this file. Registered by one import line in ``contests/wagtail_hooks.py``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ViewSetGroup


class OutcomesAdminGroup(ViewSetGroup):
    menu_label = _("结果与奖项")
    menu_icon = "list-ol"
    menu_order = 235
    items = ()


# The menu follows the organiser's work, whatever order the parts are imported in.
MENU_ORDER = [
    "outcomes_dashboard",
    "outcomes_advancement",
    "awards",
    "outcomes_publication",
    "outcomes_promotion",
    "award_categories",
]


def add_outcomes_viewset(viewset_class):
    items = (*OutcomesAdminGroup.items, viewset_class)
    known = {name: i for i, name in enumerate(MENU_ORDER)}
    OutcomesAdminGroup.items = tuple(sorted(items, key=lambda item: known.get(item.name, len(known))))
    return viewset_class


@hooks.register("register_admin_viewset")
def register_outcomes_admin():
    return OutcomesAdminGroup()


# The parts (each adds its viewset to the group above when imported):
from contests import admin_advancement, admin_appeals, admin_awards, admin_dashboard  # noqa: E402, F401
