"""Organiser pages of calibrated judging (/admin/judging-calibration/…): a round's calibration
(anchors, the deviation table, the discussion note, closing it), the consensus step (both scores
and the delta, recording one) and lead judges (主审: appoint, end). Each page checks ``is_organiser``;
the work is done by the services in ``contests.services.judging.calibration/consensus/leads``."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests import models
from contests.consensus_step import consensus_form, save_consensus
from contests.models import CalibrationAnchor, ConsensusScore, Entry, LeadJudge
from contests.organiser.base import OrganiserMenuItem
from contests.organiser.forms import confirm_field
from contests.organiser.judging.base import JudgingAdminView, RoundMixin
from contests.services import ContestError
from contests.services.judging.assignment import entries_for_round
from contests.services.judging.calibration import (
    MAX_ANCHORS,
    add_anchor,
    close_calibration,
    deviation_table,
    remove_anchor,
    save_note,
)
from contests.services.judging.judges import blind_code
from contests.services.judging.leads import appoint_lead, end_lead, flagged_disagreements, lead_candidates

# Calibration ------------------------------------------------------------------------------------


class AnchorForm(forms.Form):
    entry = forms.ModelChoiceField(label=gettext_lazy("校准作品"), queryset=Entry.objects.none())

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        taken = CalibrationAnchor.objects.filter(round=round_).values("entry_id")
        self.fields["entry"].queryset = (
            entries_for_round(round_).exclude(pk__in=taken).select_related("track").order_by("track", "pk")
        )
        self.fields["entry"].label_from_instance = lambda e: f"{blind_code(e)} · {e.title}（{e.track.name}）"


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("校准讨论纪要"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    confirm = confirm_field(
        gettext_lazy("我确认结束校准并开始正式评审（校准评分随即只读，不再能更换校准作品；评委会收到开始评审的邮件）。")
    )


class CalibrationView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/calibration.html"
    round_url_name = "judging_rounds:round"

    def get_page_title(self):
        return _("评审校准")

    def get_context_data(self, anchor_form=None, note_form=None, **kwargs):
        round_ = self.round
        return super().get_context_data(
            round=round_,
            table=deviation_table(round_),
            max_anchors=MAX_ANCHORS,
            closed=round_.calibration_closed_at is not None,
            anchor_form=anchor_form or AnchorForm(round_=round_, auto_id="anchor_%s"),
            note_form=note_form or NoteForm(initial={"note": round_.calibration_note}, auto_id="note_%s"),
            **kwargs,
        )

    def post(self, request, round_id):
        action = request.POST.get("action")
        try:
            if action == "add":
                form = AnchorForm(request.POST, round_=self.round, auto_id="anchor_%s")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(anchor_form=form))
                add_anchor(self.round, form.cleaned_data["entry"], actor=request.user)
                messages.success(request, _("已添加校准作品。"))
            elif action == "remove":
                anchor_id = request.POST.get("anchor", "")
                anchor = get_object_or_404(
                    CalibrationAnchor, pk=int(anchor_id) if anchor_id.isdigit() else 0, round=self.round
                )
                remove_anchor(anchor, actor=request.user)
                messages.success(request, _("已移除校准作品。"))
            elif action == "note":
                form = NoteForm(request.POST, auto_id="note_%s")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(note_form=form))
                save_note(self.round, form.cleaned_data["note"], actor=request.user)
                messages.success(request, _("校准讨论纪要已保存。"))
        except ContestError as error:
            messages.error(request, error.message)
        return redirect("judging_calibration:round", self.round.pk)


class CloseCalibrationView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/form.html"
    round_url_name = "judging_rounds:round"

    def get_page_title(self):
        return _("结束校准并开始正式评审")

    def get_context_data(self, form=None, **kwargs):
        table = deviation_table(self.round)
        intro = _(
            "本轮共 %(anchors)d 件校准作品、%(judges)d 名评委，其中 %(missing)d 名评委尚未提交全部校准评分。"
            "结束后校准评分只读、不再能更换校准作品，评委即可开始正式评分；校准评分不计入任何成绩。"
        ) % {"anchors": len(table.anchors), "judges": len(table.judges), "missing": len(table.missing)}
        if self.round.calibration_closed_at:
            intro = _("本轮校准已经结束。")
        return super().get_context_data(
            form=form or CloseForm(), submit_label=_("结束校准并开始正式评审"), intro=intro, **kwargs
        )

    def post(self, request, round_id):
        form = CloseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            close_calibration(self.round, actor=request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("校准已结束，正式评审开始；已通知本轮评委。"))
        return redirect("judging_calibration:round", self.round.pk)


# Consensus ----------------------------------------------------------------------------------------


class ConsensusListView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/consensus.html"
    round_url_name = "judging_rounds:round"

    def get_page_title(self):
        return _("合议得分")

    def get_context_data(self, **kwargs):
        rows = list(
            models.RoundResult.objects.filter(round=self.round)
            .select_related("entry__team", "track")
            .order_by("track__sort_order", "track_id", "rank", "entry_id")
        )
        consensus = {c.entry_id: c for c in ConsensusScore.objects.filter(round=self.round)}
        method = self.round.aggregation
        for row in rows:
            row.code = blind_code(row.entry)
            row.original = getattr(row, method)
            row.consensus = consensus.get(row.entry_id)
            row.delta = (
                float(row.consensus.value) - row.original if row.consensus and row.original is not None else None
            )
        return super().get_context_data(
            round=self.round, rows=rows, method_label=self.round.get_aggregation_display(),
            flags=flagged_disagreements(self.round), **kwargs,
        )  # fmt: skip


class ConsensusEntryView(RoundMixin, JudgingAdminView):
    template_name = "contests/judging/admin/form.html"
    round_url_name = "judging_rounds:round"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(Entry, pk=kwargs["entry_id"])

    def get_page_title(self):
        return _("记录合议得分：%(code)s") % {"code": blind_code(self.entry)}

    def get_context_data(self, form=None, **kwargs):
        existing = ConsensusScore.objects.filter(round=self.round, entry=self.entry).first()
        intro = _("合议得分与加权总分同一尺度（满分 100），用作本作品的排名得分；评委的原始评分保持不变。")
        if not self.round.consensus_required:
            intro = _("本轮不设合议环节（可在轮次设置中开启）。")
        return super().get_context_data(
            form=form or consensus_form(self.request, existing),
            submit_label=_("保存合议得分"), intro=intro, **kwargs,
        )  # fmt: skip

    def post(self, request, round_id, entry_id):
        existing = ConsensusScore.objects.filter(round=self.round, entry=self.entry).first()
        form = consensus_form(request, existing)
        if form.is_valid() and save_consensus(request, self.round, self.entry, form):
            return redirect("judging_calibration:consensus", self.round.pk)
        return self.render_to_response(self.get_context_data(form=form))


# Lead judges --------------------------------------------------------------------------------------


class LeadForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("主审"), queryset=get_user_model().objects.none())
    track = forms.ModelChoiceField(label=gettext_lazy("赛道"), queryset=models.Track.objects.none(), required=False)
    challenge = forms.ModelChoiceField(
        label=gettext_lazy("赛题"), queryset=models.Challenge.objects.none(), required=False
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = lead_candidates(contest).order_by("real_name", "pk")
        self.fields["user"].label_from_instance = lambda u: f"{u.real_name or u.email}（{u.email}）"
        self.fields["track"].queryset = contest.tracks.order_by("sort_order", "pk")
        self.fields["challenge"].queryset = (
            models.Challenge.objects.filter(track__contest=contest).select_related("unit").order_by("sort_order", "pk")
        )
        self.fields["challenge"].label_from_instance = lambda c: f"{c.title}（{c.unit.name}）"

    def clean(self):
        data = super().clean()
        if bool(data.get("track")) == bool(data.get("challenge")):
            raise forms.ValidationError(_("请选择一个赛道或一个赛题（二选一）。"))
        return data


class LeadsView(JudgingAdminView):
    """All contests' lead judges, newest contest first, and the appointment form per contest."""

    template_name = "contests/judging/admin/leads.html"
    page_title = gettext_lazy("主审评委")
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.contest = get_object_or_404(models.Contest, pk=kwargs["contest_id"]) if "contest_id" in kwargs else None

    def get_context_data(self, form=None, **kwargs):
        contests = list(models.Contest.objects.order_by("-year", "pk"))
        contest = self.contest or (contests[0] if contests else None)
        leads = (
            LeadJudge.objects.filter(contest=contest, ended_at__isnull=True)
            .select_related("user", "track", "challenge__unit", "appointed_by")
            .order_by("track__sort_order", "challenge__sort_order", "pk")
        )
        return super().get_context_data(
            contests=contests, contest=contest, leads=leads,
            form=form or (LeadForm(contest=contest) if contest else None), **kwargs,
        )  # fmt: skip

    def post(self, request, contest_id=None):
        if self.contest is None:
            return redirect("judging_calibration:index")
        form = LeadForm(request.POST, contest=self.contest)
        if form.is_valid():
            try:
                appoint_lead(
                    self.contest, user=form.cleaned_data["user"], actor=request.user,
                    track=form.cleaned_data["track"], challenge=form.cleaned_data["challenge"],
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已任命主审。"))
                return redirect("judging_calibration:contest_leads", self.contest.pk)
        return self.render_to_response(self.get_context_data(form=form))


class EndLeadForm(forms.Form):
    confirm = confirm_field(gettext_lazy("我确认结束该主审任命（其主审工作台随即关闭，已记录的合议得分保留）。"))


class EndLeadView(JudgingAdminView):
    template_name = "contests/judging/admin/form.html"
    index_url_name = "judging_calibration:index"
    index_label = gettext_lazy("主审评委")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.lead = get_object_or_404(
            LeadJudge.objects.select_related("user", "contest", "track", "challenge"),
            pk=kwargs["lead_id"], ended_at__isnull=True,
        )  # fmt: skip

    def get_page_title(self):
        return _("结束主审任命：%(lead)s") % {"lead": self.lead}

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or EndLeadForm(), submit_label=_("结束任命"), **kwargs)

    def post(self, request, lead_id):
        form = EndLeadForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            end_lead(self.lead, actor=request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("主审任命已结束。"))
        return redirect("judging_calibration:contest_leads", self.lead.contest_id)


class CalibrationViewSet(ViewSet):
    name = "judging_calibration"
    url_prefix = "judging-calibration"
    icon = "tasks"
    menu_label = gettext_lazy("主审评委")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", LeadsView.as_view(), name="index"),
            path("contests/<int:contest_id>/leads/", LeadsView.as_view(), name="contest_leads"),
            path("leads/<int:lead_id>/end/", EndLeadView.as_view(), name="end_lead"),
            path("rounds/<int:round_id>/", CalibrationView.as_view(), name="round"),
            path("rounds/<int:round_id>/close/", CloseCalibrationView.as_view(), name="close"),
            path("rounds/<int:round_id>/consensus/", ConsensusListView.as_view(), name="consensus"),
            path(
                "rounds/<int:round_id>/consensus/<int:entry_id>/",
                ConsensusEntryView.as_view(),
                name="consensus_entry",
            ),
        ]
