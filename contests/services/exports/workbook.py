"""Assembling a workbook: which sheets an export kind has, counting, writing, the cover sheet."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from contests.services.exports import adoption, appeals, entries, judges, loop, participants, results, scores
from contests.services.exports.writer import PROGRESS_EVERY, ProgressCounter, WorkbookWriter

# Kind → sheet module, in the order "all" writes them.
SHEET_MODULES = {
    "entries": entries,
    "participants": participants,
    "scores": scores,
    "results": results,
    "judges": judges,
    "appeals": appeals,
}
KINDS = (*SHEET_MODULES, "all")
# Sheets only the "all" workbook writes, after the others (no export kind of their own yet: a kind is
# a choice of ExportJob.kind). The loop's 需求与赛题, 数据申请, 下载记录 and 数据质量问题; 落地里程碑.
ALL_ONLY_MODULES = (loop, adoption)


@dataclass
class BuildResult:
    row_counts: dict  # sheet title → data rows written
    total_rows: int
    placeholders: list  # titles of sheets whose data does not exist yet


def sheets_for(kind, ctx):
    modules = [*SHEET_MODULES.values(), *ALL_ONLY_MODULES] if kind == "all" else [SHEET_MODULES[kind]]
    return [sheet for module in modules for sheet in module.sheets(ctx)]


def kind_label(kind):
    from contests.models.exports import ExportKind

    return str(ExportKind(kind).label)


def default_filename(ctx, kind):
    """The name the download offers: 大赛名-导出内容-年月日-时分.xlsx (Beijing time)."""
    from contests.services.exports.cells import to_local_naive

    stamp = to_local_naive(ctx.generated_at).strftime("%Y%m%d-%H%M")
    name = f"{ctx.contest.name}-{kind_label(kind)}-{stamp}.xlsx"
    return "".join("_" if c in '\\/:*?"<>|\r\n\t' else c for c in name)


def build_workbook(ctx, kind, path, *, on_total=None, on_progress=None, progress_every=PROGRESS_EVERY):
    """Write the workbook of ``kind`` for ``ctx`` to ``path``; return a ``BuildResult``.

    ``on_total(n)`` is called once with the number of data rows (COUNT queries, before writing);
    ``on_progress(done)`` at most once every ``progress_every`` rows.
    """
    with translation.override(settings.LANGUAGE_CODE):
        specs = sheets_for(kind, ctx)
        total = sum(spec.count() for spec in specs)
        if on_total is not None:
            on_total(total)
        writer = WorkbookWriter(progress=ProgressCounter(on_progress, every=progress_every))
        try:
            _write(writer, ctx, kind, specs, path)
        except BaseException:
            writer.discard()
            raise
    written = {title: count for title, count, _note in writer.written}
    return BuildResult(
        row_counts=written,
        total_rows=sum(written.values()),
        placeholders=[str(spec.title) for spec in specs if spec.placeholder],
    )


def _write(writer, ctx, kind, specs, path):
    for spec in specs:
        writer.write_sheet(spec)
    requested_by = ctx.requested_by
    writer.write_cover(
        _("封面"),
        [
            (_("大赛"), ctx.contest.name),
            (_("年度"), ctx.contest.year),
            (_("导出内容"), kind_label(kind)),
            (_("评审轮次"), str(ctx.round) if ctx.round else _("全部轮次")),
            (_("筛选条件"), ctx.describe_filters()),
            (_("生成时间（北京时间）"), ctx.generated_at),
            (_("生成人"), (requested_by.get_full_name() if requested_by else _("命令行"))),
            (_("说明"), _("以“'”开头的单元格是为防止公式执行而加上的前缀；时间均为北京时间。")),
        ],
        sheet_header=_("工作表"),
        rows_header=_("数据行数"),
        sheet_note_header=_("备注"),
    )
    writer.save(path)
