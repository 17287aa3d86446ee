"""Adoption milestones (落地里程碑) as the team logs them: who may log, adding and editing, evidence files.

Who may log: the members (leader and members, not advisers) of a team whose entry holds an active
award of a round whose results are final, or whose entry was promoted into the solution library
(``Promotion``). A milestone is edited while it is 待确认 or 需补充材料 (an edit of the latter sends it
back to 待确认); a confirmed one is fixed, a rejected one stays visible with the reason and is not
edited again (the team logs a new one). Edits are guarded by ``version`` against a concurrent review.

Evidence files use the entry attachments' checks (``contests.services.uploads``: PDF, XLSX, DOCX or
ZIP recognised by content) with a smaller size limit, go to private storage with their SHA-256 and are
served only after a permission check (``contests.services.adoption.review.can_view_milestone``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.choices import FileKind
from contests.models import AdoptionMilestone, Award, Entry, MilestoneEvidence, MilestoneStatus, Promotion
from contests.rules import is_entry_team_player
from contests.services import ContestError
from contests.services.audit import record
from contests.services.upload_checks import MiB, UploadRejected
from contests.services.uploads import check_upload

EDITABLE = (MilestoneStatus.SUBMITTED, MilestoneStatus.MORE_INFO)
EVIDENCE_MAX_BYTES = 20 * MiB
EVIDENCE_MAX_FILES = 5
# Bounds of the figures a team may claim: beyond these a figure is a typo, not a deployment.
MAX_BENEFICIARIES = 2_000_000_000  # 20 亿人次
MAX_INVESTMENT_WAN = 10_000_000  # 1000 亿元
FIELDS = (
    "kind",
    "title",
    "description",
    "happened_on",
    "node",
    "unit",
    "unit_name",
    "scene",
    "beneficiaries",
    "investment_wan",
    "programme",
)


class StaleMilestone(ContestError):
    """Someone changed the milestone (a review, another edit) since the form was opened."""


def final_award_filter(prefix=""):
    """Q for an active award of a round whose results are final (``prefix`` e.g. "awards__")."""
    return Q(
        **{
            f"{prefix}revoked_at__isnull": True,
            f"{prefix}round__publication__finalised_at__isnull": False,
        }
    )


def adoption_entry_ids(entry_ids):
    """Of ``entry_ids``, those that may log milestones (two queries, whatever the number)."""
    entry_ids = list(entry_ids)
    if not entry_ids:
        return set()
    winners = Award.objects.filter(final_award_filter(), entry_id__in=entry_ids).values_list("entry_id", flat=True)
    promoted = Promotion.objects.filter(entry_id__in=entry_ids).values_list("entry_id", flat=True)
    return set(winners) | set(promoted)


def is_adoption_entry(entry):
    return entry is not None and entry.pk in adoption_entry_ids([entry.pk])


def may_log(user, entry):
    """A leader or member of the entry's team, the entry a final winner or promoted."""
    return is_entry_team_player(user, entry) and is_adoption_entry(entry)


