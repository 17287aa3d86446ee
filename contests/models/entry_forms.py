"""Entry forms configured per contest, track and round, without code.

An ``EntryFormField`` adds one question to the entry form of its contest, narrowed to a track
and/or a round when set. Answers live in ``Entry.extra`` (key → value), are frozen into every
``EntryRevision`` snapshot with the rest of the entry, and file answers are ``EntryFile`` rows with
``field_key`` set. ``show_to_judges`` decides whether the judge's blind view shows an answer (the
blind rules scrub it like every other field when it does).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldKind(models.TextChoices):
    TEXT = "text", _("文本")
    LONG_TEXT = "long_text", _("多行文本")
    NUMBER = "number", _("数字")
    CHOICE = "choice", _("单选")
    MULTI_CHOICE = "multi_choice", _("多选")
    FILE = "file", _("文件")
    URL = "url", _("网址")
    DATE = "date", _("日期")


validate_field_key = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$", _("字段标识只能包含小写字母、数字和下划线，并以字母开头。")
)


class EntryFormField(models.Model):
    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="form_fields", verbose_name=_("大赛")
    )
    track = models.ForeignKey(
        "contests.Track",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_fields",
        verbose_name=_("仅限赛道"),
        help_text=_("留空表示所有赛道"),
    )
    round = models.ForeignKey(
        "contests.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_fields",
        verbose_name=_("仅限轮次"),
        help_text=_("留空表示报名提交时填写；选择轮次表示该轮次（如晋级决赛后）补充提交的材料"),
    )
    key = models.CharField(_("字段标识"), max_length=40, validators=[validate_field_key])
    label = models.CharField(_("标题"), max_length=120)
    kind = models.CharField(_("类型"), max_length=20, choices=FieldKind.choices, default=FieldKind.TEXT)
    required = models.BooleanField(_("必填"), default=False)
    help_text = models.CharField(_("填写说明"), max_length=300, blank=True)
    word_limit = models.PositiveIntegerField(_("字数上限"), null=True, blank=True)
    choices = models.TextField(_("选项"), blank=True, help_text=_("单选或多选时填写，每行一个选项"))
    # Conditional display: shown only when another field of the same form has the given answer.
    condition_key = models.CharField(_("显示条件：字段"), max_length=40, blank=True)
    condition_value = models.CharField(_("显示条件：取值"), max_length=120, blank=True)
    show_to_judges = models.BooleanField(_("评委可见"), default=True, help_text=_("评委看到的内容同样会做匿名处理"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "作品表单字段")
        verbose_name_plural = pgettext_lazy("models", "作品表单字段")
        ordering = ["contest", "round", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="form_field_unique_key_per_contest"),
            models.CheckConstraint(
                condition=Q(condition_key="") | ~Q(condition_value=""), name="form_field_condition_has_value"
            ),
        ]

    def __str__(self):
        return self.label

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        if self.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and not self.choice_list():
            raise ValidationError({"choices": _("单选或多选字段至少需要一个选项。")})
        if self.track_id and self.contest_id and self.track.contest_id != self.contest_id:
            raise ValidationError({"track": _("赛道不属于该大赛。")})
        if self.round_id and self.contest_id and self.round.contest_id != self.contest_id:
            raise ValidationError({"round": _("轮次不属于该大赛。")})
        if self.condition_key and self.condition_key == self.key:
            raise ValidationError({"condition_key": _("显示条件不能引用字段自身。")})
