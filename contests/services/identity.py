"""Real-name verification (实名) of a contest's participants, and the deletion of its documents.

* **Proof** — when the contest's ``real_name_rule`` is not NONE, every team member (leader, member,
  adviser) enters the legal name on their ID card and uploads the documents the rule asks for (an ID
  card, plus a student card, a company proof or either one). Files are JPEG, PNG or PDF of at most
  10 MiB, checked by content, stored privately with their SHA-256; a new file of a kind replaces the
  old one. Submitting (with a confirmation) makes the proof 待审; after a 驳回 the person may change
  the documents and submit again.
* **Review** — organisers (any proof) and division managers (the proofs of the members of their
  division's teams) approve or reject a pending proof, never their own; a rejection needs a reason.
  Optimistic lock on ``version``, audited, the person is told by e-mail after the commit.
* **Gate** — while the contest requires real names, an entry cannot be submitted until every member
  of its team is 通过 (``team_identity_problems``, part of ``submission.missing_requirements``).
* **Retention** — ``purge_due`` deletes the documents (files and rows) of contests whose results
  became final ``identity_retention_days`` days ago (from 00:00 Beijing time of that day on), blanks
  the legal names (status and dates stay) and writes one ``IdentityPurge`` per person.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.models import IdentityDocument, IdentityProof, ProofKind, ProofStatus, RealNameRule
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record
from contests.services.private_files import check_private_upload
from contests.services.upload_checks import MiB
from contests.services.uploads import FORMATS

ALLOWED_FORMATS = ("pdf", "jpeg", "png")
MAX_FILE_BYTES = 10 * MiB
MAX_LEGAL_NAME = 50
MAX_REASON = 2000
EDITABLE = (ProofStatus.DRAFT, ProofStatus.REJECTED)
SHANGHAI = ZoneInfo("Asia/Shanghai")

# What each rule asks for: every group must have one file of one of its kinds.
RULE_GROUPS = {
    RealNameRule.STUDENT: [(ProofKind.ID_CARD,), (ProofKind.STUDENT_CARD,)],
    RealNameRule.COMPANY: [(ProofKind.ID_CARD,), (ProofKind.COMPANY_PROOF,)],
    RealNameRule.EITHER: [(ProofKind.ID_CARD,), (ProofKind.STUDENT_CARD, ProofKind.COMPANY_PROOF)],
}


def requires_real_name(contest):
    return contest.real_name_rule in RULE_GROUPS


def kinds_for(contest):
    """The document kinds the contest's rule accepts, in order."""
    return [kind for group in RULE_GROUPS.get(contest.real_name_rule, []) for kind in group]


def describe_groups(groups):
    labels = dict(ProofKind.choices)
    return [_("或").join(str(labels[kind]) for kind in group) for group in groups]


