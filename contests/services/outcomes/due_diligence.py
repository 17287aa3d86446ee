"""Winner due diligence (尽职调查) before a round's results are final.

* **Request** — an organiser lists the document kinds, instructions and a deadline (ahead, checked
  with the server's clock) for a round with active awards whose results are not final. Every active
  award of the round gets a case; an award granted later while the request is open gets one too
  (``due_diligence_cases.open_case``). While a case waits for documents or a review, the round's
  results cannot be finalised (``publication.finalise_problems``).
* **Documents** — the team's leader and members upload one or more files per listed kind (PDF,
  images, Word, ZIP; checked by content like appeal attachments, stored privately with their SHA-256)
  until the deadline, then submit once every listed kind has a file.
* **Review** — an organiser passes or fails a submitted case (a reason is required for a fail). A
  fail revokes the award in the same transaction; the organiser then confirms the award's offer to
  the next-ranked eligible entry (``successor_candidate``), whose new award gets its own case.

Cases are changed with optimistic locking on ``version``; every step is audited and the teams are
told by e-mail after the commit.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.site_cache import bump_pages_version
from cms.tasks import enqueue
from contests import models
from contests.choices import TeamRole
from contests.models import DueDiligenceDocumentKind, DueDiligenceStatus
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record
from contests.services.outcomes.awards import (
    AWARDABLE_STATUSES,
    _key_value,
    _quota_count,
    grant_award,
    ranked_candidates,
    revoke_award,
)
from contests.services.outcomes.due_diligence_cases import case_deadline, open_case, request_is_open
from contests.services.private_files import check_private_upload
from contests.services.submission import format_beijing_time
from contests.services.upload_checks import (
    MiB,
    UploadRejected,
)
from contests.services.uploads import FORMATS

ALLOWED_FORMATS = ("pdf", "jpeg", "png", "webp", "docx", "zip")
MAX_FILE_BYTES = 20 * MiB
MAX_FILES_PER_KIND = 5
MAX_TEXT = 5000
UPLOAD_ROLES = (TeamRole.LEADER, TeamRole.MEMBER)
OPEN_STATUSES = (DueDiligenceStatus.REQUESTED, DueDiligenceStatus.SUBMITTED)

__all__ = ["case_deadline", "request_is_open"]


def _require_organiser(actor):
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以管理尽职调查。"), code="forbidden")


def describe_allowed():
    labels = "、".join(FORMATS[key].label for key in ALLOWED_FORMATS)
    return _("%(formats)s，每类材料最多 %(count)d 个文件，单个文件不超过 %(size)d MB") % {
        "formats": labels,
        "count": MAX_FILES_PER_KIND,
        "size": MAX_FILE_BYTES // MiB,
    }


def accept_attribute():
    return ",".join(f".{ext}" for key in ALLOWED_FORMATS for ext in FORMATS[key].extensions)


def kind_labels(kinds):
    labels = dict(DueDiligenceDocumentKind.choices)
    return [labels[kind] for kind in kinds if kind in labels]


# Request ------------------------------------------------------------------------------------------


def round_awards(round_):
    return (
        models.Award.objects.filter(round=round_, revoked_at__isnull=True)
        .select_related("category__contest", "entry__team", "track")
        .order_by("category__sort_order", "category_id", "track__sort_order", "rank", "pk")
    )


def request_problems(round_):
    """Why due diligence cannot be required for the round now (empty when it can)."""
    if models.DueDiligenceRequest.objects.filter(round=round_).exists():
        return [_("本轮已要求尽职调查，不能重复要求。")]
    if models.ResultPublication.objects.filter(round=round_, finalised_at__isnull=False).exists():
        return [_("本轮结果已确定为最终结果，不能再要求尽职调查。")]
    if not round_awards(round_).exists():
        return [_("本轮还没有授予奖项，授奖后才能要求获奖团队提交尽职调查材料。")]
    return []


def require_due_diligence(round_, *, actor, documents, instructions="", deadline, now=None):
    """Create the round's ``DueDiligenceRequest`` and one case per active award; returns the request."""
    _require_organiser(actor)
    now = now or timezone.now()
    documents = [kind for kind in DueDiligenceDocumentKind.values if kind in set(documents or ())]
    if not documents:
        raise ContestError(_("请至少选择一类需要提交的材料。"), code="documents")
    instructions = (instructions or "").strip()
    if len(instructions) > MAX_TEXT:
        raise ContestError(_("说明不能超过 %(max)d 个字。") % {"max": MAX_TEXT}, code="instructions")
    if deadline is None or deadline <= now:
        raise ContestError(_("提交截止时间必须晚于现在。"), code="deadline")
    with transaction.atomic():
        locked = models.Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        problems = request_problems(locked)
        if problems:
            raise ContestError(problems[0], code="request")
        dd_request = models.DueDiligenceRequest.objects.create(
            round=locked, documents=documents, instructions=instructions, deadline=deadline, created_by=actor
        )
        cases = [models.DueDiligenceCase.objects.create(request=dd_request, award=a) for a in round_awards(locked)]
        record(
            "due_diligence.request", dd_request, actor=actor, contest=locked.contest,
            after={"round": locked.pk, "documents": documents, "deadline": deadline, "instructions": instructions,
                   "awards": [case.award_id for case in cases]},
        )  # fmt: skip
        for case in cases:
            enqueue("contests.send_due_diligence_requested", case_id=case.pk)
        # The contest page's notice says that the winners are under due diligence.
        transaction.on_commit(bump_pages_version)
    return dd_request


