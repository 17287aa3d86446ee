"""The impact dashboard's table as a download: CSV (the per-winner rows) or XLSX (the summary per
contest, year, track, city and domain, then the per-winner rows), with the dashboard's filters.

Built from ``contests.services.impact.impact`` (constant queries); cells go through the export
converters (``contests.services.exports.cells``), so a title starting with ``=`` stays text. The
organiser's version adds the unconfirmed milestones column; the public one never has it.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.http import attachment
from contests.services.exports.cells import neutralise
from contests.services.exports.sheet import DECIMAL2, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.exports.writer import WorkbookWriter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def impact_download(result, fmt, basename):
    """The table as a CSV or XLSX attachment named ``basename-<time>.<fmt>``."""
    content = impact_csv(result) if fmt == "csv" else impact_xlsx(result)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = attachment(f"{basename}-{stamp}.{fmt}", fallback=f"impact-{stamp}.{fmt}")
    return response


def winner_columns(with_unconfirmed):
    columns = [
        Column(_("大赛"), 26, TEXT),
        Column(_("年度"), 8, INTEGER),
        Column(_("赛道"), 18, TEXT),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("最高奖项等级"), 10, LABEL),
        Column(_("所获奖项"), 20, TEXT),
        Column(_("应用领域"), 20, TEXT),
        Column(_("落地城市"), 20, TEXT),
        Column(_("已上线城市"), 20, TEXT),
        Column(_("已确认试点数"), 10, INTEGER),
        Column(_("已确认上线数"), 10, INTEGER),
        Column(_("首次上线日期"), 12, TEXT),
        Column(_("服务人次/用户数"), 12, INTEGER),
        Column(_("投资或资金（万元）"), 12, DECIMAL2),
    ]
    if with_unconfirmed:
        columns.append(Column(_("待确认里程碑"), 10, INTEGER))
    return columns


def winner_rows(result):
    for w in result.winners:
        row = (
            w.contest_name,
            w.year,
            w.track_name,
            w.title,
            w.team,
            w.level_label,
            "、".join(w.award_names),
            "、".join(d.name for d in w.domains),
            "、".join(w.cities.values()),
            "、".join(w.live_cities.values()),
            w.pilots,
            w.go_lives,
            w.first_go_live.isoformat() if w.first_go_live else "",
            w.beneficiaries,
            w.investment,
        )
        yield (*row, w.unconfirmed) if result.with_unconfirmed else row


def summary_columns(with_unconfirmed):
    columns = [
        Column(_("维度"), 10, LABEL),
        Column(_("名称"), 30, TEXT),
        Column(_("获奖作品"), 10, INTEGER),
        Column(_("已上线作品"), 10, INTEGER),
        Column(_("落地率"), 10, "0.0%"),
        Column(_("已确认试点"), 10, INTEGER),
        Column(_("已确认上线"), 10, INTEGER),
        Column(_("服务人次/用户数"), 12, INTEGER),
        Column(_("投资或资金（万元）"), 12, DECIMAL2),
    ]
    if with_unconfirmed:
        columns.append(Column(_("待确认里程碑"), 10, INTEGER))
    return columns


def summary_rows(result):
    groups = (
        (_("合计"), [result.total]),
        (_("大赛"), result.by_contest),
        (_("年度"), result.by_year),
        (_("赛道"), result.by_track),
        (_("城市"), result.by_city),
        (_("应用领域"), result.by_domain),
    )
    for dimension, figures in groups:
        for f in figures:
            row = (
                dimension,
                f.label,
                f.winner_count,
                f.live_count,
                f.rate_percent / 100 if f.rate_percent is not None else None,
                f.pilots,
                f.go_lives,
                f.beneficiaries,
                f.investment,
            )
            yield (*row, f.unconfirmed) if result.with_unconfirmed else row


def impact_csv(result):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    writer = csv.writer(buffer)
    writer.writerow([str(c.header) for c in winner_columns(result.with_unconfirmed)])
    for row in winner_rows(result):
        writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def impact_xlsx(result):
    writer = WorkbookWriter()
    unconfirmed = result.with_unconfirmed
    note = _("只统计最终结果中未撤销的奖项和已确认的落地里程碑。")
    summary = list(summary_rows(result))
    winners = list(winner_rows(result))
    writer.write_sheet(
        Sheet(_("汇总"), summary_columns(unconfirmed), lambda: len(summary), lambda: iter(summary), note=note)
    )
    writer.write_sheet(
        Sheet(_("获奖作品"), winner_columns(unconfirmed), lambda: len(winners), lambda: iter(winners), note=note)
    )
    writer.write_cover(
        _("落地成效"),
        _filter_facts(result),
        sheet_header=_("工作表"),
        rows_header=_("行数"),
        sheet_note_header=_("说明"),
    )
    return _saved(writer)


def _filter_facts(result):
    f = result.filters
    every = _("全部")
    return [
        (_("大赛"), f.contest.name if f.contest else every),
        (_("年度"), str(f.year) if f.year else every),
        (_("城市"), f.city.name if f.city else every),
        (_("应用领域"), f.domain.name if f.domain else every),
    ]


def _saved(writer):
    buffer = io.BytesIO()
    writer.save(buffer)
    return buffer.getvalue()
