"""The random draw of a round's judges from the pool, in the organiser's admin: the draw form with
its confirmation (/admin/experts/rounds/<id>/draw/), the draw's record — every candidate's outcome,
the seed and the "按相同种子复现" check — and the re-draw for declines. The services are in
``contests.services.experts.draw``."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.models import Expert, ExpertDraw, ExpertStatus, JudgeProfile, Round
from contests.organiser.base import OrganiserAdminView, RoundPageMixin
from contests.organiser.forms import confirm_field
from contests.services import ContestError
from contests.services.experts.draw import (
    DRAWN,
    MAX_COUNT,
    declined_count,
    draw_experts,
    reason_label,
    redraw,
    reproduces,
    verification,
)
from contests.services.experts.record import attach_records
from scenes.models import Domain


class DrawAdminView(OrganiserAdminView):
    header_icon = "group"
    page_title = gettext_lazy("专家抽取")
    index_url_name = "expert_pool:rounds"
    index_label = gettext_lazy("专家抽取")


class RoundListView(DrawAdminView):
    template_name = "contests/admin/experts/rounds.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        rounds = (
            Round.objects.select_related("contest")
            .annotate(draw_count=Count("expert_draws"))
            .order_by("-contest__year", "contest", "number")
        )
        draws = ExpertDraw.objects.select_related("round__contest", "division", "drawn_by").annotate(
            drawn_count=Count("drawn")
        )[:20]
        return super().get_context_data(rounds=rounds, draws=draws, **kwargs)


class DrawForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("抽取人数"), min_value=1, max_value=MAX_COUNT, initial=5)
    domains = forms.ModelMultipleChoiceField(
        label=gettext_lazy("专业领域（任一匹配即为候选）"),
        queryset=Domain.objects.order_by("sort_order", "pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一个专业领域。")},
    )
    division = forms.ModelChoiceField(
        label=gettext_lazy("为分赛区抽取（可选）"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("选择后只回避该分赛区的参赛单位，并回避来自该城市的专家。"),
    )
    seed = forms.CharField(
        label=gettext_lazy("随机种子（可选）"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("留空则随机生成。相同的种子和相同的候选专家总会抽出相同的结果，种子会被记录。"),
    )
    confirm = confirm_field(
        gettext_lazy("我确认抽取：抽中的专家成为本届大赛的评委并立即收到评委邀请邮件，抽取结果记入审计记录，不能撤销。")
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = round_.contest.divisions.order_by("sort_order", "pk")
        if not self.fields["division"].queryset.exists():
            del self.fields["division"]


class DrawView(RoundPageMixin, DrawAdminView):
    template_name = "contests/admin/experts/draw_form.html"

    def get_page_title(self):
        return _("抽取评委：%(round)s") % {"round": self.round}

    def get_context_data(self, form=None, **kwargs):
        available = (
            Domain.objects.annotate(
                active=Count(
                    "experts",
                    filter=Q(experts__status=ExpertStatus.ACTIVE, experts__user__isnull=False),
                    distinct=True,
                )
            )
            .filter(active__gt=0)
            .order_by("sort_order", "pk")
        )
        return super().get_context_data(
            round=self.round,
            form=form or DrawForm(round_=self.round),
            available=available,
            draws=self.round.expert_draws.select_related("division", "drawn_by").annotate(drawn_count=Count("drawn")),
            **kwargs,
        )

    def post(self, request, round_id):
        form = DrawForm(request.POST, round_=self.round)
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = draw_experts(
                    self.round, count=data["count"], domains=data["domains"], seed=data["seed"] or None,
                    division=data.get("division"), actor=request.user,
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("已抽取 %(count)d 名专家，随机种子 %(seed)s。")
                    % {"count": draw.drawn.count(), "seed": draw.seed},
                )
                return redirect("expert_pool:draw", draw_id=draw.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DrawPageMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.draw = get_object_or_404(
            ExpertDraw.objects.select_related("round__contest", "division", "drawn_by", "replaces"),
            pk=kwargs["draw_id"],
        )

    def extra_breadcrumbs(self):
        return [{"url": reverse("expert_pool:draw_round", args=[self.draw.round_id]), "label": str(self.draw.round)}]


class DrawDetailView(DrawPageMixin, DrawAdminView):
    template_name = "contests/admin/experts/draw.html"

    def get_page_title(self):
        return _("抽取记录 · 种子 %(seed)s") % {"seed": self.draw.seed}

    def get_context_data(self, **kwargs):
        draw = self.draw
        ids = [row["expert"] for row in draw.outcome]
        experts = {e.pk: e for e in attach_records(Expert.objects.filter(pk__in=ids).select_related("city"))}
        judges = dict(
            JudgeProfile.objects.filter(contest_id=draw.round.contest_id, expert_id__in=ids).values_list(
                "expert_id", "status"
            )
        )
        status_labels = dict(JudgeProfile._meta.get_field("status").choices)
        rows = []
        for row in draw.outcome:
            expert = experts.get(row["expert"])
            rows.append(
                {
                    **row,
                    "label": reason_label(row["outcome"]),
                    "drawn": row["outcome"] == DRAWN,
                    "record": expert.record if expert else None,
                    "city": expert.city if expert else None,
                    "judge_status": status_labels.get(judges.get(row["expert"])) if row["outcome"] == DRAWN else "",
                }
            )
        return super().get_context_data(
            draw=draw,
            rows=sorted(rows, key=lambda r: (not r["drawn"], r["outcome"], r["expert"])),
            domains=draw.domains.all(),
            reproduces=reproduces(draw),
            verification=verification(draw),
            declined=declined_count(draw),
            redraws=draw.redraws.all(),
            **kwargs,
        )


class RedrawForm(forms.Form):
    confirm = confirm_field(
        gettext_lazy("我确认补抽：新抽中的专家成为评委并收到评委邀请邮件，此前抽中的专家不会再被抽中。")
    )


class RedrawView(DrawPageMixin, DrawAdminView):
    template_name = "contests/admin/experts/form.html"

    def get_page_title(self):
        return _("为谢绝者补抽 · 种子 %(seed)s") % {"seed": self.draw.seed}

    def get_context_data(self, form=None, **kwargs):
        need = declined_count(self.draw)
        return super().get_context_data(
            form=form or RedrawForm(),
            intro=_(
                "本次抽取有 %(need)d 名专家谢绝了评委邀请且尚未补抽。"
                "将按原条件（领域、分赛区、回避规则）再抽取 %(need)d 名，种子由原种子派生并记录。"
            )
            % {"need": need},
            submit_label=_("补抽"),
            **kwargs,
        )

    def post(self, request, draw_id):
        form = RedrawForm(request.POST)
        if form.is_valid():
            try:
                new = redraw(self.draw, actor=request.user)
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已补抽 %(count)d 名专家。") % {"count": new.drawn.count()})
                return redirect("expert_pool:draw", draw_id=new.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def urlpatterns():
    return [
        path("draws/", RoundListView.as_view(), name="rounds"),
        path("draws/rounds/<int:round_id>/", DrawView.as_view(), name="draw_round"),
        path("draws/<int:draw_id>/", DrawDetailView.as_view(), name="draw"),
        path("draws/<int:draw_id>/redraw/", RedrawView.as_view(), name="redraw"),
    ]
