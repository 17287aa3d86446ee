"""What the division manager's workspace (/division/…) shows: the dashboard's counts, the team and
entry lists, and the division's workbook. Everything is taken from the ``*_in_division`` querysets
(``contests.services.divisions``), so nothing of another city appears — and every list selects
and annotates what it shows, so its query count does not grow with the division's size."""

import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.choices import EntryStatus, TeamRole
from contests.models.judging import JudgeStatus
from contests.services.divisions import entries_in_division, judges_in_division, teams_in_division
from contests.services.entry_forms import FieldKind, contest_fields
from contests.services.exports.entries import answer_cells, question_columns
from contests.services.exports.sheet import DATETIME, DECIMAL2, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.exports.writer import WorkbookWriter


@dataclass(frozen=True)
class DivisionFigures:
    teams: int
    members: int
    entries: int
    entries_by_status: list  # (label, count) in EntryStatus order, every status
    judges: int
    quota: int
    track_quotas: list  # DivisionTrackQuota rows with their tracks


def figures(division):
    """The dashboard's counts: a fixed handful of queries whatever the division's size."""
    from contests.models import TeamMembership

    by_status = dict(
        entries_in_division(division)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    track_quotas = list(division.track_quotas.select_related("track").order_by("track__sort_order", "track_id"))
    return DivisionFigures(
        teams=teams_in_division(division).count(),
        members=TeamMembership.objects.filter(team__division=division).count(),
        entries=sum(by_status.values()),
        entries_by_status=[(status.label, by_status.get(status.value, 0)) for status in EntryStatus],
        # Judges who accepted (as the rounds page and the province dashboard count them).
        judges=judges_in_division(division).filter(status=JudgeStatus.ACTIVE).count(),
        # With quotas per track the division sends their sum (as its advancement cuts), not ``quota``.
        quota=sum(q.quota for q in track_quotas) if track_quotas else division.quota,
        track_quotas=track_quotas,
    )


def _leader(field):
    from contests.models import TeamMembership

    leader = TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.LEADER)
    return Subquery(leader.values(f"user__{field}")[:1])


def team_rows(division, search=""):
    """The division's teams with their counts and leader, for the list and the export."""
    teams = teams_in_division(division).select_related("city")
    search = (search or "").strip()
    if search:
        teams = teams.filter(Q(name__icontains=search) | Q(organisation__icontains=search))
    return teams.annotate(
        member_count=Count("memberships", distinct=True),
        entry_count=Count("entries", distinct=True),
        leader_name=_leader("real_name"),
        leader_email=_leader("email"),
    ).order_by("name", "pk")


def entry_rows(division, *, status="", search=""):
    entries = entries_in_division(division).select_related("team", "track", "eligibility_reviewed_by")
    if status in EntryStatus.values:
        entries = entries.filter(status=status)
    search = (search or "").strip()
    if search:
        entries = entries.filter(Q(title__icontains=search) | Q(team__name__icontains=search))
    return entries.annotate(file_count=Count("files", filter=Q(files__removed_at__isnull=True))).order_by(
        "track__sort_order", "track_id", "title", "pk"
    )


def team_columns():
    return [
        Column(_("团队"), 24, TEXT),
        Column(_("单位"), 24, TEXT),
        Column(_("所在城市"), 10, TEXT),
        Column(_("队长"), 12, TEXT),
        Column(_("队长邮箱"), 24, TEXT),
        Column(_("人数"), 8, INTEGER),
        Column(_("作品数"), 8, INTEGER),
        Column(_("单位确认"), 10, LABEL),
    ]


def _team_values(division):
    for team in team_rows(division).iterator(chunk_size=500):
        yield (
            team.name,
            team.organisation,
            team.city.name if team.city else "",
            team.leader_name,
            team.leader_email,
            team.member_count,
            team.entry_count,
            team.get_vetting_status_display(),
        )


def entry_columns():
    return [
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 24, TEXT),
        Column(_("赛道"), 16, TEXT),
        Column(_("状态"), 12, LABEL),
        Column(_("提交时间"), 18, DATETIME),
        Column(_("形式审查结论"), 14, LABEL),
        Column(_("不通过原因"), 16, LABEL),
        Column(_("审查说明"), 30, TEXT),
        Column(_("审查人"), 12, TEXT),
        Column(_("审查时间"), 18, DATETIME),
    ]


