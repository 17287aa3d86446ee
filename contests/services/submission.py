"""Submitting, withdrawing and the receipt.

* The deadline is checked on the server against its own clock: a submission is accepted while
  ``now < Contest.submission_deadline`` — one second before is in time, the deadline itself is late.
* Submitting freezes an immutable ``EntryRevision`` (all fields, data resources, files with their
  SHA-256, who and when, a receipt code). The entry row is locked (``select_for_update``) and the
  ``(entry, entry_version)`` unique constraint is the last line: a doubled or retried submit of the
  same version returns the existing revision instead of creating a second one.
* Withdrawing returns the entry to draft and bumps its version, so a resubmission is a new revision.
* The receipt is e-mailed to every team member by a Celery task enqueued after the commit.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.formats import datetime_with_seconds
from cms.tasks import enqueue
from contests import models
from contests.choices import EntryStatus, FileKind
from contests.services import ContestError
from contests.services.audit import record
from contests.services.entries import TEXT_FIELDS, EntryLocked, content_of, require_team_can_write
from contests.services.entry_forms import answers_snapshot, missing_answers
from contests.services.needs_loop import need_answered

# Must be filled in before submitting (the video link and data resources are optional).
REQUIRED_TEXT_FIELDS = ("title", "abstract", "problem", "approach", "expected_benefits")


class IncompleteEntry(ContestError):
    def __init__(self, problems):
        super().__init__(_("作品还不能提交，请先补全：") + "；".join(problems), code="incomplete")
        self.problems = problems


def format_beijing_time(moment):
    """ "2026年6月30日 17:00:00（北京时间）" — deadlines and receipts are always shown in Asia/Shanghai,
    in the active language ("30 June 2026, 17:00:00 (Beijing time)" in English)."""
    local = timezone.localtime(moment, timezone=_shanghai())
    return _("%(date)s（北京时间）") % {"date": datetime_with_seconds(local)}


def _shanghai():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def missing_requirements(entry):
    """What is still missing before ``entry`` can be submitted, as messages (empty when complete)."""
    from contests.services.identity import team_identity_problems
    from contests.services.teams import team_size_problems

    problems = []
    for name in REQUIRED_TEXT_FIELDS:
        if not str(getattr(entry, name) or "").strip():
            problems.append(_("填写“%(field)s”") % {"field": entry._meta.get_field(name).verbose_name})
    if not entry.files.filter(kind=FileKind.PROPOSAL, removed_at__isnull=True).exists():
        problems.append(_("上传方案书（PDF）"))
    # The contest's configured questions asked at submission (补充信息).
    problems.extend(missing_answers(entry))
    problems.extend(team_size_problems(entry.team))
    problems.extend(team_identity_problems(entry.team))  # real names (实名), when the contest requires them
    return problems


def snapshot_of(entry, user, now):
    files = entry.files.filter(removed_at__isnull=True).order_by("kind", "uploaded_at", "pk")
    return {
        "entry_uuid": str(entry.uuid),
        "entry_version": entry.version,
        "contest": {"id": entry.contest_id, "name": entry.contest.name},
        "team": {"id": entry.team_id, "name": entry.team.name},
        "track": {"id": entry.track_id, "name": entry.track.name},
        # The 赛题 answered (揭榜), or None for a track without challenges.
        "challenge": (
            {"id": entry.challenge_id, "title": entry.challenge.title, "unit": entry.challenge.unit.name}
            if entry.challenge_id
            else None
        ),
        "fields": {name: getattr(entry, name) for name in TEXT_FIELDS},  # content_of's, without its M2M read
        "data_resources": [
            {"id": r.pk, "name": r.name, "department": r.department}
            for r in entry.data_resources.order_by("name", "pk")
        ],
        "files": [
            {
                "id": f.pk,
                "kind": f.kind,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                **({"field_key": f.field_key} if f.field_key else {}),
            }
            for f in files
        ],
        # The configured questions' labels and answers (file answers with their SHA-256).
        "answers": answers_snapshot(entry),
        "submitted_by": {"id": user.pk, "name": str(user), "email": user.email},
        "submitted_at": now.isoformat(),
    }


def _receipt_code(entry):
    return f"SY{entry.contest.year}-{secrets.token_hex(5).upper()}"


def submit_entry(entry, user, *, expected_version=None, now=None):
    """Submit the draft; return ``(revision, created)``. ``created`` is False for a repeat.

    ``expected_version`` is the version the user was looking at: a newer draft is not submitted
    behind their back.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            models.Entry.objects.select_for_update(of=("self",))
            .select_related("contest", "team", "track", "challenge__unit")
            .get(pk=entry.pk)
        )
        current.team.contest = current.contest  # the same row (team size limits): not read twice
        if not current.contest.submission_is_open(now):
            raise EntryLocked(
                _("提交失败：作品提交已于 %(deadline)s 截止。")
                % {"deadline": format_beijing_time(current.contest.submission_deadline)},
                code="deadline",
            )
        if current.status == EntryStatus.SUBMITTED and expected_version in (None, current.version):
            existing = current.revisions.filter(entry_version=current.version).first()
            if existing is not None:
                return existing, False
        require_team_can_write(current, now=now)
        if expected_version is not None and expected_version != current.version:
            raise ContestError(_("作品内容在你打开页面后已被其他成员修改，请查看最新内容后再提交。"), code="stale")
        problems = missing_requirements(current)
        if problems:
            raise IncompleteEntry(problems)
        number = (current.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                revision = models.EntryRevision.objects.create(
                    entry=current,
                    number=number,
                    entry_version=current.version,
                    snapshot=snapshot_of(current, user, now),
                    submitted_by=user,
                    submitted_at=now,
                    receipt_code=_receipt_code(current),
                )
        except IntegrityError:
            # Another request submitted this very version first: that revision is the answer.
            return models.EntryRevision.objects.get(entry=current, entry_version=current.version), False
        models.Entry.objects.filter(pk=current.pk).update(status=EntryStatus.SUBMITTED, submitted_at=now)
        record("entry.submit", current, actor=user, after={"revision": number, "receipt_code": revision.receipt_code})
        # The need behind the 赛题 has been answered (揭榜).
        need_answered(current)

        enqueue("contests.send_submission_receipt", entry_revision_id=revision.pk)
    return revision, True


def withdraw_entry(entry, user, *, now=None):
    """Return a submitted entry to draft (until the deadline); its revisions stay."""
    now = now or timezone.now()
    with transaction.atomic():
        current = models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry.pk)
        require_team_can_write(current, now=now, drafts_only=False)
        if current.status != EntryStatus.SUBMITTED:
            raise EntryLocked(_("只有已提交、尚未审查的作品可以撤回。"), code="not_submitted")
        new_version = current.version + 1
        models.Entry.objects.filter(pk=current.pk).update(
            status=EntryStatus.DRAFT, version=new_version, updated_by=user, updated_at=now
        )
        models.EntryDraftVersion.objects.create(
            entry=current, version=new_version, data=content_of(current), saved_by=user, saved_at=now
        )
        record("entry.withdraw", current, actor=user, after={"version": new_version})
    return new_version


def receipt_files(revision):
    """The revision's file list with each kind's label, for the receipt page and e-mail."""
    labels = dict(FileKind.choices)
    return [{**f, "kind_label": labels.get(f["kind"], f["kind"])} for f in revision.snapshot["files"]]


def send_receipt(revision):
    """E-mail the receipt of ``revision`` to every member of the team (one message each)."""
    from contests.services.mail.teams import send_to_team

    entry = revision.entry
    send_to_team(
        entry.team,
        "contests/emails/receipt",
        {
            "revision": revision,
            "entry": entry,
            "snapshot": revision.snapshot,
            "files": receipt_files(revision),
            "submitted_at": format_beijing_time(revision.submitted_at),
        },
    )
