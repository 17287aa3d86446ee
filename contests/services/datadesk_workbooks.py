"""The organiser's data-desk workbooks: the figures (overall, per unit, per resource, the
"最佳数据提供单位" ranking input) and the access log, written synchronously through the contest
exports' one writer (``contests.services.exports.writer``: neutralised text cells, Beijing times,
frozen headers, a cover sheet). Both are small — a contest's units, resources and downloads — so
they are answered at once rather than queued as export jobs."""

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contests.services.datadesk_figures import datadesk_figures, sort_ranking
from contests.services.exports.sheet import DATETIME, DECIMAL1, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.exports.writer import WorkbookWriter


def _decision_columns():
    return [
        Column(_("申请数"), 10, INTEGER),
        Column(_("已审批"), 10, INTEGER),
        Column(_("已批准"), 10, INTEGER),
        Column(_("已驳回"), 10, INTEGER),
        Column(_("待审批"), 10, INTEGER),
        Column(_("逾期未审批"), 12, INTEGER),
        Column(_("批准率（%）"), 12, DECIMAL1),
        Column(_("审批用时中位数（小时）"), 16, DECIMAL1),
        Column(_("审批用时中位数（工作日）"), 16, DECIMAL1),
    ]


def _decision_values(figures):
    return (
        figures.requests,
        figures.decided,
        figures.approved,
        figures.rejected,
        figures.pending,
        figures.overdue,
        figures.approval_rate,
        figures.median_hours,
        figures.median_working_days,
    )


def _sheet(title, columns, rows, note=""):
    return Sheet(title=title, columns=columns, count=lambda: len(rows), rows=lambda: iter(rows), note=note)


def _finish(writer, contest, facts):
    writer.write_cover(
        _("封面"),
        [
            (_("大赛"), contest.name),
            (_("年度"), contest.year),
            *facts,
            (_("生成时间（北京时间）"), timezone.now()),
            (_("说明"), _("以“'”开头的单元格是为防止公式执行而加上的前缀；时间均为北京时间。")),
        ],
        sheet_header=_("工作表"),
        rows_header=_("数据行数"),
        sheet_note_header=_("备注"),
    )
    buffer = io.BytesIO()
    writer.save(buffer)
    return buffer.getvalue()


def _write(contest, specs, facts):
    writer = WorkbookWriter()
    try:
        for spec in specs:
            writer.write_sheet(spec)
        return _finish(writer, contest, facts)
    except BaseException:
        writer.discard()
        raise


def figures_workbook(contest, *, ranking_sort=None):
    """The figures page as a workbook (bytes)."""
    with translation.override(settings.LANGUAGE_CODE):
        figures = datadesk_figures(contest)
        ranking, _sort = sort_ranking(figures.ranking, ranking_sort)
        definitions = _(
            "已审批：已批准、已驳回、已撤销或已到期的申请（撤销、到期的申请此前已获批准）；批准率 = 已批准 ÷ 已审批；"
            "审批用时自提出申请至作出决定，工作日按北京时间日期计算，不含申请当天。"
        )
        specs = [
            _sheet(_("总体"), _decision_columns(), [_decision_values(figures.overall)], definitions),
            _sheet(
                _("各出题单位"),
                [Column(_("出题单位"), 28, TEXT), *_decision_columns()],
                [(row.unit.name, *_decision_values(row.figures)) for row in figures.units],
            ),
            _sheet(
                _("各数据资源"),
                [
                    Column(_("数据资源"), 28, TEXT),
                    Column(_("提供单位"), 28, LABEL),
                    *_decision_columns(),
                    Column(_("下载次数"), 10, INTEGER),
                    Column(_("下载量（字节）"), 14, INTEGER),
                ],
                [
                    (
                        row.resource.name,
                        "、".join(unit.name for unit in row.units),
                        *_decision_values(row.figures),
                        row.downloads,
                        row.downloaded_bytes,
                    )
                    for row in figures.resources
                ],
            ),
            _sheet(
                _("最佳数据提供单位评选参考"),
                [
                    Column(_("出题单位"), 28, TEXT),
                    Column(_("已审批"), 10, INTEGER),
                    Column(_("批准率（%）"), 12, DECIMAL1),
                    Column(_("审批用时中位数（小时）"), 16, DECIMAL1),
                    Column(_("审批用时中位数（工作日）"), 16, DECIMAL1),
                    Column(_("提供数据资源数"), 14, INTEGER),
                    Column(_("获奖作品使用的数据资源数"), 18, INTEGER),
                    Column(_("收到数据质量问题"), 14, INTEGER),
                    Column(_("已答复数据质量问题"), 14, INTEGER),
                    Column(_("答复用时中位数（小时）"), 16, DECIMAL1),
                ],
                [
                    (
                        row.unit.name,
                        row.decided,
                        row.approval_rate,
                        row.median_hours,
                        row.median_working_days,
                        row.resources_offered,
                        row.resources_used,
                        row.findings_received,
                        row.findings_responded,
                        row.median_response_hours,
                    )
                    for row in ranking
                ],
                _("获奖作品：在本届大赛获奖（未撤销）的作品；数据质量问题按数据资源的责任单位统计。"),
            ),
        ]
        return _write(contest, specs, [(_("导出内容"), _("数据服务统计"))])


def access_log_workbook(contest, downloads, *, filters_text=""):
    """The access log (``downloads``: a queryset from ``access_log``) as a workbook (bytes)."""

    def row(download):
        offer = download.request.offer
        return (
            download.downloaded_at,
            download.user.get_full_name(),
            download.user.email,
            download.request.team.name,
            offer.challenge.unit.name,
            offer.challenge.title,
            offer.resource.name,
            download.file.original_name,
            download.size,
            download.ip_address,
        )

    with translation.override(settings.LANGUAGE_CODE):
        spec = Sheet(
            title=_("数据下载记录"),
            count=downloads.count,
            # Streamed in chunks: a long log is never held in memory whole.
            rows=lambda: (row(download) for download in downloads.iterator(chunk_size=1000)),
            columns=[
                Column(_("下载时间"), 18, DATETIME),
                Column(_("下载人"), 14, TEXT),
                Column(_("电子邮箱"), 24, TEXT),
                Column(_("团队"), 20, TEXT),
                Column(_("出题单位"), 24, TEXT),
                Column(_("赛题"), 24, TEXT),
                Column(_("数据资源"), 24, TEXT),
                Column(_("文件"), 28, TEXT),
                Column(_("大小（字节）"), 14, INTEGER),
                Column(_("IP 地址"), 16, TEXT),
            ],
        )
        facts = [(_("导出内容"), _("数据下载记录")), (_("筛选条件"), filters_text or _("无"))]
        return _write(contest, [spec], facts)
