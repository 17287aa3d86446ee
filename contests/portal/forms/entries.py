"""Portal forms for entries. They only collect and clean input; ``contests.services`` decides.

The video link must be an http(s) address on a known video or cloud-drive host (``VIDEO_HOSTS``,
extendable with the ``CONTEST_VIDEO_HOSTS`` setting): judges click these links, so an arbitrary
site — or ``https://bilibili.com@evil.example`` — is refused rather than trusted.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from cms.validators import reject_bidi_controls
from contests.models import Entry
from contests.services import entry_forms
from contests.services.entries import content_from_form
from contests.services.uploads import allowed_extensions, describe_allowed
from scenes.widgets import DataResourcePicker

VIDEO_HOSTS = (
    "bilibili.com",
    "b23.tv",
    "v.qq.com",
    "channels.weixin.qq.com",
    "youku.com",
    "ixigua.com",
    "douyin.com",
    "kuaishou.com",
    "pan.baidu.com",
    "alipan.com",
    "aliyundrive.com",
    "youtube.com",
    "youtu.be",
    "vimeo.com",
)


def video_hosts():
    return tuple(VIDEO_HOSTS) + tuple(getattr(settings, "CONTEST_VIDEO_HOSTS", ()))


def validate_video_url(value):
    try:
        parts = urlsplit(value)
    except ValueError:
        # "https://[" and the like: Django's own URLValidator, which runs too, already reports the
        # address as invalid; letting ValueError escape would turn the form post into a 500.
        return
    if parts.scheme not in ("http", "https"):
        raise ValidationError(_("视频链接必须以 http:// 或 https:// 开头。"), code="scheme")
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.username or parts.password:
        raise ValidationError(_("视频链接不能包含用户名或密码。"), code="userinfo")
    if not any(host == allowed or host.endswith("." + allowed) for allowed in video_hosts()):
        raise ValidationError(
            _(
                "请使用常见视频网站或网盘的链接（如哔哩哔哩、腾讯视频、优酷、西瓜视频、百度网盘）。“%(host)s”不在允许的网站之列。"
            )
            % {"host": host or value},
            code="host",
        )


class EntryForm(NoColonLabelsMixin, forms.ModelForm):
    """The draft's editable fields plus ``version``, the draft version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    video_url = forms.URLField(
        label=Entry._meta.get_field("video_url").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://www.bilibili.com/video/…"}),
    )

    class Meta:
        model = Entry
        fields = [
            "track",
            "challenge",
            "title",
            "abstract",
            "problem",
            "data_resources",
            "approach",
            "expected_benefits",
            "video_url",
        ]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "approach": forms.Textarea(attrs={"rows": 8}),
            "expected_benefits": forms.Textarea(attrs={"rows": 5}),
            "data_resources": DataResourcePicker(
                search_url_name="contests:resource_search",
                suggested_label=_("本赛道开放的数据资源"),
                input_class="resource-picker__input",
            ),
        }
        help_texts = {
            "abstract": _("不超过 2000 字。请勿在作品内容中透露团队或单位名称（评审为匿名评审）。"),
            "data_resources": _(
                "请勾选作品使用的共享数据资源：下面列出本赛道开放的资源，其他资源请按名称或责任部门搜索后添加。"
            ),
            "challenge": _("设有赛题的赛道须选择一个本赛道的赛题（揭榜）；赛题按赛道分组。"),
            "video_url": _("可选。支持哔哩哔哩、腾讯视频、优酷、西瓜视频、抖音、百度网盘等网站的链接。"),
        }

    def __init__(self, *args, contest, track=None, versioned=False, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        from scenes.models import DataResource

        self._setup_extra(entry)

        # Editing an existing draft must name the version it started from (the optimistic lock).
        self.fields["version"].required = versioned

        self.fields["track"].queryset = contest.tracks.order_by("sort_order", "pk")
        self.fields["track"].empty_label = _("请选择赛道")
        self._setup_challenge(contest, track)
        self.fields["video_url"].validators.append(validate_video_url)
        self.fields["title"].validators.append(reject_bidi_controls)
        field = self.fields["data_resources"]
        field.queryset = DataResource.objects.all()
        # The catalogue may hold 150,000 resources: the picker draws the chosen ones and the track's
        # open data (read only when the form is drawn), and searches for the rest.
        if track is not None:
            offered = track.data_resources.only("pk", "name", "department").order_by("name", "pk")
            field.widget.suggested = lambda: list(offered)

    def _setup_challenge(self, contest, track):
        from contests.models import Challenge

        field = self.fields["challenge"]
        # Any 赛题 of the contest validates here; ``clean`` then requires one of the chosen track.
        field.queryset = Challenge.objects.filter(track__contest=contest)
        field.required = False
        field.error_messages["invalid_choice"] = _("所选赛题不属于本届大赛。")

        def groups():
            rows = list(
                Challenge.objects.filter(track__contest=contest)
                .select_related("track", "unit")
                .order_by("track__sort_order", "track_id", "sort_order", "pk")
            )
            by_track = {}
            for challenge in rows:
                by_track.setdefault(challenge.track, []).append(
                    (challenge.pk, f"{challenge.title}（{challenge.unit.name}）")
                )
            ordered = sorted(by_track.items(), key=lambda item: track is None or item[0].pk != track.pk)
            return [("", _("不回答赛题（本赛道未设赛题时）")), *[(t.name, options) for t, options in ordered]]

        field.choices = groups

    def clean(self):
        cleaned = super().clean()
        track, challenge = cleaned.get("track"), cleaned.get("challenge")
        if track is None or "challenge" in self.errors:
            return cleaned
        if challenge is not None and challenge.track_id != track.pk:
            self.add_error("challenge", _("所选赛题不属于所选赛道，请选择本赛道的赛题。"))
        elif challenge is None and track.challenges.exists():
            self.add_error("challenge", _("赛道“%(track)s”设有赛题，请选择作品所回答的赛题。") % {"track": track.name})
        return cleaned

    def _setup_extra(self, entry):
        """The configured questions asked at submission (补充信息), for an existing draft."""
        self.entry = entry
        self.extra_config = []
        self.hidden_by_condition = set()
        if entry is None:
            return
        self.extra_config = [f for f in entry_forms.fields_for(entry) if not f.round_id]
        saved = entry.extra or {}
        given = (self.initial or {}).get("extra")
        shown_by = given if given is not None else saved
        if self.is_bound:
            # Redrawn after a refused save: the answers just posted decide (without JavaScript, a
            # question called for by the choice just made appears now, not only after a save).
            shown_by = entry_forms.validate_answers(entry, self.data, fields=self.extra_config, partial=True)[0]
        for name, form_field in entry_forms.build_form_fields(self.extra_config, shown_by).items():
            self.fields[name] = form_field
            self.initial[name] = form_field.initial
        # Without JavaScript, a conditional question is shown when the saved answers call for it.
        self.hidden_by_condition = {
            entry_forms.form_name(f) for f in self.extra_config if not entry_forms.is_shown(f, shown_by)
        }

    @property
    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith(entry_forms.PREFIX)]

    @property
    def extra_fields(self):
        return [f for f in self.visible_fields() if f.name.startswith(entry_forms.PREFIX)]

    @property
    def file_questions(self):
        return [f for f in self.extra_config if f.kind == entry_forms.FieldKind.FILE]

    def validate_unique(self):
        pass  # nothing unique is edited here; the services check limits inside a transaction

    def _post_clean(self):
        super()._post_clean()
        if self.entry is None:
            return
        answers, errors = entry_forms.validate_answers(self.entry, self.data, fields=self.extra_config, partial=True)
        for key, message in errors.items():
            self.add_error(entry_forms.PREFIX + key, message)
        # Answers to other questions (finalist materials, other tracks', switched-off fields) stay.
        asked = {f.key for f in self.extra_config if f.kind != entry_forms.FieldKind.FILE}
        kept = {key: value for key, value in (self.entry.extra or {}).items() if key not in asked}
        self.cleaned_data["extra"] = {**kept, **answers}

    def content(self):
        return content_from_form(self.cleaned_data)


class UploadForm(NoColonLabelsMixin, forms.Form):
    """Only renders the file input; the view and ``contests.services.uploads`` do the checking."""

    file = forms.FileField(label=_("选择文件"))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        accept = ",".join(f".{ext}" for ext in allowed_extensions(kind))
        self.fields["file"].widget.attrs["accept"] = accept
        self.fields["file"].help_text = describe_allowed(kind)


class WithdrawForm(NoColonLabelsMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("我知道撤回后作品回到草稿状态：截止前必须再次提交，否则视为未提交。"),
        error_messages={"required": _("请勾选确认后再撤回。")},
    )
