"""Every organiser menu and menu item names an icon Wagtail actually has (an unknown name draws nothing)."""

import re

import pytest
from wagtail.admin.icons import get_icons

from contests import wagtail_hooks
from contests.organiser import eligibility

pytestmark = pytest.mark.django_db


def organiser_icons():
    icons = {"形式审查": eligibility.menu_item().icon_name}
    for menu in (wagtail_hooks.ContestMenu, wagtail_hooks.JudgingMenu, wagtail_hooks.OutcomesMenu):
        icons[str(menu.menu_label)] = menu.menu_icon
        for viewset in menu.items:
            icons[f"{menu.menu_label} › {viewset.menu_label}"] = viewset.icon
    return icons


def test_every_organiser_menu_icon_exists_in_wagtail():
    available = set(re.findall(r'id="icon-([\w-]+)"', get_icons()))
    missing = {label: icon for label, icon in organiser_icons().items() if icon not in available}
    assert missing == {}


def test_contest_and_eligibility_menus_have_their_icons():
    icons = organiser_icons()
    assert (icons["大赛"], icons["形式审查"]) == ("calendar-check", "circle-check")
