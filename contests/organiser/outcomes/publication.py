"""Organiser pages of result publication and appeals in the Wagtail admin (/admin/outcomes/publication/…):
per round "结果公示与申诉" (publish, status, appeals, finalise) and a review page per appeal.
Each page checks ``is_organiser``; the services decide and audit."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests import models
from contests.models import Appeal, AppealAttachment, Round
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem
from contests.organiser.forms import ConfirmForm, ReviewForm
from contests.services import ContestError
from contests.services.files import file_response
from contests.services.judging.judges import blind_code
from contests.services.outcomes.appeals import review_appeal
from contests.services.outcomes.publication import (
    finalise_problems,
    finalise_results,
    publication_of,
    publish_problems,
    publish_results,
)
from contests.services.submission import format_beijing_time


class OutcomesAdminView(OrganiserAdminView):
    header_icon = "list-ol"
    page_title = gettext_lazy("结果公示与申诉")
    index_url_name = "outcomes_publication:index"
    index_label = gettext_lazy("结果公示与申诉")


class PublicationIndexView(OutcomesAdminView):
    template_name = "contests/outcomes/publication/index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        rounds = (
            models.Round.objects.select_related("contest", "publication")
            .annotate(
                result_count=Count("results", distinct=True),
                # Only the appeals still waiting for a review: the column is "申诉（待复核）".
                pending=Count("appeals", filter=Q(appeals__status=models.AppealStatus.PENDING), distinct=True),
            )
            .order_by("-contest__year", "contest", "number", "pk")
        )
        return super().get_context_data(rounds=rounds, now=timezone.now(), **kwargs)


class RoundPublicationView(OutcomesAdminView):
    """Status of the round's publication, its appeals, and the publish / finalise buttons."""

    template_name = "contests/outcomes/publication/round.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(Round.objects.select_related("contest"), pk=kwargs["round_id"])

    def get_page_title(self):
        return _("结果公示与申诉：%(round)s") % {"round": self.round}

    def get_context_data(self, publish_form=None, finalise_form=None, **kwargs):
        now = timezone.now()
        publication = publication_of(self.round)
        appeals = (
            models.Appeal.objects.filter(round=self.round)
            .select_related("team", "entry", "filed_by")
            .annotate(file_count=Count("attachments"))
            .order_by("filed_at", "pk")
        )
        days = publication.notice_days if publication else self.round.contest.notice_days
        return super().get_context_data(
            round=self.round,
            publication=publication,
            notice_open=bool(publication and publication.notice_is_open(now)),
            published_at=publication and format_beijing_time(publication.published_at),
            notice_ends=publication and format_beijing_time(publication.notice_ends_at),
            finalised_at=publication and publication.finalised_at and format_beijing_time(publication.finalised_at),
            notice_days=days,
            result_count=models.RoundResult.objects.filter(round=self.round).count(),
            publish_problems=publish_problems(self.round),
            finalise_problems=finalise_problems(publication, now) if publication else [],
            publish_form=publish_form or ConfirmForm(prefix="publish"),
            finalise_form=finalise_form or ConfirmForm(prefix="finalise"),
            appeals=appeals,
            **kwargs,
        )

    def post(self, request, round_id):
        action = request.POST.get("action")
        if action not in ("publish", "finalise"):
            return redirect("outcomes_publication:round", self.round.pk)
        form = ConfirmForm(request.POST, prefix=action)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{f"{action}_form": form}))
        try:
            if action == "publish":
                publication = publish_results(self.round, actor=request.user)
                messages.success(
                    request,
                    _("结果已公布，公示期 %(days)d 天，截止 %(time)s。已通知参评团队。")
                    % {"days": publication.notice_days, "time": format_beijing_time(publication.notice_ends_at)},
                )
            else:
                finalise_results(self.round, actor=request.user)
                messages.success(request, _("本轮结果已确定为最终结果。"))
        except ContestError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(**{f"{action}_form": form}))
        return redirect("outcomes_publication:round", self.round.pk)


class AppealReviewView(OutcomesAdminView):
    template_name = "contests/outcomes/publication/appeal.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.appeal = get_object_or_404(
            Appeal.objects.select_related("round__contest", "team", "entry__track", "filed_by", "reviewed_by"),
            pk=kwargs["appeal_id"],
        )

    def get_page_title(self):
        return _("申诉复核：%(team)s") % {"team": self.appeal.team.name}

    def extra_breadcrumbs(self):
        round_ = self.appeal.round
        return [{"url": reverse("outcomes_publication:round", args=[round_.pk]), "label": str(round_)}]

    def get_context_data(self, form=None, **kwargs):
        appeal = self.appeal
        result = models.RoundResult.objects.filter(round=appeal.round, entry=appeal.entry).first()
        consensus = (
            models.ConsensusScore.objects.filter(round=appeal.round, entry=appeal.entry).first()
            if appeal.round.consensus_required
            else None
        )
        return super().get_context_data(
            consensus=consensus,
            original=getattr(result, appeal.round.aggregation, None) if result else None,
            appeal=appeal,
            code=blind_code(appeal.entry),
            result=result,
            attachments=list(appeal.attachments.order_by("uploaded_at", "pk")),
            filed_at=format_beijing_time(appeal.filed_at),
            reviewed_at=appeal.reviewed_at and format_beijing_time(appeal.reviewed_at),
            pending=appeal.status == models.AppealStatus.PENDING,
            form=form or ReviewForm(),
            **kwargs,
        )

    def post(self, request, appeal_id):
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                review_appeal(
                    self.appeal,
                    actor=request.user,
                    upheld=form.cleaned_data["decision"] == "upheld",
                    review=form.cleaned_data["review"],
                )
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("复核结论已记录，并已通知该团队。"))
                return redirect("outcomes_publication:appeal", self.appeal.pk)
        return self.render_to_response(self.get_context_data(form=form))


class AppealAttachmentView(OutcomesAdminView):
    def get(self, request, appeal_id, file_id):
        attachment = get_object_or_404(AppealAttachment, appeal_id=appeal_id, pk=file_id)
        return file_response(attachment)


class PublicationViewSet(ViewSet):
    name = "outcomes_publication"
    url_prefix = "outcomes/publication"
    icon = "doc-full"
    menu_label = gettext_lazy("结果公示与申诉")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", PublicationIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", RoundPublicationView.as_view(), name="round"),
            path("appeals/<int:appeal_id>/", AppealReviewView.as_view(), name="appeal"),
            path(
                "appeals/<int:appeal_id>/files/<int:file_id>/",
                AppealAttachmentView.as_view(),
                name="appeal_file",
            ),
        ]
