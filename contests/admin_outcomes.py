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


def add_outcomes_viewset(viewset_class):
    OutcomesAdminGroup.items = (*OutcomesAdminGroup.items, viewset_class)
    return viewset_class


@hooks.register("register_admin_viewset")
def register_outcomes_admin():
    return OutcomesAdminGroup()


# The parts (each adds its viewset to the group above when imported):
from contests import admin_appeals  # noqa: E402, F401
from contests import admin_advancement  # noqa: E402, F401
from contests import admin_dashboard  # noqa: E402, F401
from contests import admin_awards  # noqa: E402, F401
