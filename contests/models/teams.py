from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.validators import validate_credit_code
from contests.choices import InvitationStatus, OrganisationType, TeamRole
from contests.models.identity import VettingStatus


class Team(models.Model):
    """A team registered for one contest. Its members see its drafts; nobody else does."""

    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, related_name="teams", verbose_name=_("大赛")
    )
    name = models.CharField(_("团队名称"), max_length=80)
    organisation = models.CharField(_("所属单位"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("单位类型"), max_length=20, choices=OrganisationType.choices, default=OrganisationType.ENTERPRISE
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    city = models.ForeignKey(
        "scenes.Node", on_delete=models.PROTECT, null=True, blank=True, related_name="teams", verbose_name=_("所在城市")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    division = models.ForeignKey(
        "contests.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("分赛区"),
    )
    # Unit vetting: the organisation's contact person confirms the team is theirs (identity.py).
    vetting_status = models.CharField(
        _("单位确认"), max_length=20, choices=VettingStatus.choices, default=VettingStatus.UNVETTED
    )
    vetting_note = models.TextField(_("单位确认说明"), blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vetted_at = models.DateTimeField(_("单位确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "参赛团队")
        verbose_name_plural = pgettext_lazy("models", "参赛团队")
        ordering = ["contest", "name"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="team_unique_name_per_contest")]
        indexes = [models.Index(fields=["contest", "division"])]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    """A person's role in a team. One team per person per contest (advisers may advise several)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("团队"))
    # Denormalised from team so that the database itself enforces one team per person per contest.
    contest = models.ForeignKey("contests.Contest", on_delete=models.PROTECT, related_name="+", editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("成员")
    )
    role = models.CharField(_("角色"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "团队成员")
        verbose_name_plural = pgettext_lazy("models", "团队成员")
        ordering = ["team", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_user_per_team"),
            models.UniqueConstraint(
                fields=["contest", "user"],
                condition=~Q(role=TeamRole.ADVISER),
                name="membership_one_team_per_person_per_contest",
            ),
            models.UniqueConstraint(
                fields=["team"], condition=Q(role=TeamRole.LEADER), name="membership_one_leader_per_team"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        self.contest_id = self.team.contest_id
        super().save(*args, **kwargs)


class TeamInvitation(models.Model):
    """An e-mailed invitation; the link carries a signed, expiring token of this row's key."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("团队"))
    email = models.EmailField(_("受邀邮箱"))
    role = models.CharField(_("角色"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "团队邀请")
        verbose_name_plural = pgettext_lazy("models", "团队邀请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(status=InvitationStatus.PENDING),
                name="invitation_one_pending_per_email_per_team",
            )
        ]

    def __str__(self):
        return f"{self.team} → {self.email}"
