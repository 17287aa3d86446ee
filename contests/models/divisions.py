"""City divisions (分赛区): each city node runs its own first round with its own managers, dates and
a quota of entries it sends to the provincial round.

A division manager sees and manages only their division's teams, entries, judges, eligibility
review, results and exports (``contests.services.divisions`` decides; views ask it). Moving a team
between divisions is an organiser action with a reason, kept as a ``TeamDivisionMove``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Division(models.Model):
    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="divisions", verbose_name=_("大赛")
    )
    node = models.ForeignKey(
        "scenes.Node", on_delete=models.PROTECT, related_name="contest_divisions", verbose_name=_("平台节点")
    )
    name = models.CharField(_("分赛区名称"), max_length=60)
    slug = models.SlugField(_("网址标识"), max_length=60)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_divisions", verbose_name=_("分赛区管理员")
    )
    # The division's own first-round window; must lie within the contest's judging window.
    first_round_opens = models.DateTimeField(_("初赛评审开始"), null=True, blank=True)
    first_round_closes = models.DateTimeField(_("初赛评审截止"), null=True, blank=True)
    quota = models.PositiveIntegerField(
        _("晋级省赛名额"), default=0, help_text=_("本分赛区送入省级复赛的作品总数；按赛道分配时见“赛道名额”")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "分赛区")
        verbose_name_plural = pgettext_lazy("models", "分赛区")
        ordering = ["contest", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "slug"], name="division_unique_slug_per_contest"),
            models.UniqueConstraint(fields=["contest", "node"], name="division_one_per_node_per_contest"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        opens, closes = self.first_round_opens, self.first_round_closes
        if bool(opens) != bool(closes):
            # Half a window would pair with the round's other end, which may fall on the wrong side.
            missing = "first_round_closes" if opens else "first_round_opens"
            errors[missing] = _("请同时填写初赛评审开始和截止时间，或都留空（按评审轮次的时间）。")
        if opens and closes and closes <= opens:
            errors["first_round_closes"] = _("初赛评审截止时间必须晚于开始时间。")
        contest = self.contest if self.contest_id else None
        if contest is not None:
            if opens and opens < contest.submission_deadline:
                errors["first_round_opens"] = _("分赛区初赛不能早于大赛作品提交截止时间（%(when)s）。") % {
                    "when": _local(contest.submission_deadline)
                }
            if closes and closes > contest.judging_ends:
                errors["first_round_closes"] = _("分赛区初赛必须在大赛评审结束（%(when)s）前截止。") % {
                    "when": _local(contest.judging_ends)
                }
        if errors:
            raise ValidationError(errors)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class DivisionTrackQuota(models.Model):
    """A division's quota into the provincial round for one track (when quotas are per track)."""

    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="track_quotas")
    track = models.ForeignKey("contests.Track", on_delete=models.PROTECT, related_name="+", verbose_name=_("赛道"))
    quota = models.PositiveIntegerField(_("晋级名额"))

    class Meta:
        verbose_name = pgettext_lazy("model", "赛道名额")
        verbose_name_plural = pgettext_lazy("models", "赛道名额")
        ordering = ["division", "track__sort_order", "track_id"]
        constraints = [models.UniqueConstraint(fields=["division", "track"], name="division_quota_unique_track")]

    def __str__(self):
        return f"{self.division} · {self.track}: {self.quota}"


class TeamDivisionMove(models.Model):
    """An organiser moved a team to another division, with a reason (append-only history)."""

    team = models.ForeignKey("contests.Team", on_delete=models.PROTECT, related_name="division_moves")
    from_division = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, related_name="+")
    to_division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("调整原因"))
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "分赛区调整")
        verbose_name_plural = pgettext_lazy("models", "分赛区调整")
        ordering = ["-moved_at", "-id"]

    def __str__(self):
        return f"{self.team_id}: {self.from_division_id} → {self.to_division_id}"