def _answer_files(division, questions):
    """{entry_id: [(field key, file name), …]} of the division's answer files, in one query."""
    from contests.models import EntryFile

    by_entry = defaultdict(list)
    if any(question.kind == FieldKind.FILE for question in questions):
        for entry_id, key, name in (
            EntryFile.objects.filter(entry__team__division=division, removed_at__isnull=True)
            .exclude(field_key="")
            .order_by("entry_id", "pk")
            .values_list("entry_id", "field_key", "original_name")
        ):
            by_entry[entry_id].append((key, name))
    return by_entry


def _entry_values(division, questions):
    verdicts = {EntryStatus.ELIGIBLE: _("通过"), EntryStatus.INELIGIBLE: _("不通过")}
    answer_files = _answer_files(division, questions)
    for entry in entry_rows(division).iterator(chunk_size=500):
        reviewer = entry.eligibility_reviewed_by
        yield (
            entry.title,
            entry.team.name,
            entry.track.name,
            entry.get_status_display(),
            entry.submitted_at,
            str(verdicts.get(entry.status, "")),
            entry.get_eligibility_reason_display() if entry.eligibility_reason else "",
            entry.eligibility_note,
            (reviewer.real_name or reviewer.email) if reviewer else "",
            entry.eligibility_reviewed_at,
            # The contest's configured questions (作品表单字段), one column each, as in the organisers' export.
            *answer_cells(questions, entry.extra or {}, answer_files.get(entry.pk, []), entry.track_id),
        )


def result_columns():
    return [
        Column(_("轮次"), 10, LABEL),
        Column(_("赛道"), 16, TEXT),
        Column(_("排名"), 8, INTEGER),
        Column(_("作品编号"), 12, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 24, TEXT),
        Column(_("排名得分"), 10, DECIMAL2),
        Column(_("已提交评委数"), 10, INTEGER),
        Column(_("分配评委数"), 10, INTEGER),
        Column(_("评分分歧"), 8, LABEL),
        Column(_("晋级"), 8, LABEL),
    ]


def _results(division):
    from contests.models import RoundResult

    return RoundResult.objects.filter(division=division, round__divisional=True)


def _result_values(division):
    """The division's leaderboards of its first rounds (as on its 排行榜 pages), with whether each
    entry advanced once the division confirmed its cut (blank before)."""
    from contests.models import DivisionAdvancement
    from contests.services.judging.judges import blind_code

    advanced = {
        round_id: set(ids)
        for round_id, ids in DivisionAdvancement.objects.filter(division=division).values_list(
            "round_id", "advanced_entry_ids"
        )
    }
    results = (
        _results(division)
        .select_related("round", "track", "entry__team")
        .order_by("round__number", "track__sort_order", "track_id", F("rank").asc(nulls_last=True), "entry_id")
    )
    for result in results.iterator(chunk_size=500):
        decided = advanced.get(result.round_id)
        yield (
            result.round.get_kind_display(),
            result.track.name,
            result.rank,
            blind_code(result.entry),
            result.entry.title,
            result.entry.team.name,
            result.score,
            result.judges_scored,
            result.judges_assigned,
            str(_("是")) if result.disagreement else "",
            "" if decided is None else str(_("是") if result.entry_id in decided else _("否")),
        )


def division_workbook(division):
    """The division's teams, entries (with their eligibility review) and first-round results as xlsx bytes."""
    teams = teams_in_division(division)
    entries = entries_in_division(division)
    writer = WorkbookWriter()
    writer.write_sheet(Sheet(_("团队"), team_columns(), teams.count, lambda: _team_values(division)))
    questions = contest_fields(division.contest)
    writer.write_sheet(
        Sheet(
            _("作品与形式审查"),
            entry_columns() + question_columns(questions),
            entries.count,
            lambda: _entry_values(division, questions),
        )
    )
    writer.write_sheet(
        Sheet(_("初赛成绩"), result_columns(), _results(division).count, lambda: _result_values(division))
    )
    writer.write_cover(
        _("分赛区导出"),
        [
            (_("大赛"), division.contest.name),
            (_("分赛区"), division.name),
            (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ],
        sheet_header=_("工作表"),
        rows_header=_("行数"),
        sheet_note_header=_("说明"),
    )
    buffer = io.BytesIO()
    writer.save(buffer)
    return buffer.getvalue()


def export_filename(division):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{division.contest.slug}-{division.name}-{stamp}.xlsx", f"division-{division.slug}-{stamp}.xlsx"
