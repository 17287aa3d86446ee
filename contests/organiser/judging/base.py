"""What the organiser's judging pages share: the section's page base and the reason form."""

from django import forms
from django.utils.translation import gettext_lazy

from contests.organiser.base import OrganiserAdminView, RoundPageMixin


class JudgingAdminView(OrganiserAdminView):
    header_icon = "tasks"
    page_title = gettext_lazy("评审")
    index_url_name = "judging_rounds:index"
    index_label = gettext_lazy("评审轮次与结果")


class RoundMixin(RoundPageMixin):
    round_url_name = "judging_rounds:round"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
