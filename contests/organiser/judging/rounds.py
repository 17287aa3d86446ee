"""Organiser pages of judging in the Wagtail admin (/admin/judging/…): per-round dashboard with
the assign and compute buttons and the conflicts found after assignment, ranking, "why this score",
judge report, manual assignment, removal and reopening. Each page checks ``is_organiser``; the work
is done by services."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests import models
from contests.models import Entry, JudgeProfile, Score
from contests.organiser.base import OrganiserMenuItem
from contests.organiser.charts import bar_chart, dot_plot
from contests.organiser.forms import confirm_field
from contests.organiser.judging.base import JudgingAdminView, ReasonForm, RoundMixin
from contests.organiser.judging.flags import KeepJudgeView
from contests.organiser.judging.ranking import RankingSettingsForm
from contests.services import ContestError
from contests.services.judging.assignment import add_assignment, assign_judges, entries_for_round, remove_assignment
from contests.services.judging.consensus import consensus_by_entry
from contests.services.judging.flags import open_flags, scan_round
from contests.services.judging.judges import blind_code, invite_judge
from contests.services.judging.progress import total_progress
from contests.services.judging.reports import explain_entry, judge_report
from contests.services.judging.results import compute_round_results
from contests.services.judging.scoring import criteria_of, reopen_score, weight_problem
from contests.services.judging.unit_review import appoint_unit_reviewers, plan_unit_review

# Rounds ----------------------------------------------------------------------------------------


class RoundIndexView(JudgingAdminView):
    template_name = "contests/judging/admin/round_index.html"
    page_title = gettext_lazy("评审轮次与结果")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        rounds = models.Round.objects.select_related("contest").annotate(
            active=Count("assignments", filter=Q(assignments__state=models.AssignmentState.ACTIVE)),
            submitted=Count(
                "assignments",
                filter=Q(
                    assignments__state=models.AssignmentState.ACTIVE,
                    assignments__score__status=models.ScoreStatus.SUBMITTED,
                ),
            ),
        )
        return super().get_context_data(rounds=rounds.order_by("-contest__year", "contest", "number"), **kwargs)


def _round_settings_form(*args, instance, **kwargs):
    return RankingSettingsForm(*args, round_=instance, **kwargs)


class AssignForm(forms.Form):
    # An advanced field, folded away on the page: the default draws the same way every time.
    seed = forms.IntegerField(
        label=gettext_lazy("随机种子（高级选项）"),
        initial=0,
        min_value=0,
        max_value=2**31 - 1,
        help_text=gettext_lazy(
            "条件相同的评委之间按此数字随机抽取。相同的作品、评委和种子总会得到相同的分配，便于复核和重现；一般无需修改。"
        ),
        error_messages={"invalid": gettext_lazy("随机种子须为整数。")},
    )
    confirm = confirm_field(
        gettext_lazy("我确认为评委不足的作品自动补派评委（新分配的评委会看到这些作品，已有分配不变）。")
    )


class ComputeForm(forms.Form):
    confirm = confirm_field(
        gettext_lazy("我确认按目前已提交的评分计算本轮成绩（覆盖上次计算的排名，晋级与奖项建议随之变化）。")
    )


class RoundDashboardView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/round.html"

    def get_page_title(self):
        return str(self.round)

    def extra_breadcrumbs(self):
        return []

    def get_context_data(self, report=None, settings_form=None, assign_form=None, compute_form=None, **kwargs):
        round_ = self.round
        criteria = criteria_of(round_)
        active = models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE)
        # A challenge-setting unit's reviewers judge on top of the panel: they fill no seat of it.
        counts = active.values("entry_id").annotate(
            n=Count("pk"), panel=Count("pk", filter=~Q(source=models.AssignmentSource.UNIT))
        )
        per_entry, panel = {}, {}
        for row in counts.values_list("entry_id", "n", "panel"):
            per_entry[row[0]], panel[row[0]] = row[1], row[2]
        entry_count = entries_for_round(round_).count()
        progress = total_progress(active)
        results = models.RoundResult.objects.filter(round=round_)
        conflict_flags = list(open_flags(round_))
        for flag in conflict_flags:
            flag.code = blind_code(flag.assignment.entry)
        return super().get_context_data(
            conflict_flags=conflict_flags,
            round=round_,
            criteria=criteria,
            weight_problem=weight_problem(round_, criteria),
            weight_total=sum(c.weight for c in criteria if c.counted),
            entry_count=entry_count,
            assignment_count=len(per_entry) and sum(per_entry.values()),
            short_entries=entry_count - sum(1 for n in panel.values() if n >= round_.judges_per_entry),
            judge_count=active.values("judge_id").distinct().count(),
            submitted=progress.submitted,
            drafts=progress.drafts,
            computed_at=results.order_by("-computed_at").values_list("computed_at", flat=True).first(),
            flagged=results.filter(disagreement=True).count(),
            assign_form=assign_form or AssignForm(auto_id="assign_%s"),
            compute_form=compute_form or ComputeForm(auto_id="compute_%s"),
            settings_form=settings_form or _round_settings_form(instance=round_),
            report=report,
            **kwargs,
        )

    def post(self, request, round_id):
        action = request.POST.get("action")
        if action == "assign":
            form = AssignForm(request.POST, auto_id="assign_%s")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(assign_form=form))
            report = assign_judges(self.round, seed=form.cleaned_data["seed"], actor=request.user)
            level = messages.success if report.ok else messages.warning
            level(request, report.lines()[0])
            return self.render_to_response(self.get_context_data(report=report))
        if action == "compute":
            form = ComputeForm(request.POST, auto_id="compute_%s")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(compute_form=form))
            try:
                summary = compute_round_results(self.round, actor=request.user)
            except ContestError as error:
                messages.error(request, error.message)
                return redirect("judging_rounds:round", self.round.pk)
            for line in summary.lines():
                messages.success(request, line)
            return redirect("judging_rounds:results", self.round.pk)
        if action == "scan":
            opened = scan_round(self.round, actor=request.user)
            messages.success(request, _("检查完毕，新发现 %(count)d 处利益冲突。") % {"count": len(opened)})
            return redirect("judging_rounds:round", self.round.pk)
        if action == "settings":
            form = _round_settings_form(request.POST, instance=self.round)
            if form.is_valid():
                form.save()
                messages.success(request, _("评审设置已保存。"))
                return redirect("judging_rounds:round", self.round.pk)
            return self.render_to_response(self.get_context_data(settings_form=form))
        return redirect("judging_rounds:round", self.round.pk)


class UnitReviewForm(forms.Form):
    confirm = confirm_field(
        gettext_lazy("我确认安排出题单位成员评审本单位赛题的作品（他们将在评审工作台看到这些作品，匿名评审）。")
    )


class UnitReviewView(RoundMixin, JudgingAdminView):
    """安排出题单位评审: the confirmation states what will happen; the service does it."""

    template_name = "contests/judging/admin/form.html"

    def get_page_title(self):
        return _("安排出题单位评审")

    def get_context_data(self, form=None, **kwargs):
        plan = plan_unit_review(self.round)
        intro = _(
            "本届大赛允许出题单位参与评审的赛题共 %(challenges)d 个，"
            "涉及 %(members)d 名单位成员、本轮 %(entries)d 件作品。"
            "将新建 %(judges)d 个评委档案（无需邀请邮件，立即生效），新增最多 %(assignments)d 条评审分配"
            "（存在利益冲突的作品自动跳过；已有分配 %(existing)d 条保持不变）。"
            "单位成员与其他评委一样匿名评审、使用同一评分标准，其评分与其他评委的评分一样计入成绩；"
            "他们不占用每件作品的评委名额。"
        ) % {
            "challenges": plan.challenges, "members": plan.members, "entries": plan.entries,
            "judges": plan.new_judges, "assignments": plan.new_assignments, "existing": plan.existing,
        }  # fmt: skip
        if plan.skipped_members:
            intro += _("以下成员已有未生效的评委档案（未接受邀请或已停用），不会安排：%(names)s。") % {
                "names": "、".join(plan.skipped_members)
            }
        return super().get_context_data(
            form=form or UnitReviewForm(), submit_label=_("安排出题单位评审"), intro=intro, **kwargs
        )

    def post(self, request, round_id):
        form = UnitReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        done = appoint_unit_reviewers(self.round, actor=request.user)
        messages.success(
            request,
            _(
                "已安排出题单位评审：新建 %(judges)d 个评委档案，新增 %(assignments)d 条评审分配，"
                "因利益冲突跳过 %(conflicts)d 件。"
            )
            % {"judges": done.new_judges, "assignments": done.new_assignments, "conflicts": done.conflicts},
        )
        return redirect("judging_rounds:round", self.round.pk)


class ResultsView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/results.html"
    per_page = 100

    def get_page_title(self):
        return _("成绩排名")

    def get_context_data(self, **kwargs):
        tracks = list(self.round.contest.tracks.order_by("sort_order", "pk"))
        track_id = self.request.GET.get("track")
        track = next((t for t in tracks if str(t.pk) == track_id), tracks[0] if tracks else None)
        rows = models.RoundResult.objects.filter(round=self.round, track=track).select_related("entry__team")
        if self.round.divisional:
            # Ranked within each division: one division's table after another, not rank 1s side by side.
            rows = rows.select_related("division").order_by("division__sort_order", "division_id", "rank", "entry_id")
        else:
            rows = rows.order_by("rank", "entry_id")
        if self.request.GET.get("flagged"):
            rows = rows.filter(disagreement=True)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        consensus = (
            consensus_by_entry(self.round, [row.entry_id for row in page]) if self.round.consensus_required else {}
        )
        for row in page:
            row.code = blind_code(row.entry)
            # The consensus step: the ranking score is the consensus; the original aggregate stays.
            row.consensus = consensus.get(row.entry_id)
            row.original = getattr(row, self.round.aggregation)
            row.delta = (
                float(row.consensus.value) - row.original if row.consensus and row.original is not None else None
            )
        return super().get_context_data(
            round=self.round, tracks=tracks, track=track, page=page, flagged=bool(self.request.GET.get("flagged")),
            method_label=self.round.get_aggregation_display(),
            # A divisional round advances by each division's quota (分赛区总览), not the round's.
            quota=None if self.round.divisional else self.round.advancement_quota, **kwargs,
        )  # fmt: skip


class WhyView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/why.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(Entry.objects.select_related("team", "track"), pk=kwargs["entry_id"])

    def get_page_title(self):
        return _("成绩说明：%(code)s") % {"code": blind_code(self.entry)}

    def extra_breadcrumbs(self):
        return [
            *super().extra_breadcrumbs(),
            {"url": reverse("judging_rounds:results", args=[self.round.pk]), "label": _("成绩排名")},
        ]

    def get_context_data(self, **kwargs):
        data = explain_entry(self.round, self.entry)
        figures = data["figures"]
        points = [(line.judge.name, line.total, line.dropped) for line in data["lines"] if line.total is not None]
        markers = [(_("平均"), figures.mean), (_("中位数"), figures.median), (_("去极值"), figures.trimmed_mean)]
        chart = dot_plot(points, markers, title=_("各评委加权总分分布")) if points else ""
        return super().get_context_data(
            round=self.round, entry=self.entry, code=blind_code(self.entry), chart=chart,
            method=self.round.aggregation, **data, **kwargs,
        )  # fmt: skip


class JudgeReportView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/judges.html"

    def get_page_title(self):
        return _("评委评分分析")

    def get_context_data(self, **kwargs):
        stats = judge_report(self.round)
        spread = max([abs(s.leniency) for s in stats if s.leniency is not None] + [5])
        leniency_chart = bar_chart(
            [(s.judge.name, s.leniency) for s in stats], title=_("宽严度：评委平均分 − 同作品其他评委平均分"),
            low=-spread, high=spread, signed=True,
        )  # fmt: skip
        agreement_chart = bar_chart(
            [(s.judge.name, s.correlation) for s in stats], title=_("一致性：与其他评委的相关系数"),
            low=-1, high=1, signed=True, decimals=2,
        )  # fmt: skip
        return super().get_context_data(
            round=self.round, stats=stats, leniency_chart=leniency_chart, agreement_chart=agreement_chart, **kwargs
        )


# Assignments and scores -------------------------------------------------------------------------


class ManualAssignmentForm(forms.Form):
    entry = forms.ModelChoiceField(label=gettext_lazy("作品"), queryset=None)
    judge = forms.ModelChoiceField(label=gettext_lazy("评委"), queryset=None)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        from contests.services.judging.assignment import assignable_judges

        self.fields["entry"].queryset = entries_for_round(round_).select_related("track").order_by("track", "pk")
        self.fields["entry"].label_from_instance = lambda e: f"{blind_code(e)} · {e.title}（{e.track.name}）"
        self.fields["judge"].queryset = assignable_judges(round_).order_by("name")
        self.fields["judge"].label_from_instance = lambda j: f"{j.name}（{j.organisation}）"


class ManualAssignmentView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/form.html"

    def get_page_title(self):
        return _("手动指派评委")

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or ManualAssignmentForm(round_=self.round), submit_label=_("指派"), **kwargs
        )

    def post(self, request, round_id):
        form = ManualAssignmentForm(request.POST, round_=self.round)
        if form.is_valid():
            try:
                add_assignment(self.round, form.cleaned_data["entry"], form.cleaned_data["judge"], actor=request.user)
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已指派。"))
                return redirect("judging_rounds:round", self.round.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ReopenForm(ReasonForm):
    confirm = confirm_field(gettext_lazy("我确认将该评分退回为草稿（评委须重新提交，成绩须重新计算）。"))


class RemovalForm(ReasonForm):
    top_up = forms.BooleanField(label=gettext_lazy("撤销后自动补派一名评委"), required=False, initial=True)
    confirm = confirm_field(gettext_lazy("我确认撤销该评审分配（该评委的评分不再计入本作品成绩）。"))

    field_order = ["reason", "top_up", "confirm"]


class RemoveAssignmentView(JudgingAdminView):
    template_name = "contests/judging/admin/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assignment = get_object_or_404(
            models.Assignment.objects.select_related("round__contest", "entry", "judge"),
            pk=kwargs["assignment_id"], state=models.AssignmentState.ACTIVE,
        )  # fmt: skip

    def get_page_title(self):
        return _("撤销评审分配：%(judge)s → %(code)s") % {
            "judge": self.assignment.judge.name, "code": blind_code(self.assignment.entry),
        }  # fmt: skip

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            # Coming from a conflict flag: its reasons are the natural removal reason.
            flag = self.assignment.conflict_flags.filter(resolved_at__isnull=True).first()
            reason = _("利益冲突：%(reasons)s") % {"reasons": "；".join(flag.reason_list)} if flag else ""
            form = RemovalForm(initial={"reason": reason})
        return super().get_context_data(form=form, submit_label=_("撤销"), **kwargs)

    def post(self, request, assignment_id):
        form = RemovalForm(request.POST)
        if form.is_valid():
            try:
                _ended, report = remove_assignment(
                    self.assignment,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    top_up=form.cleaned_data["top_up"],
                )
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已撤销该评审分配。"))
                if report is not None:
                    messages.info(request, report.lines()[0])
                return redirect("judging_rounds:round", self.assignment.round_id)
        return self.render_to_response(self.get_context_data(form=form))


class ReopenScoreView(JudgingAdminView):
    template_name = "contests/judging/admin/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.score = get_object_or_404(
            Score.objects.select_related("assignment__judge", "assignment__entry", "assignment__round__contest"),
            pk=kwargs["score_id"],
        )

    def get_page_title(self):
        return _("退回评分：%(judge)s → %(code)s") % {
            "judge": self.score.assignment.judge.name, "code": blind_code(self.score.assignment.entry),
        }  # fmt: skip

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or ReopenForm(), submit_label=_("退回给评委修改"),
            intro=_("退回后该评分变为草稿，评委可以修改后重新提交；退回操作会记入审计记录。"), **kwargs,
        )  # fmt: skip

    def post(self, request, score_id):
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                reopen_score(self.score, actor=request.user, reason=form.cleaned_data["reason"])
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("评分已退回为草稿。"))
                return redirect("judging_scores:index")
        return self.render_to_response(self.get_context_data(form=form))


class InviteJudgeView(JudgingAdminView):
    template_name = "contests/judging/admin/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.judge = get_object_or_404(JudgeProfile.objects.select_related("contest"), pk=kwargs["judge_id"])

    def get_page_title(self):
        return _("发送评委邀请：%(name)s") % {"name": self.judge.name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("judging_judges:index"), "label": _("评委")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=forms.Form(), submit_label=_("发送邀请邮件"),
            intro=_("将向 %(email)s 发送邀请链接（14 天内有效），之前未使用的邀请链接随之失效。")
            % {"email": self.judge.email},
            **kwargs,
        )  # fmt: skip

    def post(self, request, judge_id):
        try:
            invite_judge(self.judge, actor=request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("邀请已发送至 %(email)s。") % {"email": self.judge.email})
        return redirect("judging_judges:index")


class JudgingRoundsViewSet(ViewSet):
    name = "judging_rounds"
    url_prefix = "judging"
    icon = "tasks"
    menu_label = gettext_lazy("评审轮次与结果")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", RoundIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", RoundDashboardView.as_view(), name="round"),
            path("rounds/<int:round_id>/results/", ResultsView.as_view(), name="results"),
            path("rounds/<int:round_id>/results/<int:entry_id>/", WhyView.as_view(), name="why"),
            path("rounds/<int:round_id>/judges/", JudgeReportView.as_view(), name="judges"),
            path("rounds/<int:round_id>/assign/", ManualAssignmentView.as_view(), name="add_assignment"),
            path("rounds/<int:round_id>/unit-reviewers/", UnitReviewView.as_view(), name="unit_reviewers"),
            path(
                "assignments/<int:assignment_id>/remove/",
                RemoveAssignmentView.as_view(),
                name="remove_assignment",
            ),
            path("conflicts/<int:flag_id>/keep/", KeepJudgeView.as_view(), name="keep_judge"),
            path("scores/<int:score_id>/reopen/", ReopenScoreView.as_view(), name="reopen_score"),
            path("judges/<int:judge_id>/invite/", InviteJudgeView.as_view(), name="invite"),
        ]
