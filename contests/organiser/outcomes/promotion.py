"""推荐入库 in the Wagtail admin (/admin/outcomes/promotion/…): the award-winning entries of a contest,
a confirmed POST that promotes one into the solution library (``promote_entry``), and for promoted
ones a link to the draft page in the Wagtail page editor."""

from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from contests.organiser.base import OrganiserMenuItem
from contests.organiser.forms import ConfirmForm
from contests.organiser.outcomes.dashboard import ContestChoiceMixin, OutcomesAdminView
from contests.services import ContestError
from contests.services.outcomes.promotion import (
    best_award,
    existing_provider,
    promote_entry,
    provider_name,
    winning_awards,
)


def _entries():
    from contests.models import Entry

    return Entry.objects.select_related("team", "track", "contest")


class PromotionIndexView(ContestChoiceMixin, OutcomesAdminView):
    template_name = "contests/outcomes/promotion/index.html"
    page_title = gettext_lazy("推荐入库")

    def default_contests(self, contests):
        # Open on the newest contest that has winners to promote, not on one still taking entries.
        return contests.filter(award_categories__awards__round__publication__isnull=False).distinct()

    def get_context_data(self, **kwargs):
        rows = {}
        if self.contest is not None:
            awards = (
                winning_awards(self.contest)
                .select_related("category", "track", "entry__team", "entry__promotion__solution_page")
                .order_by(
                    "category__sort_order",
                    "category_id",
                    "track__sort_order",
                    "track_id",
                    F("rank").asc(nulls_last=True),
                    "pk",
                )
            )
            # One row per entry, with all its awards (an entry may win a level and a special award).
            for award in awards:
                row = rows.setdefault(award.entry_id, {"entry": award.entry, "awards": []})
                row["awards"].append(award)
            for row in rows.values():
                promotion = getattr(row["entry"], "promotion", None)
                row["promotion"] = promotion
                page = promotion.solution_page if promotion else None
                row["edit_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else ""
        return super().get_context_data(
            contests=self.contests, contest=self.contest, rows=list(rows.values()), **kwargs
        )


def _confirm_form(data=None):
    return ConfirmForm(data, label=_("我确认将该作品推荐入库（创建解决方案草稿；每件作品只能推荐一次）。"))


class PromoteEntryView(OutcomesAdminView):
    """Confirmation page (GET) and the promotion itself (POST)."""

    template_name = "contests/outcomes/promotion/confirm.html"
    page_title = gettext_lazy("推荐入库")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(_entries(), pk=kwargs["entry_id"])

    def get_page_subtitle(self):
        return self.entry.title

    def _back(self):
        return redirect("outcomes_promotion:contest", self.entry.contest_id)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or _confirm_form(),
            entry=self.entry,
            award=best_award(self.entry),
            provider_name=provider_name(self.entry.team),
            existing_provider=existing_provider(self.entry.team),
            **kwargs,
        )

    def get(self, request, entry_id):
        if hasattr(self.entry, "promotion"):
            messages.error(request, _("作品“%(title)s”已推荐入库，不能重复推荐。") % {"title": self.entry.title})
            return self._back()
        return super().get(request, entry_id=entry_id)

    def post(self, request, entry_id):
        form = _confirm_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            promotion = promote_entry(self.entry, actor=request.user)
        except ContestError as error:
            messages.error(request, error.message)
            return self._back()
        messages.success(
            request,
            _("已为作品“%(title)s”创建解决方案草稿，请编辑完善后提交审核发布。") % {"title": self.entry.title},
            buttons=[
                messages.button(reverse("wagtailadmin_pages:edit", args=[promotion.solution_page_id]), _("编辑页面"))
            ],
        )
        return self._back()


class PromotionViewSet(ViewSet):
    name = "outcomes_promotion"
    url_prefix = "outcomes/promotion"
    icon = "upload"
    menu_label = gettext_lazy("推荐入库")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", PromotionIndexView.as_view(), name="index"),
            path("<int:contest_id>/", PromotionIndexView.as_view(), name="contest"),
            path("entries/<int:entry_id>/", PromoteEntryView.as_view(), name="promote"),
        ]
