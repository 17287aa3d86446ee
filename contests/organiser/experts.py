"""The expert pool (专家库) in the organiser's admin (/admin/experts/…): the pool list with filters,
search and each expert's record; decisions on an expert (审核通过, 不予通过, 暂停, 移出, 恢复) and the
invitation of an expert by e-mail, each on a confirmation page; the random draw of a round's judges
and the draw's record (``contests.organiser.expert_draws``). Organisers only; the work is done by
``contests.services.experts``."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests.models import Expert, ExpertStatus
from contests.organiser import expert_draws
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem, require_organiser
from contests.services import ContestError
from contests.services.experts import pool
from contests.services.experts.record import attach_records
from scenes.choices import NodeKind
from scenes.models import Domain, Node

PER_PAGE = 50


class PoolAdminView(OrganiserAdminView):
    header_icon = "group"
    page_title = gettext_lazy("专家库")
    index_url_name = "expert_pool:index"
    index_label = gettext_lazy("专家库")


class PoolIndexView(PoolAdminView):
    template_name = "contests/admin/experts/index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def filtered(self):
        experts = Expert.objects.select_related("city").prefetch_related("domains").order_by("name", "pk")
        params = self.request.GET
        selected = {key: params.get(key, "").strip() for key in ("status", "domain", "city", "q")}
        if selected["status"] in ExpertStatus.values:
            experts = experts.filter(status=selected["status"])
        if selected["domain"].isdigit():
            experts = experts.filter(domains=int(selected["domain"]))
        if selected["city"].isdigit():
            experts = experts.filter(city_id=int(selected["city"]))
        if q := selected["q"]:
            experts = experts.filter(
                Q(name__icontains=q) | Q(email__icontains=q) | Q(organisation__icontains=q) | Q(title__icontains=q)
            )
        return experts, selected

    def get_context_data(self, **kwargs):
        experts, selected = self.filtered()
        page = Paginator(experts, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            page=page,
            experts=attach_records(page.object_list),
            selected=selected,
            query=query.urlencode(),
            statuses=ExpertStatus.choices,
            domains=Domain.objects.order_by("sort_order", "pk"),
            cities=Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk"),
            **kwargs,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("原因"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("记入审计记录；不予通过时会写进给申请人的邮件。"),
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.fields["reason"].error_messages["required"] = _("请填写原因，原因将记入审计记录。")


DECISION_TEXT = {
    "approve": (
        gettext_lazy("审核通过"),
        gettext_lazy("通过后该专家进入专家库（在库），可被随机抽取为评委，并会收到通知邮件。"),
    ),
    "reject": (gettext_lazy("不予通过"), gettext_lazy("申请人会收到包含原因的邮件；其资料保留，不会被抽取。")),
    "pause": (gettext_lazy("暂停"), gettext_lazy("暂停期间该专家不会被抽取；已有的评委身份和评审分配不受影响。")),
    "remove": (
        gettext_lazy("移出专家库"),
        gettext_lazy(
            "移出后该专家不会再被抽取；其评审履历保留。已有的评委身份和评审分配不会自动撤销，"
            "如需停止其评审，请在下方逐一停用。此操作不能撤销。"
        ),
    ),
    "reinstate": (gettext_lazy("恢复在库"), gettext_lazy("恢复后该专家可再次被抽取。")),
}


class DecideView(PoolAdminView):
    """The confirmation page of a decision on one expert (``expert_id`` and ``decision`` in the URL)."""

    template_name = "contests/admin/experts/decide.html"

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)  # before the 404, so that nobody else learns the decisions
        if kwargs["decision"] not in pool.DECISIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.decision = kwargs["decision"]

    def get_expert(self):
        return get_object_or_404(Expert.objects.select_related("city", "user"), pk=self.kwargs["expert_id"])

    def get_page_title(self):
        return _("%(action)s：%(name)s") % {"action": DECISION_TEXT[self.decision][0], "name": self.expert.name}

    def reason_required(self):
        return pool.DECISIONS[self.decision][2]

    def get(self, request, *args, **kwargs):
        self.expert = self.get_expert()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        allowed = self.expert.status in pool.DECISIONS[self.decision][0]
        return super().get_context_data(
            expert=self.expert,
            judge_roles=pool.judge_roles(self.expert) if self.decision in ("pause", "remove") else [],
            domains=self.expert.domains.all(),
            allowed=allowed,
            intro=DECISION_TEXT[self.decision][1],
            submit_label=DECISION_TEXT[self.decision][0],
            form=form or ReasonForm(required=self.reason_required()),
            cancel_url=reverse("expert_pool:index"),
            **kwargs,
        )

    def post(self, request, expert_id, decision):
        self.expert = self.get_expert()
        form = ReasonForm(request.POST, required=self.reason_required())
        if form.is_valid():
            try:
                pool.decide(self.expert, decision, actor=request.user, reason=form.cleaned_data["reason"])
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("已对专家 %(name)s 执行“%(action)s”。")
                    % {"name": self.expert.name, "action": DECISION_TEXT[decision][0]},
                )
                return redirect("expert_pool:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InviteForm(forms.ModelForm):
    """The expert's details as the organiser knows them (the expert completes them after accepting)."""

    domains = forms.ModelMultipleChoiceField(
        label=gettext_lazy("专业领域"),
        queryset=Domain.objects.order_by("sort_order", "pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一个专业领域。")},
    )

    class Meta:
        model = Expert
        fields = ["email", *pool.PROFILE_FIELDS, "domains"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 3}),
            "declared_relations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk")
        self.fields["organisation"].required = True
        pool.limit_relations_field(self)

    def validate_unique(self):
        # The service says so in words (该邮箱已在专家库中) and checks again.
        pass

    def profile_data(self):
        return {name: self.cleaned_data[name] for name in ("email", *pool.PROFILE_FIELDS)}


class InviteView(PoolAdminView):
    template_name = "contests/admin/experts/form.html"
    page_title = gettext_lazy("邀请专家入库")

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or InviteForm(),
            intro=_(
                "专家将以“组织者邀请”来源直接在库，并收到一封邀请邮件（14 天内有效）；"
                "用受邀邮箱登录后接受邀请即关联账号，关联账号之前不会被抽取。"
            ),
            submit_label=_("发送邀请"),
            **kwargs,
        )

    def post(self, request):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                expert = pool.invite(data=form.profile_data(), domains=form.cleaned_data["domains"], actor=request.user)
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已向 %(email)s 发送入库邀请。") % {"email": expert.email})
                return redirect("expert_pool:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ExpertPoolViewSet(ViewSet):
    name = "expert_pool"
    url_prefix = "experts"
    icon = "group"
    menu_label = gettext_lazy("专家库")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", PoolIndexView.as_view(), name="index"),
            path("invite/", InviteView.as_view(), name="invite"),
            path("<int:expert_id>/<str:decision>/", DecideView.as_view(), name="decide"),
            *expert_draws.urlpatterns(),
        ]
