"""The entries sheet: one row per entry with every field, its team, files and data resources."""

import uuid

from django.db.models import Case, OuterRef, Subquery, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from cms.links import absolute_url
from contests.choices import EntryStatus, FileKind, IneligibilityReason, OrganisationType, RoundKind, TeamRole
from contests.services.exports.sheet import (
    CHOICE,
    DATETIME,
    LABEL,
    TEXT,
    Column,
    Grouped,
    Sheet,
)
from contests.services.judging.judges import blind_code

CHUNK = 2000
# Files are served through the portal's permission-checked view, never by a direct link.
FILE_URL_NAME = "contests:entry_file_download"


def file_link_builder():
    """A function (entry uuid, file id) → absolute download URL, or None while no such view exists.

    The URL is reversed once with sentinel values and filled in per file: reversing per file would
    cost more than writing the cell.
    """
    sentinel_uuid, sentinel_id = uuid.UUID(int=0x5E17), 987_654_321
    try:
        template = reverse(FILE_URL_NAME, kwargs={"uuid": sentinel_uuid, "file_id": sentinel_id})
    except NoReverseMatch:
        return None
    template = absolute_url(template)
    template = template.replace(str(sentinel_uuid), "{uuid}").replace(str(sentinel_id), "{file_id}")
    return lambda entry_uuid, file_id: template.format(uuid=entry_uuid, file_id=file_id)


def columns():
    return [
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("赛道"), 18, TEXT),
        Column(_("状态"), 14, CHOICE, tuple(EntryStatus.choices)),
        Column(_("当前轮次"), 10, CHOICE, tuple(RoundKind.choices)),
        Column(_("团队"), 20, TEXT),
        Column(_("所属单位"), 24, TEXT),
        Column(_("单位类型"), 14, CHOICE, tuple(OrganisationType.choices)),
        Column(_("所在城市"), 10, TEXT),
        Column(_("队长"), 10, TEXT),
        Column(_("队长邮箱"), 26, TEXT),
        Column(_("队长手机"), 14, TEXT),
        Column(_("作品摘要"), 40, TEXT),
        Column(_("拟解决的问题"), 40, TEXT),
        Column(_("技术路线与实施方案"), 40, TEXT),
        Column(_("预期效益"), 40, TEXT),
        Column(_("演示视频链接"), 30, TEXT),
        Column(_("最近提交时间"), 17, DATETIME),
        Column(_("形式审查不通过原因"), 18, CHOICE, tuple(IneligibilityReason.choices)),
        Column(_("形式审查说明"), 30, TEXT),
        Column(_("创建时间"), 17, DATETIME),
        Column(_("更新时间"), 17, DATETIME),
        Column(_("使用的数据资源"), 30, LABEL),
        Column(_("方案书"), 26, LABEL),
        Column(_("附件与图片"), 30, LABEL),
        Column(_("文件链接"), 50, LABEL),
    ]


def _leader(field):
    from contests.models import TeamMembership

    return Subquery(
        TeamMembership.objects.filter(team=OuterRef("team"), role=TeamRole.LEADER).values(f"user__{field}")[:1]
    )


