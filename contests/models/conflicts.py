"""Conflicts of interest found after a judge was assigned: flags for the organiser.

An assignment is made conflict-free (``assign_judges`` and ``add_assignment`` refuse conflicts), so
a conflict found later means someone's identity changed since — a team member's organisation, a
judge's declared conflicts. That never withdraws the judge by itself: it opens a ``ConflictFlag``,
and the organiser keeps the judge or removes the assignment. Flags name the team's identity and are
shown to organisers only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConflictDecision(models.TextChoices):
    KEEP = "keep", _("保留评委")
    REASSIGN = "reassign", _("撤销分配")


class ConflictSource(models.TextChoices):
    PROFILE = "profile", _("个人资料修改")
    TEAM = "team", _("团队成员变更")
    JUDGE_VIEW = "judge_view", _("评委打开作品时发现")
    SCAN = "scan", _("组织者检查")


class ConflictFlag(models.Model):
    """A conflict between an active assignment's judge and the entry's team, found after assignment."""

    assignment = models.ForeignKey(
        "contests.Assignment", on_delete=models.PROTECT, related_name="conflict_flags", verbose_name=_("评审分配")
    )
    reasons = models.TextField(_("冲突原因"), help_text=_("每行一条"))
    source = models.CharField(_("发现途径"), max_length=20, choices=ConflictSource.choices)
    change = models.TextField(_("引发冲突的变更"), blank=True)
    detected_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("处理结果"), max_length=20, choices=ConflictDecision.choices, blank=True)
    note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "利益冲突提醒")
        verbose_name_plural = pgettext_lazy("models", "利益冲突提醒")
        ordering = ["-detected_at", "-id"]
        constraints = [
            # Detection runs on every save and page view; the database keeps it to one open flag.
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(resolved_at__isnull=True),
                name="conflict_flag_one_open_per_assignment",
            )
        ]

    def __str__(self):
        return f"{self.assignment_id} · {self.detected_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.resolved_at is None

    @property
    def reason_list(self):
        return [line for line in self.reasons.splitlines() if line.strip()]
