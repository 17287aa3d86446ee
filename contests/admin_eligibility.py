"""Eligibility review (形式审查) in the Wagtail admin, for organisers.

A "形式审查" menu item leads to the list of submitted and reviewed entries (filter by contest,
track and status) where organisers tick entries and mark them eligible or ineligible in one go —
the bulk action — and to a page per entry with its files, revisions and the decision form.
Both call ``contests.services.eligibility``. Registered by one import line at the end of
``contests/wagtail_hooks.py``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from contests.rules import can_review_eligibility
from contests.views import eligibility_admin as views


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_eligibility(request.user)


@hooks.register("register_admin_urls")
def register_eligibility_urls():
    return [
        path("contest-eligibility/", views.review_list, name="contest_eligibility"),
        path("contest-eligibility/<int:pk>/", views.review_entry, name="contest_eligibility_entry"),
    ]


@hooks.register("register_admin_menu_item")
def register_eligibility_menu_item():
    return OrganiserMenuItem(_("形式审查"), reverse("contest_eligibility"), icon_name="tick", order=221)