# Documents and submission -------------------------------------------------------------------------


def cases_visible_to(user):
    """Organisers see every case; a team member (any role) sees the cases of their team's awards."""
    if is_organiser(user):
        return models.DueDiligenceCase.objects.all()
    if not (user and user.is_authenticated):
        return models.DueDiligenceCase.objects.none()
    return models.DueDiligenceCase.objects.filter(award__entry__team__memberships__user=user).distinct()


def team_role(user, team):
    if not (user and user.is_authenticated):
        return None
    return team.memberships.filter(user=user).values_list("role", flat=True).first()


def upload_problems(case, *, user=None, now=None):
    """Why the team cannot change the case's documents now (empty when it can)."""
    now = now or timezone.now()
    if user is not None and team_role(user, case.award.entry.team) not in UPLOAD_ROLES:
        return [_("只有本团队的队长或队员可以提交尽职调查材料。")]
    if case.status != DueDiligenceStatus.REQUESTED:
        return [_("尽职调查材料已提交（%(status)s），不能再修改。") % {"status": case.get_status_display()}]
    if case.award.revoked_at is not None:
        return [_("该奖项已被撤销。")]
    deadline = case_deadline(case)
    if now >= deadline:
        return [_("提交截止时间 %(time)s 已过，不能再提交材料。") % {"time": format_beijing_time(deadline)}]
    return []


def missing_kinds(case):
    present = set(case.documents.values_list("kind", flat=True))
    return [kind for kind in case.request.documents if kind not in present]


def submit_problems(case, *, user=None, now=None):
    problems = upload_problems(case, user=user, now=now)
    if problems:
        return problems
    missing = missing_kinds(case)
    if missing:
        return [_("还缺少以下材料：%(kinds)s。") % {"kinds": "、".join(str(k) for k in kind_labels(missing))}]
    return []


def check_document(upload):
    """Check one file; return ``(name, format, content, size, sha256)`` or raise ``UploadRejected``."""
    return check_private_upload(
        upload,
        allowed_formats=ALLOWED_FORMATS,
        max_bytes=MAX_FILE_BYTES,
        wrong_type_message=_(
            "“%(name)s”的内容是%(found)s，尽职调查材料只能是 PDF、图片、Word 文档或 ZIP 压缩包。未保存。"
        ),
    )


def _lock(case, version=None):
    """The case locked for update; ``ContestError`` if someone changed it since ``version``."""
    locked = (
        models.DueDiligenceCase.objects.select_for_update()
        .select_related("request__round__contest", "award__entry__team", "award__category", "award__track")
        .get(pk=case.pk)
    )
    if version is not None and locked.version != int(version):
        raise ContestError(_("该尽职调查已被他人修改，请刷新页面后重试。"), code="stale")
    return locked


