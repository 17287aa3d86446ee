"""Appeals (申诉) against a round's provisional results, and their review (复核).

* Who files: the team's leader or a member (the players who wrote the entry). Advisers (指导老师)
  see the appeal and its outcome but do not file one: like entries, the team speaks for itself.
* When: only while the round's notice window is open, ``published_at <= now < notice_ends_at``,
  with the server's clock; one appeal per team and round (also a database constraint).
* What: reasons (10–5,000 characters) and at most three attachments, PDF or images (JPEG, PNG,
  WebP), 10 MB each, checked by content like entry files and stored privately with their SHA-256.
* Review: organisers record upheld or rejected with their reasons. An upheld appeal changes no
  result by itself: results change only through the recorded actions that already exist
  (reopening a judge's score, recomputing the results, granting or revoking awards).
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.choices import TeamRole
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record
from contests.services.private_files import check_private_upload
from contests.services.submission import format_beijing_time
from contests.services.upload_checks import MiB, UploadRejected
from contests.services.uploads import FORMATS

MIN_REASONS = 10
MAX_REASONS = 5000
MAX_FILES = 3
MAX_FILE_BYTES = 10 * MiB
ALLOWED_FORMATS = ("pdf", "jpeg", "png", "webp")
FILING_ROLES = (TeamRole.LEADER, TeamRole.MEMBER)


def describe_allowed():
    labels = "、".join(FORMATS[key].label for key in ALLOWED_FORMATS)
    return _("%(formats)s，最多 %(count)d 个文件，单个文件不超过 %(size)d MB") % {
        "formats": labels,
        "count": MAX_FILES,
        "size": MAX_FILE_BYTES // MiB,
    }


def accept_attribute():
    return ",".join(f".{ext}" for key in ALLOWED_FORMATS for ext in FORMATS[key].extensions)


def check_attachment(upload):
    """Check one attachment; return ``(name, format, content, size, sha256)`` or raise ``UploadRejected``."""
    return check_private_upload(
        upload,
        allowed_formats=ALLOWED_FORMATS,
        max_bytes=MAX_FILE_BYTES,
        wrong_type_message=_("“%(name)s”的内容是%(found)s，申诉材料只能是 PDF 或图片（JPEG、PNG、WebP）。未保存。"),
    )


def team_role(user, team):
    if not (user and user.is_authenticated):
        return None
    return team.memberships.filter(user=user).values_list("role", flat=True).first()


def appealable_round(entry):
    """The round whose published results this entry would appeal: the latest publication that
    lists the entry (a ``RoundResult`` row), or None."""
    publication = (
        models.ResultPublication.objects.filter(round__results__entry=entry)
        .select_related("round__contest")
        .order_by("-published_at", "-pk")
        .first()
    )
    return publication.round if publication else None


def filing_problems(entry, round_, *, user=None, now=None):
    """Why an appeal cannot be filed now (empty when it can). Checks everything but the content."""
    now = now or timezone.now()
    if user is not None and team_role(user, entry.team) not in FILING_ROLES:
        return [_("只有本团队的队长或队员可以提出申诉。")]
    publication = models.ResultPublication.objects.filter(round=round_).first() if round_ else None
    if publication is None or now < publication.published_at:
        return [_("本轮成绩尚未公布，不能提出申诉。")]
    if not models.RoundResult.objects.filter(round=round_, entry=entry).exists():
        return [_("本作品没有参加本轮评审，不能对本轮结果提出申诉。")]
    if models.Appeal.objects.filter(team=entry.team, round=round_).exists():
        return [_("本团队已对本轮结果提出过申诉，每个团队每轮只能申诉一次。")]
    if publication.is_final or now >= publication.notice_ends_at:
        return [
            _("公示期已于 %(time)s 结束，不能再提出申诉。") % {"time": format_beijing_time(publication.notice_ends_at)}
        ]
    return []


def _check_reasons(reasons):
    reasons = (reasons or "").strip()
    if len(reasons) < MIN_REASONS:
        raise ContestError(_("请写明申诉理由（至少 %(min)d 个字）。") % {"min": MIN_REASONS}, code="reasons")
    if len(reasons) > MAX_REASONS:
        raise ContestError(_("申诉理由不能超过 %(max)d 个字。") % {"max": MAX_REASONS}, code="reasons")
    return reasons


def file_appeal(entry, *, user, reasons, files=(), now=None, round_=None):
    """File the team's appeal against ``round_`` (by default the latest round whose published
    results list the entry). Raises ``ContestError`` with nothing saved when refused."""
    now = now or timezone.now()
    round_ = round_ or appealable_round(entry)
    problems = filing_problems(entry, round_, user=user, now=now)
    if problems:
        raise ContestError(problems[0], code="refused")
    reasons = _check_reasons(reasons)
    files = list(files)
    if len(files) > MAX_FILES:
        raise UploadRejected(_("最多上传 %(count)d 个申诉材料。未保存。") % {"count": MAX_FILES}, code="too_many")
    checked = [check_attachment(upload) for upload in files]

    storage = models.AppealAttachment._meta.get_field("file").storage
    stored = []
    try:
        with transaction.atomic():
            # The publication row serialises filings of the round against each other and against finalising.
            models.ResultPublication.objects.select_for_update().get(round=round_)
            problems = filing_problems(entry, round_, user=user, now=now)
            if problems:
                raise ContestError(problems[0], code="refused")
            try:
                with transaction.atomic():
                    appeal = models.Appeal.objects.create(
                        round=round_, team=entry.team, entry=entry, reasons=reasons, filed_by=user, filed_at=now
                    )
            except IntegrityError as exc:
                # A teammate's appeal won the race: the same refusal as the check above.
                raise ContestError(
                    _("本团队已对本轮结果提出过申诉，每个团队每轮只能申诉一次。"), code="refused"
                ) from exc
            for name, fmt, data, size, sha256 in checked:
                attachment = models.AppealAttachment(
                    appeal=appeal, original_name=name, content_type=fmt.content_type, size=size, sha256=sha256
                )
                attachment.file.save("upload", ContentFile(data), save=False)
                stored.append(attachment.file.name)
                attachment.save()
            record(
                "appeal.file",
                appeal,
                actor=user,
                contest=entry.contest,
                after={
                    "round": round_.pk,
                    "team": entry.team_id,
                    "entry": entry.pk,
                    "reasons": reasons,
                    "files": [{"name": c[0], "sha256": c[4], "size": c[3]} for c in checked],
                },
            )

            enqueue("contests.send_appeal_filed", appeal_id=appeal.pk)
    except Exception:
        for name in stored:
            storage.delete(name)
        raise
    return appeal


def _review_snapshot(appeal):
    return {
        "status": appeal.status,
        "review": appeal.review,
        "reviewed_by": appeal.reviewed_by_id,
        "reviewed_at": appeal.reviewed_at,
    }


def review_appeal(appeal, *, actor, upheld, review, now=None):
    """Record the organisers' review of a pending appeal: upheld or rejected, with reasons."""
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以复核申诉。"), code="forbidden")
    review = (review or "").strip()
    if not review:
        raise ContestError(_("请填写复核意见（申诉成立或驳回的理由）。"), code="review")
    now = now or timezone.now()
    with transaction.atomic():
        locked = models.Appeal.objects.select_for_update().select_related("round__contest").get(pk=appeal.pk)
        if locked.status != models.AppealStatus.PENDING:
            raise ContestError(
                _("该申诉已复核（%(status)s），不能再次复核。") % {"status": locked.get_status_display()},
                code="reviewed",
            )
        before = _review_snapshot(locked)
        locked.status = models.AppealStatus.UPHELD if upheld else models.AppealStatus.REJECTED
        locked.review = review
        locked.reviewed_by = actor
        locked.reviewed_at = now
        locked.save(update_fields=["status", "review", "reviewed_by", "reviewed_at"])
        record(
            "appeal.review", locked, actor=actor, contest=locked.round.contest, before=before,
            after=_review_snapshot(locked),
        )  # fmt: skip

        enqueue("contests.send_appeal_reviewed", appeal_id=locked.pk)
    return locked


def appeals_visible_to(user):
    """Organisers see every appeal; a team member (any role) sees their teams' appeals."""
    if is_organiser(user):
        return models.Appeal.objects.all()
    if not (user and user.is_authenticated):
        return models.Appeal.objects.none()
    return models.Appeal.objects.filter(team__memberships__user=user)
