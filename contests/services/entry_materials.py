"""Finalist materials (决赛补充材料): the configured questions of a later round, asked of an entry once
it has advanced to that round, answerable until the round opens (``Round.opens_at``, server-checked).

The entry is no longer a draft by then, so these answers are saved here rather than by
``save_draft``, under the same optimistic lock (``Entry.version``): a save names the version it
started from and is refused if someone saved in between; every save keeps its content
(``EntryDraftVersion``) and is audited.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.services import ContestError
from contests.services.audit import record
from contests.services.entries import content_of
from contests.services.entry_forms import (
    FieldKind,
    display_value,
    field_files,
    fields_for,
    is_shown,
    missing_answers,
    validate_answers,
)


class MaterialsClosed(ContestError):
    """The round's materials can no longer be changed (or were never asked of this entry)."""


@dataclass
class RoundMaterials:
    round: object
    fields: list
    missing: list
    is_open: bool
    # (question, shown value, its files) for the questions shown by their condition: what the team
    # handed in, readable on the entry page after the deadline too.
    answers: list = field(default_factory=list)


def pending_materials(entry, now=None):
    """One ``RoundMaterials`` per later round whose questions the entry has been asked."""
    now = now or timezone.now()
    by_round = {}
    for question in fields_for(entry):
        if question.round_id:
            by_round.setdefault(question.round, []).append(question)
    if not by_round:
        return []
    saved = entry.extra or {}
    files = field_files(entry)
    return [
        RoundMaterials(
            round_,
            questions,
            missing_answers(entry, questions),
            now < round_.opens_at,
            [
                (question, display_value(saved.get(question.key)), files.get(question.key, []))
                for question in questions
                if is_shown(question, saved)
            ],
        )
        for round_, questions in sorted(by_round.items(), key=lambda item: item[0].number)
    ]


def require_materials_open(entry, round_, now=None):
    """Raise unless the entry has reached ``round_`` and the round has not opened yet."""
    now = now or timezone.now()
    if not fields_for(entry, round_):
        raise MaterialsClosed(_("该作品没有需要补充的材料。"), code="not_asked")
    if now >= round_.opens_at:
        raise MaterialsClosed(_("补充材料已于该轮评审开始时截止，不能再修改。"), code="deadline")


def save_round_answers(entry, user, round_, data, *, base_version, now=None):
    """Validate and save the answers to ``round_``'s questions; return ``(version, errors)``.

    Nothing is saved when ``errors`` is not empty. Answers may be incomplete until the deadline.
    """
    now = now or timezone.now()
    fields = [f for f in fields_for(entry, round_) if f.kind != FieldKind.FILE]
    answers, errors = validate_answers(entry, data, fields=fields, partial=True)
    if errors:
        return None, errors
    with transaction.atomic():
        current = models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry.pk)
        require_materials_open(current, round_, now)
        if current.version != base_version:
            raise ContestError(
                _("保存失败：在你编辑期间，其他成员已保存了新的内容。请刷新页面核对后再保存。"), code="stale"
            )
        asked = {f.key for f in fields}
        extra = {key: value for key, value in (current.extra or {}).items() if key not in asked} | answers
        updated = models.Entry.objects.filter(pk=current.pk, version=base_version).update(
            extra=extra, version=F("version") + 1, updated_by=user, updated_at=now
        )
        if not updated:
            raise ContestError(_("保存失败：作品刚刚被其他成员修改，请刷新页面核对后再保存。"), code="stale")
        current.extra, current.version = extra, base_version + 1
        models.EntryDraftVersion.objects.create(
            entry=current, version=current.version, data=content_of(current), saved_by=user, saved_at=now
        )
        record("entry.save_materials", current, actor=user, after={"round": round_.pk, "version": current.version})
    return current.version, {}
