"""Confirming adoption milestones (落地确认): who may, their queues, and the three decisions.

Reviewers of a milestone: editors of its city node (``Node.editor_group`` members; scenes moderators
for every node, ``scenes.rules.editable_node_ids``), and members of the entry's 赛题 unit or of the
milestone's own ``unit``. Organisers see every milestone but decide none (unless they are also one
of the above). Decisions: 确认 (confirmed, final), 需补充材料 (back to the team, a reason required; the
team's edit returns it to 待确认) and 不予确认 (a reason required; it stays visible to the team). Each
decision is guarded by ``version``, audited, e-mailed to the team after the commit and, since only
confirmed milestones are public, retires the stored public pages.

A confirmed 正式上线 (go-live) of an entry whose 赛题 came from a need moves the need to 已落地.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.site_cache import bump_pages_version
from cms.tasks import enqueue
from contests.models import AdoptionMilestone, MilestoneKind, MilestoneStatus
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record
from scenes.rules import editable_node_ids, unit_ids_of

CONFIRM, MORE_INFO, REJECT = "confirm", "more_info", "reject"
DECISIONS = {
    CONFIRM: MilestoneStatus.CONFIRMED,
    MORE_INFO: MilestoneStatus.MORE_INFO,
    REJECT: MilestoneStatus.REJECTED,
}
# Only a milestone waiting for a decision is decided; 需补充材料 waits for the team first.
DECIDABLE = (MilestoneStatus.SUBMITTED,)
NOTE_MAX = 2000


def with_relations(queryset):
    return queryset.select_related(
        "entry__team", "entry__contest", "entry__challenge__unit", "node", "unit", "scene", "reviewed_by"
    )


def reviewer_filter(user):
    """Q of the milestones ``user`` may decide (an empty match for anyone else)."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    nodes, units = editable_node_ids(user), unit_ids_of(user)
    return Q(node_id__in=nodes) | Q(unit_id__in=units) | Q(entry__challenge__unit_id__in=units)


def can_review_milestone(user, milestone):
    if milestone is None or not (user and user.is_authenticated and user.is_active):
        return False
    if milestone.node_id is not None and milestone.node_id in editable_node_ids(user):
        return True
    units = unit_ids_of(user)
    challenge_unit = milestone.entry.challenge.unit_id if milestone.entry.challenge_id else None
    return milestone.unit_id in units or (challenge_unit is not None and challenge_unit in units)


def can_view_milestone(user, milestone):
    """The team, the milestone's reviewers and organisers (evidence downloads, the admin detail)."""
    from contests.rules import is_entry_team_member

    return is_entry_team_member(user, milestone.entry) or can_review_milestone(user, milestone) or is_organiser(user)


def node_editor_queue(user):
    """The admin's 落地确认 list: organisers see every milestone; node editors and moderators those of
    their nodes. Unit members use the unit workspace (``unit_queue``)."""
    queryset = AdoptionMilestone.objects.all()
    if not is_organiser(user):
        nodes = editable_node_ids(user)
        queryset = queryset.filter(node_id__in=nodes)
    return with_relations(queryset).order_by("status", "-updated_at", "pk")


def unit_queue(unit_ids):
    queryset = AdoptionMilestone.objects.filter(Q(unit_id__in=unit_ids) | Q(entry__challenge__unit_id__in=unit_ids))
    return with_relations(queryset).order_by("status", "-updated_at", "pk")


def may_use_admin_queue(user):
    return bool(user and user.is_authenticated and (is_organiser(user) or editable_node_ids(user)))


def decide(milestone, *, actor, decision, note, version, now=None):
    """Record ``decision`` (CONFIRM, MORE_INFO or REJECT) on a milestone waiting for one."""
    if decision not in DECISIONS:
        raise ContestError(_("未知的确认结论。"), code="decision")
    if not can_review_milestone(actor, milestone):
        raise ContestError(_("只有落地城市的编辑或出题单位的成员可以确认落地情况。"), code="forbidden")
    note = (note or "").strip()
    if decision != CONFIRM and not note:
        raise ContestError(_("请填写理由，团队会在邮件和门户中看到。"), code="note_required")
    if len(note) > NOTE_MAX:
        raise ContestError(_("意见不能超过 %(max)d 字。") % {"max": NOTE_MAX}, code="note_length")
    now = now or timezone.now()
    status = DECISIONS[decision]
    before = {"status": milestone.status, "review_note": milestone.review_note}
    with transaction.atomic():
        updated = AdoptionMilestone.objects.filter(pk=milestone.pk, version=version, status__in=DECIDABLE).update(
            version=F("version") + 1,
            status=status,
            review_note=note,
            reviewed_by=actor,
            reviewed_at=now,
            updated_at=now,
        )
        if not updated:
            raise ContestError(_("这条里程碑已被修改或已有结论，请刷新页面查看最新内容。"), code="stale")
        milestone.refresh_from_db()
        record(
            f"adoption.milestone_{decision}",
            milestone,
            actor=actor,
            contest=milestone.entry.contest,
            before=before,
            after={"status": status, "review_note": note},
            note=note,
        )
        if status == MilestoneStatus.CONFIRMED:
            if milestone.kind == MilestoneKind.GO_LIVE:
                _need_adopted(milestone)
            # Confirmed milestones are public (solution, scene and contest pages).
            bump_pages_version()
        enqueue("contests.send_milestone_reviewed", milestone_id=milestone.pk)
    return milestone


def _need_adopted(milestone):
    """The need behind the entry's 赛题 (if any) moves to 已落地."""
    from contests.services.needs_loop import need_adopted

    return need_adopted(milestone.entry)
