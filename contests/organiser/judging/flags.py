"""Organiser page for a conflict found after assignment: keep the judge (with a reason). Removing the
assignment instead goes through the existing removal page, which settles the flag too."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from contests.models import ConflictFlag
from contests.organiser.judging.base import JudgingAdminView, ReasonForm
from contests.services import ContestError
from contests.services.judging.flags import keep_judge
from contests.services.judging.judges import blind_code


class KeepJudgeView(JudgingAdminView):
    template_name = "contests/judging/admin/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.flag = get_object_or_404(
            ConflictFlag.objects.select_related("assignment__round__contest", "assignment__judge", "assignment__entry"),
            pk=kwargs["flag_id"],
            resolved_at__isnull=True,
        )

    def get_page_title(self):
        assignment = self.flag.assignment
        return _("保留评委：%(judge)s → %(code)s") % {
            "judge": assignment.judge.name,
            "code": blind_code(assignment.entry),
        }

    def get_context_data(self, form=None, **kwargs):
        intro = _("冲突原因：%(reasons)s。保留后该评委继续评审此作品，此提醒关闭；保留理由将记入审计记录。") % {
            "reasons": "；".join(self.flag.reason_list)
        }
        return super().get_context_data(
            form=form or ReasonForm(), submit_label=_("确认保留该评委"), intro=intro, **kwargs
        )

    def post(self, request, flag_id):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                keep_judge(self.flag, actor=request.user, note=form.cleaned_data["reason"])
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已保留该评委，利益冲突提醒已关闭。"))
                return redirect("judging_rounds:round", self.flag.assignment.round_id)
        return self.render_to_response(self.get_context_data(form=form))