def entry_milestones(entry):
    return (
        AdoptionMilestone.objects.filter(entry=entry)
        .select_related("node", "unit", "scene", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("happened_on", "pk")
    )


RELATIONS = ("node", "unit", "scene")


def _attname(field):
    return f"{field}_id" if field in RELATIONS else field


def _snapshot(milestone):
    return {field: getattr(milestone, _attname(field)) for field in FIELDS}


def check_figures(beneficiaries, investment_wan):
    """Refuse figures no deployment has (negative, or beyond the bounds above)."""
    if beneficiaries is not None and not 0 <= beneficiaries <= MAX_BENEFICIARIES:
        raise ContestError(_("服务人次/用户数超出合理范围，请核对后重新填写。"), code="beneficiaries")
    if investment_wan is not None and not 0 <= investment_wan <= MAX_INVESTMENT_WAN:
        raise ContestError(_("投资或资金金额超出合理范围，请核对后重新填写。"), code="investment")


def _validate(milestone):
    """The model's own field checks (lengths, choices), as a ContestError naming the first problem."""
    try:
        milestone.full_clean(exclude=["entry", "created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ContestError(error.messages[0], code="invalid") from error


def _require_logger(user, entry):
    if not may_log(user, entry):
        raise ContestError(_("只有获奖或入库作品的团队成员可以登记落地情况。"), code="forbidden")


def create_milestone(entry, *, user, data, now=None):
    """Log a new milestone (status 待确认); ``data`` holds the ``FIELDS``. Audited."""
    _require_logger(user, entry)
    check_figures(data.get("beneficiaries"), data.get("investment_wan"))
    with transaction.atomic():
        milestone = AdoptionMilestone(entry=entry, created_by=user, status=MilestoneStatus.SUBMITTED)
        for field in FIELDS:
            if field in data:
                setattr(milestone, field, data[field])
        _validate(milestone)
        milestone.save()
        record("adoption.milestone_create", milestone, actor=user, contest=entry.contest, after=_snapshot(milestone))
    return milestone


def update_milestone(milestone, *, user, data, version):
    """Save the team's edit if nobody changed the milestone since ``version`` was read; an edit of a
    milestone that was sent back (需补充材料) returns it to 待确认. Audited."""
    entry = milestone.entry
    _require_logger(user, entry)
    if milestone.status not in EDITABLE:
        raise ContestError(_("已确认或不予确认的里程碑不能再修改。"), code="locked")
    check_figures(data.get("beneficiaries"), data.get("investment_wan"))
    before = _snapshot(milestone)
    changed = AdoptionMilestone(**{f.attname: getattr(milestone, f.attname) for f in AdoptionMilestone._meta.fields})
    for field in FIELDS:
        if field in data:
            setattr(changed, field, data[field])
    _validate(changed)
    values = {_attname(field): getattr(changed, _attname(field)) for field in FIELDS}
    with transaction.atomic():
        updated = AdoptionMilestone.objects.filter(pk=milestone.pk, version=version, status__in=EDITABLE).update(
            version=F("version") + 1, status=MilestoneStatus.SUBMITTED, updated_at=timezone.now(), **values
        )
        if not updated:
            raise StaleMilestone(_("这条里程碑已被他人修改或审核，请刷新页面查看最新内容后再修改。"), code="stale")
        milestone.refresh_from_db()
        record(
            "adoption.milestone_update",
            milestone,
            actor=user,
            contest=entry.contest,
            before=before,
            after=_snapshot(milestone),
        )
    return milestone


def add_evidence(milestone, upload, *, user):
    """Check ``upload`` and attach it to an editable milestone; nothing is stored on refusal."""
    entry = milestone.entry
    _require_logger(user, entry)
    if milestone.status not in EDITABLE:
        raise ContestError(_("已确认或不予确认的里程碑不能再添加材料。"), code="locked")
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise UploadRejected(
            _("文件超过大小上限（%(size)d MB），未保存。") % {"size": EVIDENCE_MAX_BYTES // MiB}, code="too_large"
        )
    checked = check_upload(FileKind.ATTACHMENT, upload)
    stored_name = None
    try:
        with transaction.atomic():
            locked = AdoptionMilestone.objects.select_for_update().get(pk=milestone.pk)
            if locked.status not in EDITABLE:
                raise ContestError(_("已确认或不予确认的里程碑不能再添加材料。"), code="locked")
            if MilestoneEvidence.objects.filter(milestone=locked).count() >= EVIDENCE_MAX_FILES:
                raise UploadRejected(
                    _("每条里程碑最多上传 %(max)d 个证明材料。") % {"max": EVIDENCE_MAX_FILES}, code="too_many"
                )
            evidence = MilestoneEvidence(
                milestone=locked,
                original_name=checked.name,
                content_type=checked.format.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=user,
            )
            evidence.file.save("upload", checked.content, save=False)
            stored_name = evidence.file.name
            evidence.save()
            record(
                "adoption.evidence_upload",
                locked,
                actor=user,
                contest=entry.contest,
                after={"file": evidence.pk, "name": checked.name, "sha256": checked.sha256},
            )
    except Exception:
        if stored_name:
            MilestoneEvidence._meta.get_field("file").storage.delete(stored_name)
        raise
    return evidence


def team_entries_with_adoption(user):
    """The entries of the user's teams (as leader or member) that may log milestones."""
    from contests.choices import TeamRole

    entries = Entry.objects.filter(
        team__memberships__user=user, team__memberships__role__in=(TeamRole.LEADER, TeamRole.MEMBER)
    ).values_list("pk", flat=True)
    return adoption_entry_ids(entries)