def describe_allowed():
    return _("JPEG、PNG 图片或 PDF 文件，单个文件不超过 %(size)d MB") % {"size": MAX_FILE_BYTES // MiB}


def accept_attribute():
    return ",".join(f".{ext}" for key in ALLOWED_FORMATS for ext in FORMATS[key].extensions)


# Who ----------------------------------------------------------------------------------------------


def participates(contest, user):
    """Whether ``user`` is a member (any role) of a team of ``contest``."""
    if not (user and user.is_authenticated):
        return False
    return models.TeamMembership.objects.filter(team__contest=contest, user=user).exists()


def proof_of(contest, user):
    """The person's proof for the contest, or an unsaved draft."""
    proof = IdentityProof.objects.filter(contest=contest, user=user).first()
    return proof or IdentityProof(contest=contest, user=user)


def proofs_visible_to(user):
    """Organisers see every proof; a division manager the proofs of their divisions' team members."""
    if is_organiser(user):
        return IdentityProof.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return IdentityProof.objects.none()
    return _with_member(models.TeamMembership.objects.filter(team__division__managers=user))


def _with_member(memberships):
    """Proofs of people who are members (in the proof's contest) of a team among ``memberships``."""
    return IdentityProof.objects.filter(
        Exists(memberships.filter(user=OuterRef("user_id"), contest=OuterRef("contest_id")))
    )


def proofs_in_division(division):
    """The proofs of the members of ``division``'s teams (one query, no per-row reads)."""
    return _with_member(models.TeamMembership.objects.filter(team__division=division))


def missing_groups(proof, documents=None):
    """The rule's groups without a file yet (as tuples of kinds)."""
    if documents is None:
        documents = list(proof.documents.all()) if proof.pk else []
    present = {d.kind for d in documents}
    return [g for g in RULE_GROUPS.get(proof.contest.real_name_rule, []) if not present & set(g)]


def edit_problems(proof, user):
    if not requires_real_name(proof.contest):
        return [_("本大赛不要求实名认证。")]
    if proof.user_id != getattr(user, "pk", None) or not participates(proof.contest, user):
        return [_("只有本大赛参赛团队的成员可以提交实名认证。")]
    if proof.status not in EDITABLE:
        return [_("实名认证%(status)s，不能修改。") % {"status": proof.get_status_display()}]
    # Past the final results nothing needs verifying, and a document uploaded then would outlive
    # the retention the purge keeps (it runs once, from the day after the final results).
    if proof.contest.results_final_at() is not None:
        return [_("本大赛结果已确定，不再接收实名认证材料。")]
    return []


def submit_problems(proof, user, legal_name=None):
    problems = edit_problems(proof, user)
    if problems:
        return problems
    name = (proof.legal_name if legal_name is None else legal_name).strip()
    if not name:
        problems.append(_("请填写证件上的姓名。"))
    missing = missing_groups(proof)
    if missing:
        problems.append(_("还缺少以下材料：%(kinds)s。") % {"kinds": "、".join(describe_groups(missing))})
    return problems


# Documents ----------------------------------------------------------------------------------------


def check_document(upload):
    """Check one file; return ``(name, format, content, size, sha256)`` or raise ``UploadRejected``."""
    return check_private_upload(
        upload,
        allowed_formats=ALLOWED_FORMATS,
        max_bytes=MAX_FILE_BYTES,
        wrong_type_message=_("“%(name)s”的内容是%(found)s，实名证明材料只能是 JPEG、PNG 图片或 PDF 文件。未保存。"),
    )


def _refuse_bidi(text):
    """Invisible direction controls would make a name read differently on a reviewer's screen."""
    from django.core.exceptions import ValidationError

    from cms.validators import reject_bidi_controls

    try:
        reject_bidi_controls(text)
    except ValidationError as error:
        raise ContestError(error.messages[0], code="bidi") from error


def _lock_or_create(contest, user):
    proof, _created = IdentityProof.objects.select_for_update().get_or_create(contest=contest, user=user)
    proof.contest = contest
    return proof


def _bump(proof, **values):
    updated = IdentityProof.objects.filter(pk=proof.pk, version=proof.version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise ContestError(_("该实名认证已被他人修改，请刷新页面后重试。"), code="stale")
    proof.refresh_from_db()
    return proof


def add_document(contest, *, user, kind, upload):
    """Store one file of ``kind`` (replacing an earlier one of that kind); returns the document."""
    problems = edit_problems(proof_of(contest, user), user)
    if problems:
        raise ContestError(problems[0], code="refused")
    if kind not in kinds_for(contest):
        raise ContestError(_("本大赛的实名认证不需要这类材料。"), code="kind")
    name, fmt, data, size, sha256 = check_document(upload)
    storage = IdentityDocument._meta.get_field("file").storage
    stored = None
    try:
        with transaction.atomic():
            proof = _lock_or_create(contest, user)
            problems = edit_problems(proof, user)
            if problems:
                raise ContestError(problems[0], code="refused")
            replaced = list(proof.documents.filter(kind=kind))
            document = IdentityDocument(
                proof=proof, kind=kind, original_name=name, content_type=fmt.content_type, size=size, sha256=sha256
            )
            document.file.save("upload", ContentFile(data), save=False)
            stored = document.file.name
            document.save()
            for old in replaced:
                old_name = old.file.name
                old.delete()
                transaction.on_commit(lambda n=old_name: storage.delete(n))
            _bump(proof)
            record(
                "identity.upload", proof, actor=user, contest=contest,
                after={"kind": kind, "name": name, "size": size, "sha256": sha256, "replaced": len(replaced)},
            )  # fmt: skip
    except Exception:
        if stored:
            storage.delete(stored)
        raise
    return document


def submit_proof(contest, *, user, legal_name, version=None, now=None):
    """Hand the proof in for review (待审)."""
    now = now or timezone.now()
    legal_name = (legal_name or "").strip()
    if len(legal_name) > MAX_LEGAL_NAME:
        raise ContestError(_("证件姓名不能超过 %(max)d 个字。") % {"max": MAX_LEGAL_NAME}, code="legal_name")
    _refuse_bidi(legal_name)
    with transaction.atomic():
        proof = _lock_or_create(contest, user)
        if version is not None and proof.version != int(version):
            raise ContestError(_("该实名认证已被他人修改，请刷新页面后重试。"), code="stale")
        problems = submit_problems(proof, user, legal_name)
        if problems:
            raise ContestError(problems[0], code="submit")
        before = proof.status
        _bump(proof, legal_name=legal_name, status=ProofStatus.PENDING, submitted_at=now, reviewed_by=None,
              reviewed_at=None)  # fmt: skip
        documents = list(proof.documents.order_by("kind", "pk").values("kind", "original_name", "sha256", "size"))
        record(
            "identity.submit", proof, actor=user, contest=contest,
            before={"status": before}, after={"status": proof.status, "documents": documents},
        )  # fmt: skip
    return proof


# Review -------------------------------------------------------------------------------------------


def review_proof(proof, *, actor, approved, reason="", version, now=None):
    """通过 or 驳回 a pending proof; only someone who can see it (``proofs_visible_to``) may."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not approved and not reason:
        raise ContestError(_("驳回时必须填写原因。"), code="reason")
    if len(reason) > MAX_REASON:
        raise ContestError(_("原因不能超过 %(max)d 个字。") % {"max": MAX_REASON}, code="reason")
    with transaction.atomic():
        locked = IdentityProof.objects.select_for_update().select_related("contest", "user").get(pk=proof.pk)
        if not proofs_visible_to(actor).filter(pk=locked.pk).exists():
            raise ContestError(_("你不能审核这份实名认证。"), code="forbidden")
        if locked.user_id == actor.pk:
            # An organiser or division manager who also competes: someone else checks their papers.
            raise ContestError(_("不能审核自己的实名认证，请由其他组织者或分赛区管理员审核。"), code="own")
        if locked.version != int(version):
            raise ContestError(_("该实名认证已被他人修改，请刷新页面后重试。"), code="stale")
        if locked.status != ProofStatus.PENDING:
            raise ContestError(
                _("只能审核待审的实名认证（当前状态：%(status)s）。") % {"status": locked.get_status_display()},
                code="status",
            )
        status = ProofStatus.APPROVED if approved else ProofStatus.REJECTED
        _bump(locked, status=status, reason=reason, reviewed_by=actor, reviewed_at=now)
        record(
            "identity.review", locked, actor=actor, contest=locked.contest,
            before={"status": ProofStatus.PENDING}, after={"status": status}, note=reason,
        )  # fmt: skip
        enqueue("contests.send_identity_reviewed", proof_id=locked.pk)
    return locked


# Team status and the submission gate --------------------------------------------------------------


def team_statuses(team):
    """``[(membership, status, status label)]`` for every member of ``team`` (two queries)."""
    memberships = list(team.memberships.select_related("user").order_by("role", "joined_at", "pk"))
    statuses = dict(
        IdentityProof.objects.filter(contest_id=team.contest_id, user__in=[m.user_id for m in memberships]).values_list(
            "user_id", "status"
        )
    )
    labels = dict(ProofStatus.choices)
    rows = []
    for membership in memberships:
        status = statuses.get(membership.user_id, ProofStatus.DRAFT)
        rows.append((membership, status, labels[status]))
    return rows


def label_memberships(memberships):
    """Set ``identity_label`` (the status' label) on each of ``memberships`` whose contest requires
    real names (one query for all of them), else ``""``."""
    memberships = [m for m in memberships if requires_real_name(m.team.contest)]
    if not memberships:
        return
    pairs = {(m.team.contest_id, m.user_id) for m in memberships}
    proofs = IdentityProof.objects.filter(
        contest_id__in={c for c, _u in pairs}, user_id__in={u for _c, u in pairs}
    ).values_list("contest_id", "user_id", "status")
    statuses = {(c, u): status for c, u, status in proofs}
    labels = dict(ProofStatus.choices)
    for m in memberships:
        m.identity_label = labels[statuses.get((m.team.contest_id, m.user_id), ProofStatus.DRAFT)]


def team_identity_problems(team):
    """Why the team cannot submit while its contest requires real names (empty when it can)."""
    if not requires_real_name(team.contest):
        return []
    missing = [m.user.get_full_name() or m.user.email for m, status, _l in team_statuses(team) if status != "approved"]
    if not missing:
        return []
    return [_("以下成员尚未通过实名认证：%(names)s") % {"names": "、".join(missing)}]


# Retention ----------------------------------------------------------------------------------------


def purge_from(contest):
    """From when the contest's documents are deleted: 00:00 Beijing time ``identity_retention_days``
    days after the day its results became final (None while they are not final)."""
    final_at = contest.results_final_at()
    if final_at is None:
        return None
    day = timezone.localtime(final_at, SHANGHAI).date() + datetime.timedelta(days=contest.identity_retention_days)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=SHANGHAI)


def due_contests(now):
    contests = models.Contest.with_results_final_at(models.Contest.objects.all()).filter(
        last_round_final_at__isnull=False
    )
    return [c for c in contests if purge_from(c) <= now]


def purge_contest(contest, *, now, dry_run=False):
    """Delete the contest's proof documents; returns ``[(user_id, documents deleted)]``."""
    proofs = IdentityProof.objects.filter(contest=contest).filter(~Q(legal_name="") | Q(documents__isnull=False))
    done = []
    storage = IdentityDocument._meta.get_field("file").storage
    reason = _("结果确定后保存期（%(days)d 天）已满") % {"days": contest.identity_retention_days}
    for proof_id in proofs.values_list("pk", flat=True).distinct().order_by("pk"):
        with transaction.atomic():
            proof = IdentityProof.objects.select_for_update().get(pk=proof_id)
            documents = list(proof.documents.all())
            done.append((proof.user_id, len(documents)))
            if dry_run:
                continue
            names = [d.file.name for d in documents]
            IdentityDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
            IdentityProof.objects.filter(pk=proof.pk).update(legal_name="", version=F("version") + 1)
            purge = models.IdentityPurge.objects.create(
                contest=contest, user_id_deleted=proof.user_id, documents_deleted=len(names), reason=reason
            )
            record(
                "identity.purge", purge, actor=None, contest=contest,
                after={"user": proof.user_id, "documents": len(names)}, note=reason,
            )  # fmt: skip
            for name in names:
                transaction.on_commit(lambda n=name: storage.delete(n))
    return done


def purge_due(now=None, *, dry_run=False):
    """Purge every contest past its retention; returns ``{contest: [(user_id, count)]}``."""
    now = now or timezone.now()
    return {contest: purge_contest(contest, now=now, dry_run=dry_run) for contest in due_contests(now)}
