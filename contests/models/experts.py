"""The standing expert pool (专家库): experts exist across contests and years.

An expert applies (and an organiser approves) or is invited by an organiser. A round's judges are
drawn from the pool at random by domain and count (``ExpertDraw``: the seed and every candidate's
outcome are recorded so the draw can be reproduced and audited); each drawn expert becomes the
round's contest ``JudgeProfile`` (``JudgeProfile.expert``), so the judging code stays as it is.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.validators import validate_credit_code


class ExpertStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    ACTIVE = "active", _("在库")
    PAUSED = "paused", _("暂停")
    REMOVED = "removed", _("已移出")
    REJECTED = "rejected", _("未通过")


class ExpertSource(models.TextChoices):
    APPLICATION = "application", _("本人申请")
    INVITATION = "invitation", _("组织者邀请")
    IMPORT = "import", _("批量导入")


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert",
        verbose_name=_("账号"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    email = models.EmailField(_("电子邮箱"), unique=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    organisation = models.CharField(_("工作单位"), max_length=200)
    credit_code = models.CharField(
        _("单位统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    city = models.ForeignKey(
        "scenes.Node",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("所在城市"),
    )
    title = models.CharField(_("职称/职务"), max_length=60, blank=True)
    domains = models.ManyToManyField("scenes.Domain", blank=True, related_name="experts", verbose_name=_("专业领域"))
    bio = models.TextField(_("个人简介"), blank=True, max_length=2000)
    declared_relations = models.TextField(
        _("申报回避关系"), blank=True, help_text=_("每行一个单位或个人，例如曾任职、合作或亲属所在的单位")
    )
    # The draw counts the expert's assignments in every round not yet closed, of any contest: an
    # expert's time is one, however many rounds run at once.
    load_limit = models.PositiveSmallIntegerField(
        _("同时评审上限"),
        null=True,
        blank=True,
        help_text=_("同时在评（各未截止轮次合计）的作品数上限，已达上限时不参加抽取；留空表示不限"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=ExpertStatus.choices, default=ExpertStatus.APPLIED)
    status_reason = models.TextField(_("状态说明"), blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=ExpertSource.choices, default=ExpertSource.APPLICATION)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "专家")
        verbose_name_plural = pgettext_lazy("models", "专家库")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)


class ExpertDraw(models.Model):
    """One random draw of a round's judges from the pool.

    ``seed`` and ``parameters`` (domains, count, recusal options) reproduce it exactly; ``outcome``
    lists every candidate considered with what happened (drawn, or excluded and why). A re-draw for
    declines points at the draw it tops up (``replaces``).
    """

    round = models.ForeignKey(
        "contests.Round", on_delete=models.PROTECT, related_name="expert_draws", verbose_name=_("评审轮次")
    )
    division = models.ForeignKey(
        "contests.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_draws",
        verbose_name=_("分赛区"),
    )
    seed = models.CharField(_("随机种子"), max_length=64)
    count = models.PositiveSmallIntegerField(_("抽取人数"))
    domains = models.ManyToManyField("scenes.Domain", blank=True, related_name="+", verbose_name=_("专业领域"))
    parameters = models.JSONField(_("抽取参数"), default=dict)
    outcome = models.JSONField(_("抽取结果"), default=list)
    drawn = models.ManyToManyField(Expert, blank=True, related_name="draws", verbose_name=_("抽中专家"))
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="redraws", verbose_name=_("补抽自")
    )
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "专家抽取")
        verbose_name_plural = pgettext_lazy("models", "专家抽取")
        ordering = ["-drawn_at", "-id"]

    def __str__(self):
        return f"{self.round} · {self.seed}"
