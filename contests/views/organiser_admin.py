"""The base of the organisers' custom admin pages (评审, 结果与奖项): organisers only, checked on the
server for every request, and breadcrumbs "section index › [extra] › this page"."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contests.rules import can_manage_judging


class OrganiserAdminView(WagtailAdminTemplateMixin, View):
    index_url_name = None  # the section's index page, first crumb after Wagtail's own
    index_label = None

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_judging(request.user):
            raise PermissionDenied
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
        from contests.models import Round

        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(Round.objects.select_related("contest"), pk=kwargs["round_id"])

    def extra_breadcrumbs(self):
        if not self.round_url_name:
            return []
        return [{"url": reverse(self.round_url_name, args=[self.round.pk]), "label": str(self.round)}]
