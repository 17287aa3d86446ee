"""python manage.py export_contest <slug> --kind {entries,participants,scores,results,judges,appeals,all}
--output F.xlsx [--round N] [--track ID] [--status S] [--city ID] [--organisation-type T]

Runs the same service as the admin's export jobs, in this process, with a progress bar on stderr.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contests.models import Contest
from contests.services import audit
from contests.services.exports import KINDS, ExportContext, ExportParameterError, build_workbook


class ProgressBar:
    """A one-line bar redrawn in place (only when stderr is a terminal, else one line at the end)."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.total = 0
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def start(self, total):
        self.total = total
        self.draw(0)

    def draw(self, done):
        if not self.tty:
            return
        fraction = done / self.total if self.total else 1
        filled = int(self.WIDTH * fraction)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\r{bar} {fraction:6.1%}  {done}/{self.total}")
        self.stream.flush()

    def finish(self, done):
        self.draw(done)
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "把一届大赛的数据导出为 Excel 工作簿（与后台导出任务使用同一服务）。"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="大赛的网址标识")
        parser.add_argument("--kind", choices=KINDS, default="all", help="导出内容")
        parser.add_argument("--output", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument("--round", type=int, dest="round_number", help="只导出第 N 轮")
        parser.add_argument("--track", type=int, help="赛道编号")
        parser.add_argument("--status", help="作品状态（如 submitted）")
        parser.add_argument("--city", type=int, help="城市节点编号")
        parser.add_argument("--organisation-type", dest="organisation_type", help="单位类型（如 university）")

    def handle(self, *args, slug, kind, output, round_number, **options):
        contest = Contest.objects.filter(slug=slug).first()
        if contest is None:
            raise CommandError(_("找不到网址标识为“%(slug)s”的大赛。") % {"slug": slug})
        filters = {key: options.get(key) for key in ("track", "status", "city", "organisation_type")}
        try:
            ctx = ExportContext.build(contest, round_number=round_number, filters=filters)
        except ExportParameterError as exc:
            raise CommandError(str(exc)) from exc
        bar = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr)
        started = time.monotonic()
        result = build_workbook(ctx, kind, output, on_total=bar.start, on_progress=bar.draw)
        bar.finish(result.total_rows)
        audit.record(
            action="export.command",
            obj=contest,
            contest=contest,
            after={"kind": kind, "output": str(output), "rows": result.row_counts, **ctx.filters},
        )
        for title, count in result.row_counts.items():
            self.stdout.write(_("  %(title)s：%(count)s 行") % {"title": title, "count": count})
        for title in result.placeholders:
            self.stdout.write(_("  注意：“%(title)s”的数据尚不存在，该表只有表头和说明。") % {"title": title})
        self.stdout.write(
            self.style.SUCCESS(
                _("已导出 %(rows)s 行到 %(path)s（%(seconds).1f 秒）")
                % {"rows": result.total_rows, "path": output, "seconds": time.monotonic() - started}
            )
        )