def _bump(case, **values):
    updated = models.DueDiligenceCase.objects.filter(pk=case.pk, version=case.version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise ContestError(_("该尽职调查已被他人修改，请刷新页面后重试。"), code="stale")
    case.refresh_from_db()
    return case


def add_document(case, *, user, kind, upload, now=None):
    """Store one file of ``kind`` for the case; returns the ``DueDiligenceDocument``."""
    now = now or timezone.now()
    if kind not in case.request.documents:
        raise ContestError(_("本次尽职调查不需要这类材料。"), code="kind")
    problems = upload_problems(case, user=user, now=now)
    if problems:
        raise ContestError(problems[0], code="refused")
    name, fmt, data, size, sha256 = check_document(upload)
    storage = models.DueDiligenceDocument._meta.get_field("file").storage
    stored = None
    try:
        with transaction.atomic():
            locked = _lock(case)
            problems = upload_problems(locked, user=user, now=now)
            if problems:
                raise ContestError(problems[0], code="refused")
            if locked.documents.filter(kind=kind).count() >= MAX_FILES_PER_KIND:
                raise UploadRejected(
                    _("每类材料最多上传 %(count)d 个文件。未保存。") % {"count": MAX_FILES_PER_KIND}, code="too_many"
                )
            document = models.DueDiligenceDocument(
                case=locked, kind=kind, original_name=name, content_type=fmt.content_type, size=size,
                sha256=sha256, uploaded_by=user,
            )  # fmt: skip
            document.file.save("upload", ContentFile(data), save=False)
            stored = document.file.name
            document.save()
            _bump(locked)
            record(
                "due_diligence.upload", locked, actor=user, contest=locked.request.round.contest,
                after={"kind": kind, "name": name, "size": size, "sha256": sha256},
            )  # fmt: skip
    except Exception:
        if stored:
            storage.delete(stored)
        raise
    return document


def remove_document(document, *, user, now=None):
    """Take a file back before the case is submitted."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(document.case)
        problems = upload_problems(locked, user=user, now=now)
        if problems:
            raise ContestError(problems[0], code="refused")
        document = models.DueDiligenceDocument.objects.get(pk=document.pk, case=locked)
        name, sha256, kind = document.original_name, document.sha256, document.kind
        file_name = document.file.name
        document.delete()
        _bump(locked)
        record(
            "due_diligence.remove", locked, actor=user, contest=locked.request.round.contest,
            before={"kind": kind, "name": name, "sha256": sha256},
        )  # fmt: skip
        storage = models.DueDiligenceDocument._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(file_name))


def submit_case(case, *, user, version=None, now=None):
    """Hand the documents in: every listed kind has a file and the deadline has not passed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(case, version)
        problems = submit_problems(locked, user=user, now=now)
        if problems:
            raise ContestError(problems[0], code="submit")
        documents = list(locked.documents.order_by("kind", "pk").values("kind", "original_name", "sha256", "size"))
        _bump(locked, status=DueDiligenceStatus.SUBMITTED, submitted_by=user, submitted_at=now)
        record(
            "due_diligence.submit", locked, actor=user, contest=locked.request.round.contest,
            before={"status": DueDiligenceStatus.REQUESTED},
            after={"status": locked.status, "submitted_at": now, "documents": documents},
        )  # fmt: skip
        enqueue("contests.send_due_diligence_submitted", case_id=locked.pk)
    return locked


# Review and successor -----------------------------------------------------------------------------


def review_problems(case):
    if case.status != DueDiligenceStatus.SUBMITTED:
        return [_("只能审核已提交材料的尽职调查（当前状态：%(status)s）。") % {"status": case.get_status_display()}]
    if not request_is_open(case.request):
        return [_("本轮结果已确定为最终结果，不能再审核。")]
    return []


def fail_award_reason(reason):
    return _("尽职调查未通过：%(reason)s") % {"reason": reason}


def review_case(case, *, actor, passed, reason, version, now=None):
    """Pass or fail a submitted case. A fail revokes the award in the same transaction."""
    _require_organiser(actor)
    reason = (reason or "").strip()
    if not passed and not reason:
        raise ContestError(_("审核不通过时必须填写理由。"), code="reason")
    if len(reason) > MAX_TEXT:
        raise ContestError(_("审核意见不能超过 %(max)d 个字。") % {"max": MAX_TEXT}, code="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(case, version)
        problems = review_problems(locked)
        if problems:
            raise ContestError(problems[0], code="review")
        status = DueDiligenceStatus.PASSED if passed else DueDiligenceStatus.FAILED
        _bump(locked, status=status, review_reason=reason, reviewed_by=actor, reviewed_at=now)
        if not passed:
            revoke_award(locked.award, actor=actor, reason=fail_award_reason(reason))
        record(
            "due_diligence.review", locked, actor=actor, contest=locked.request.round.contest,
            before={"status": DueDiligenceStatus.SUBMITTED},
            after={"status": status, "award": locked.award_id, "revoked": not passed},
            note=reason,
        )  # fmt: skip
        enqueue("contests.send_due_diligence_reviewed", case_id=locked.pk)
    return locked


@dataclass
class Successor:
    """What a failed case's award can pass to: ``candidate`` (a ranked entry) or ``problem``."""

    candidate: object = None
    problem: str = ""


def successor_candidate(case):
    """The next-ranked eligible entry for the failed award's category under the quota rules.

    Same ranking and order as the award proposal (per track, or across tracks for a contest-wide
    category); skipped: entries holding this award, entries whose award of this category was revoked
    (the failed one among them), entries holding another level award (one level award per entry),
    entries no longer eligible. None while the quota is full again. Before the fail is confirmed (the
    award still active) it previews who would take the award."""
    award = case.award
    category = award.category
    if category.level == models.AwardLevel.SPECIAL:
        return Successor(problem=_("单项奖不按排名递补，如需另行授予请在奖项页面操作。"))
    used = _quota_count(category, award.track)
    if award.revoked_at is None:
        used -= 1  # a preview before the fail: the case's own award is about to free its place
    if used >= category.quota:
        return Successor(problem=_("“%(award)s”的名额已满，无需递补。") % {"award": category.name})
    by_track = ranked_candidates(award.round)
    if category.per_track:
        candidates = list(by_track.get(award.track, []))
    else:
        candidates = sorted(
            (c for group in by_track.values() for c in group),
            key=lambda c: (-_key_value(c.score), c.rank, c.track.sort_order, c.track.pk, c.entry.pk),
        )
    awards = models.Award.objects.filter(category__contest=category.contest).select_related("category")
    excluded = set()
    for other in awards:
        if other.category_id == category.pk:
            excluded.add(other.entry_id)  # holding it, or revoked once: never re-applied
        elif other.revoked_at is None and other.category.level != models.AwardLevel.SPECIAL:
            excluded.add(other.entry_id)
    for candidate in candidates:
        if candidate.entry.pk not in excluded and candidate.entry.status in AWARDABLE_STATUSES:
            return Successor(candidate=candidate)
    return Successor(problem=_("没有符合条件的递补作品：排名在后的作品均已获奖、曾被撤销该奖项或不符合资格。"))


def successor_problems(case):
    if case.status != DueDiligenceStatus.FAILED:
        return [_("只有尽职调查未通过的奖项才能递补。")]
    if case.successor_award_id:
        return [_("该奖项已递补给其他作品。")]
    if not request_is_open(case.request):
        return [_("本轮结果已确定为最终结果，不能再递补。")]
    return []


def offer_successor(case, *, actor, entry, version, deadline=None, now=None):
    """Give the failed case's award to ``entry``, which must still be ``successor_candidate``; the new
    award gets its own case (deadline ``deadline``, or the request's while it is ahead). Returns the award."""
    _require_organiser(actor)
    now = now or timezone.now()
    if deadline is not None and deadline <= now:
        raise ContestError(_("提交截止时间必须晚于现在。"), code="deadline")
    with transaction.atomic():
        locked = _lock(case, version)
        problems = successor_problems(locked)
        if problems:
            raise ContestError(problems[0], code="successor")
        successor = successor_candidate(locked)
        if successor.candidate is None:
            raise ContestError(successor.problem, code="successor")
        if successor.candidate.entry.pk != entry.pk:
            raise ContestError(_("递补名单已发生变化，请重新核对后确认。"), code="stale")
        award = locked.award
        reason = _("原获奖作品尽职调查未通过（%(reason)s），按排名递补。") % {"reason": locked.review_reason}
        new_award = grant_award(
            successor.candidate.entry, award.category, round_=award.round, actor=actor, reason=reason,
            rank=successor.candidate.rank, proposed=False,
        )  # fmt: skip
        _bump(locked, successor_award=new_award)
        new_case = models.DueDiligenceCase.objects.filter(award=new_award).first() or open_case(
            new_award, actor=actor, deadline=deadline, now=now
        )
        if new_case is not None and deadline is not None and new_case.deadline != deadline:
            models.DueDiligenceCase.objects.filter(pk=new_case.pk).update(deadline=deadline)
        record(
            "due_diligence.successor", locked, actor=actor, contest=award.category.contest,
            after={"failed_award": award.pk, "successor_award": new_award.pk, "entry": new_award.entry_id,
                   "case": new_case.pk if new_case else None},
            note=reason,
        )  # fmt: skip
        enqueue("contests.send_due_diligence_successor", case_id=locked.pk)
    return new_award


def open_cases(round_):
    """The round's cases still waiting for documents or a review (they block finalising)."""
    # A case whose award an organiser revoked directly has nothing left to decide.
    return models.DueDiligenceCase.objects.filter(
        request__round=round_, status__in=OPEN_STATUSES, award__revoked_at__isnull=True
    )
