"""Portal forms for teams. They only collect input; ``contests.services.teams`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from cms.validators import reject_bidi_controls, validate_credit_code
from contests.choices import OrganisationType, TeamRole
from contests.models import Team


class TeamForm(NoColonLabelsMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "organisation", "organisation_type", "city", "credit_code"]
        help_texts = {
            "organisation": _("例如：某某大学计算机学院、某某科技有限公司"),
            "credit_code": _("企业、科研院所和事业单位请填写；高校学生团队和个人可留空。"),
        }

    def __init__(self, *args, contest=None, **kwargs):
        self.initial_from_caller = dict(kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self._add_division_field(contest)
        from scenes.choices import NodeKind
        from scenes.models import Node

        self.fields["city"].queryset = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "name")
        self.fields["city"].empty_label = _("请选择")
        self.fields["city"].required = True
        # Invisible direction controls could make a name read as another on every list that shows it.
        for name in ("name", "organisation"):
            self.fields[name].validators.append(reject_bidi_controls)
        # The model's default (企业) must not be chosen silently: the team picks its type.
        kind = self.fields["organisation_type"]
        kind.choices = [("", _("请选择")), *OrganisationType.choices]
        kind.error_messages["required"] = _("请选择单位类型。")
        if self.instance.pk is None and "organisation_type" not in self.initial_from_caller:
            self.initial["organisation_type"] = ""

    def _add_division_field(self, contest):
        """A contest with divisions (分赛区) asks which one; left empty, the team's city decides."""
        from contests.models import Division

        self.divisions = list(Division.objects.filter(contest=contest).select_related("node")) if contest else []
        if not self.divisions:
            return
        self.fields["division"] = forms.ModelChoiceField(
            label=_("分赛区"),
            queryset=Division.objects.filter(contest=contest),
            required=False,
            empty_label=_("按所在城市自动匹配"),
            help_text=_("团队作品由所选分赛区组织初赛；不选则按所在城市匹配对应的分赛区。"),
        )

    def clean(self):
        data = super().clean()
        if self.divisions and not data.get("division") and not self.has_error("city"):
            city = data.get("city")
            match = next((d for d in self.divisions if city is not None and d.node_id == city.pk), None)
            if match is None:
                self.add_error("division", _("所在城市没有对应的分赛区，请选择一个分赛区。"))
            else:
                data["division"] = match
        return data

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        if code:
            validate_credit_code(code)
        return code

    def validate_unique(self):
        # The service checks the team name per contest (the form has no contest field) with a clearer message.
        pass


class InviteForm(NoColonLabelsMixin, forms.Form):
    email = forms.EmailField(label=_("受邀人邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("角色"), choices=[(TeamRole.MEMBER, TeamRole.MEMBER.label)])

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        if contest.allow_advisers:
            self.fields["role"].choices = [
                (TeamRole.MEMBER, TeamRole.MEMBER.label),
                (TeamRole.ADVISER, TeamRole.ADVISER.label),
            ]


class TransferLeadershipForm(NoColonLabelsMixin, forms.Form):
    new_leader = forms.ModelChoiceField(label=_("新队长"), queryset=None, empty_label=_("请选择队员"))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["new_leader"].queryset = (
            get_user_model()
            .objects.filter(team_memberships__team=team, team_memberships__role=TeamRole.MEMBER)
            .order_by("real_name", "email")
        )
