"""Forms of the unit workspace. Field labels, lengths and validators come from the models."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from cms.validators import validate_phone
from contests.choices import AccessLevel
from contests.models import Challenge, OfferedResource
from contests.services.challenges import CHALLENGE_FIELDS
from contests.services.findings import RESPONSE_MAX_LENGTH
from scenes.choices import OpenRequestStatus
from scenes.widgets import DataResourcePicker


def _field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.contest.name} · {obj.name}"


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.get_status_display()} · {obj.department}）"


class ChallengeForm(NoColonLabelsMixin, forms.Form):
    title = _field(Challenge, "title")
    slug = _field(Challenge, "slug", required=False, help_text=_("留空则按赛题名称的拼音自动生成"))
    description = _field(Challenge, "description")
    expected_outcome = _field(Challenge, "expected_outcome")
    contact_name = _field(Challenge, "contact_name")
    contact_phone = _field(Challenge, "contact_phone", validators=[validate_phone])
    contact_email = _field(Challenge, "contact_email")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, challenge=None, **kwargs):
        if challenge is not None:
            initial = {name: getattr(challenge, name) for name in CHALLENGE_FIELDS}
            kwargs.setdefault("initial", initial | {"version": challenge.version})
        super().__init__(*args, **kwargs)


class NewChallengeForm(ChallengeForm):
    """A 赛题 from a need: which unit (if the user belongs to several), which need, which track."""

    unit = forms.ModelChoiceField(label=_("出题单位"), queryset=None, empty_label=None)
    need = NeedChoiceField(label=_("来源需求"), queryset=None, help_text=_("已发布、征集中的需求，或本单位提出的需求"))
    track = TrackChoiceField(label=_("赛道"), queryset=None, help_text=_("作品提交尚未截止的大赛的赛道"))

    field_order = ["unit", "need", "track", "title", "slug", "description", "expected_outcome"]

    def __init__(self, *args, units, needs, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        self.fields["unit"].queryset = units
        self.fields["need"].queryset = needs
        self.fields["track"].queryset = tracks


class OfferForm(NoColonLabelsMixin, forms.Form):
    resource = forms.ModelChoiceField(
        label=_("数据资源"),
        queryset=None,
        help_text=_("本单位负责的数据资源，或来源需求列出的相关数据资源"),
        # A unit may answer for thousands of resources: the need's are listed, the rest searched.
        widget=DataResourcePicker(
            search_url_name="contests:units:offer_resource_search",
            multiple=False,
            suggested_label=_("来源需求列出的数据资源"),
            input_class="resource-picker__input",
        ),
    )
    access_level = _field(OfferedResource, "access_level", widget=forms.RadioSelect)
    download_url = _field(OfferedResource, "download_url", assume_scheme="https")
    sandbox_instructions = _field(OfferedResource, "sandbox_instructions")
    agreement_text = forms.CharField(
        label=_("数据使用协议"),
        required=False,
        max_length=20000,
        widget=forms.Textarea,
        help_text=_("协议开放时填写。修改协议文本会生成新版本，所有团队成员须重新签署后才能下载。"),
    )
    note = _field(OfferedResource, "note")

    def __init__(self, *args, resources=None, offer=None, agreement=None, search_url=None, suggested=None, **kwargs):
        if offer is not None:
            initial = {
                name: getattr(offer, name) for name in ("access_level", "download_url", "sandbox_instructions", "note")
            }
            kwargs.setdefault("initial", initial | {"agreement_text": agreement.text if agreement else ""})
        super().__init__(*args, **kwargs)
        self.fields["access_level"].choices = AccessLevel.choices
        if offer is not None:
            del self.fields["resource"]
        else:
            self.fields["resource"].queryset = resources
            widget = self.fields["resource"].widget
            widget.search_url = search_url
            widget.suggested = suggested

    def clean(self):
        data = super().clean()
        level = data.get("access_level")
        if level == AccessLevel.OPEN and not data.get("download_url"):
            self.add_error("download_url", _("开放下载的数据须填写下载链接。"))
        if level == AccessLevel.SANDBOX and not (data.get("sandbox_instructions") or "").strip():
            self.add_error("sandbox_instructions", _("沙箱使用的数据须填写使用说明。"))
        if level == AccessLevel.AGREEMENT and not (data.get("agreement_text") or "").strip():
            self.add_error("agreement_text", _("协议开放的数据须填写数据使用协议。"))
        return data


class FindingResponseForm(NoColonLabelsMixin, forms.Form):
    response = forms.CharField(label=_("处理答复"), max_length=RESPONSE_MAX_LENGTH, widget=forms.Textarea)


class OpenRequestAnswerForm(NoColonLabelsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("答复结果"),
        widget=forms.RadioSelect,
        choices=[
            (s.value, s.label) for s in (OpenRequestStatus.OPENED, OpenRequestStatus.PLANNED, OpenRequestStatus.REFUSED)
        ],
    )
    answer = forms.CharField(label=_("答复"), max_length=2000, widget=forms.Textarea, help_text=_("答复将公开显示"))
    legal_basis = forms.CharField(
        label=_("不予开放的法律依据"),
        max_length=300,
        required=False,
        help_text=_("不予开放时必填，例如所依据的法规条款"),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == OpenRequestStatus.REFUSED and not (data.get("legal_basis") or "").strip():
            self.add_error("legal_basis", _("不予开放时须写明法律依据。"))
        return data
