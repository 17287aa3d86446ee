"""人气奖投票 in the Wagtail admin, for organisers (/admin/votes/…): set a round's vote up (a draft),
publish its rules before it opens (confirmed: they freeze), read the anomaly report and the tallies,
void a vote or a flagged cluster with a reason (confirmed, audited, the team e-mailed), and announce
the result after it closes (confirmed: the public notice). Every page checks the organiser on the
server (403 for other staff); the rules are in ``contests.services.votes``."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import PublicVote, Round, VoteStatus
from contests.organiser.base import OrganiserMenuItem, require_organiser
from contests.services import ContestError
from contests.services.submission import format_beijing_time
from contests.services.votes import anomalies, moderation, setup
from contests.services.votes.tallies import tallies

KIND_LABELS = {
    "vote": gettext_lazy("单张投票"),
    "burst": gettext_lazy("短时集中投票"),
    "network": gettext_lazy("同一网段"),
    "device": gettext_lazy("同一设备指纹"),
    "young": gettext_lazy("新注册账号"),
}


class VoteForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PublicVote
        fields = setup.CONFIG_FIELDS
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("投票截止时间必须晚于开始时间。"))
        return data


def _window(public_vote):
    return {"opens": format_beijing_time(public_vote.opens_at), "closes": format_beijing_time(public_vote.closes_at)}


def _vote(pk):
    return get_object_or_404(PublicVote.objects.select_related("round__contest"), pk=pk)


@require_GET
def vote_list(request):
    require_organiser(request.user)
    rounds = Round.objects.select_related("contest", "public_vote").order_by("-contest__year", "number")
    return TemplateResponse(request, "contests/admin/votes_list.html", {"rounds": rounds})


@require_http_methods(["GET", "POST"])
def vote_edit(request, round_id):
    require_organiser(request.user)
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    existing = PublicVote.objects.filter(round=round_).first()
    if existing is not None and existing.status != VoteStatus.DRAFT:
        return redirect("votes_admin_report", pk=existing.pk)
    initial = {"version": existing.version} if existing else {}
    form = VoteForm(request.POST or None, instance=existing, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in setup.CONFIG_FIELDS}
        try:
            saved = setup.save_vote(round_, values, actor=request.user, version=form.cleaned_data.get("version"))
        except ContestError as e:
            error = e.message
        else:
            messages.success(request, _("投票设置已保存（草稿）。"))
            return redirect("votes_admin_report", pk=saved.pk)
    return TemplateResponse(
        request,
        "contests/admin/votes_edit.html",
        {"round": round_, "form": form, "public_vote": existing, "error": error},
        status=400 if (form.errors or error) else 200,
    )


@require_GET
def vote_report(request, pk):
    require_organiser(request.user)
    public_vote = _vote(pk)
    return TemplateResponse(
        request,
        "contests/admin/votes_report.html",
        {"public_vote": public_vote, "report": anomalies.anomaly_report(public_vote), "tallies": tallies(public_vote),
         **_window(public_vote), "closed": public_vote.has_closed(timezone.now())},
    )  # fmt: skip


def _confirmed_action(request, public_vote, action, *, template, done_message, extra=None):
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("请勾选确认后再提交。")
        else:
            try:
                action()
            except ContestError as e:
                error = e.message
            else:
                messages.success(request, done_message)
                return redirect("votes_admin_report", pk=public_vote.pk)
    context = {"public_vote": public_vote, "error": error, **(extra or {})}
    return TemplateResponse(request, template, context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def vote_publish(request, pk):
    require_organiser(request.user)
    public_vote = _vote(pk)
    return _confirmed_action(
        request, public_vote, lambda: setup.publish_vote(public_vote, actor=request.user),
        template="contests/admin/votes_publish.html", done_message=_("投票规则已公布，设置从此冻结。"),
        extra=_window(public_vote),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def vote_announce(request, pk):
    require_organiser(request.user)
    public_vote = _vote(pk)
    return _confirmed_action(
        request, public_vote, lambda: setup.announce_vote(public_vote, actor=request.user),
        template="contests/admin/votes_announce.html", done_message=_("投票结果已公布。"),
        extra={"tallies": tallies(public_vote), "report": anomalies.anomaly_report(public_vote)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def vote_void(request, pk, kind, key):
    """Void one vote or one cluster of the report, with a reason (the team is e-mailed)."""
    require_organiser(request.user)
    public_vote = _vote(pk)
    votes = anomalies.cluster_votes(public_vote, kind, key)
    if votes is None:
        raise Http404
    sample = list(votes.select_related("entry").order_by("cast_at", "pk")[:20])
    count = votes.count()
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("请勾选确认后再提交。")
        else:
            try:
                voided = moderation.void_votes(public_vote, votes, reason=reason, actor=request.user)
            except ContestError as e:
                error = e.message
            else:
                messages.success(request, _("已作废 %(count)d 票，相关团队已收到邮件通知。") % {"count": voided})
                return redirect("votes_admin_report", pk=public_vote.pk)
    return TemplateResponse(
        request,
        "contests/admin/votes_void.html",
        {"public_vote": public_vote, "kind": KIND_LABELS.get(kind, kind), "count": count, "sample": sample,
         "reason": reason, "error": error, "max_reason": moderation.REASON_MAX},
        status=400 if error else 200,
    )  # fmt: skip


def admin_urls():
    return [
        path("votes/", vote_list, name="votes_admin"),
        path("votes/round/<int:round_id>/", vote_edit, name="votes_admin_edit"),
        path("votes/<int:pk>/", vote_report, name="votes_admin_report"),
        path("votes/<int:pk>/publish/", vote_publish, name="votes_admin_publish"),
        path("votes/<int:pk>/announce/", vote_announce, name="votes_admin_announce"),
        path("votes/<int:pk>/void/<str:kind>/<str:key>/", vote_void, name="votes_admin_void"),
    ]


def menu_item():
    return OrganiserMenuItem(gettext_lazy("人气奖投票"), reverse("votes_admin"), icon_name="pick", order=246)
