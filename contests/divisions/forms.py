"""The division workspace's forms. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.models import JudgeProfile
from scenes.choices import NodeKind
from scenes.models import Node


class DivisionJudgeForm(forms.ModelForm):
    """A judge recruited by the division: who, where they work (organisation and city, for conflict
    checks and same-city recusal) and which tracks they judge."""

    class Meta:
        model = JudgeProfile
        fields = ["name", "email", "organisation", "city", "title", "expertise"]
        widgets = {"expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, division, **kwargs):
        super().__init__(*args, **kwargs)
        self.division = division
        self.instance.contest = division.contest
        self.instance.division = division
        self.fields["organisation"].required = True
        self.fields["city"].queryset = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk")
        self.fields["city"].initial = division.node_id if division.node.kind == NodeKind.CITY else None
        self.fields["expertise"].queryset = division.contest.tracks.order_by("sort_order", "pk")
        # Assignment draws a track's judges from those who judge it: without a track, never assigned.
        self.fields["expertise"].required = True
        self.fields["expertise"].error_messages["required"] = _("请至少选择一个评审赛道，否则该评委不会被分配作品。")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        judges = JudgeProfile.objects.filter(contest=self.division.contest, email__iexact=email)
        if judges.filter(division=self.division).exists():
            raise forms.ValidationError(_("本分赛区已有使用该邮箱的评委。"))
        if judges.exists():
            # Another division's or the province's judge: who judges where is not this manager's to know.
            raise forms.ValidationError(_("该邮箱不能邀请为本分赛区评委，如有疑问请联系大赛组织者。"))
        return email