def _rows(ctx):
    from contests.models import Entry, EntryFile

    entries = ctx.entries()
    base = (
        entries.annotate(leader_name=_leader("real_name"), leader_email=_leader("email"), leader_phone=_leader("phone"))
        .order_by("id")
        .values_list(
            "id",
            "uuid",
            "title",
            "track__name",
            "status",
            "current_round__kind",
            "team__name",
            "team__organisation",
            "team__organisation_type",
            "team__city__name",
            "leader_name",
            "leader_email",
            "leader_phone",
            "abstract",
            "problem",
            "approach",
            "expected_benefits",
            "video_url",
            "submitted_at",
            "eligibility_reason",
            "eligibility_note",
            "created_at",
            "updated_at",
            "track_id",
            "extra",
        )
    )
    ids = entries.values("id")
    resources = Grouped(
        Entry.data_resources.through.objects.filter(entry_id__in=ids)
        .order_by("entry_id", "dataresource__name")
        .values_list("entry_id", "dataresource__name")
        .iterator(chunk_size=CHUNK)
    )
    files = Grouped(
        (entry_id, (kind, name, pk, entry_uuid))
        for entry_id, kind, name, pk, entry_uuid in EntryFile.objects.filter(entry_id__in=ids, removed_at__isnull=True)
        .annotate(proposal_first=Case(When(kind=FileKind.PROPOSAL, then=Value(0)), default=Value(1)))
        .order_by("entry_id", "proposal_first", "id")
        .values_list("entry_id", "kind", "original_name", "id", "entry__uuid")
        .iterator(chunk_size=CHUNK)
    )
    field_files = Grouped(
        (entry_id, (key, name))
        for entry_id, key, name in EntryFile.objects.filter(entry_id__in=ids, removed_at__isnull=True)
        .exclude(field_key="")
        .order_by("entry_id", "id")
        .values_list("entry_id", "field_key", "original_name")
        .iterator(chunk_size=CHUNK)
    )
    questions = ctx_questions(ctx)
    link = file_link_builder()
    for entry_id, entry_uuid, *row, track_id, extra in base.iterator(chunk_size=CHUNK):
        entry_files = files.take(entry_id)
        answer_files = field_files.take(entry_id)
        # The code organisers see on every admin page (作品编号), not the database id.
        yield (
            blind_code(entry_uuid),
            *row,
            "、".join(resources.take(entry_id)),
            "\n".join(name for kind, name, _pk, _uuid in entry_files if kind == FileKind.PROPOSAL),
            "\n".join(name for kind, name, _pk, _uuid in entry_files if kind != FileKind.PROPOSAL),
            "\n".join(link(entry_uuid, pk) for _kind, _name, pk, entry_uuid in entry_files) if link else None,
            *answer_cells(questions, extra or {}, answer_files, track_id),
        )


def ctx_questions(ctx):
    """The contest's configured questions (作品表单字段), one column each, in form order; switched-off
    ones too (their saved answers are kept, so the export keeps showing them)."""
    from contests.models import EntryFormField
    from contests.services.entry_forms import sort_key

    questions = EntryFormField.objects.filter(contest=ctx.contest).select_related("track", "round")
    return sorted(questions, key=lambda question: (not question.active, *sort_key(question)))


def question_header(question):
    """「试点单位（数字社会）」: two tracks' questions may share a label; the scope tells them apart."""
    scope = [question.track.name] if question.track_id else []
    if question.round_id:
        scope.append(_("%(round)s补充材料") % {"round": question.round.get_kind_display()})
    if not question.active:
        scope.append(_("已停用"))
    return f"{question.label}（{'，'.join(str(part) for part in scope)}）" if scope else question.label


def question_columns(questions):
    return [Column(question_header(question), 24, TEXT) for question in questions]


def answer_cells(questions, extra, answer_files, track_id):
    """The answers a team sees on its entry: a question of another track (the team changed track)
    or one hidden by its condition leaves its cell blank, though its answer is kept."""
    from contests.services.entry_forms import FieldKind, display_value, is_shown

    cells = []
    for question in questions:
        if question.track_id not in (None, track_id) or not is_shown(question, extra):
            cells.append(None)
        elif question.kind == FieldKind.FILE:
            cells.append("\n".join(name for key, name in answer_files if key == question.key) or None)
        else:
            cells.append(display_value(extra.get(question.key)) or None)
    return cells


def sheets(ctx):
    return [
        Sheet(
            title=_("作品"),
            columns=columns() + question_columns(ctx_questions(ctx)),
            count=lambda: ctx.entries().count(),
            rows=lambda: _rows(ctx),
        )
    ]
