"""python manage.py export_open_data_use <contest-slug|all> --output F.xlsx

The 开放数林 利用层 workbook (use outcomes per dataset, domain and city): see
contests/services/exports/open_data_use.py and docs/open-data-index.md.
"""

from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest
from contests.services.exports.open_data_use import build_open_data_workbook


class Command(BaseCommand):
    help = "导出开放数林利用层报送表（按数据资源、领域、城市统计获奖成果）。"

    def add_arguments(self, parser):
        parser.add_argument("contest", help="大赛的网址标识，或 all 表示全部大赛")
        parser.add_argument("--output", required=True, help="输出文件路径（.xlsx）")

    def handle(self, *args, contest, output, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError("输出文件须以 .xlsx 结尾。")
        chosen = None
        if contest != "all":
            chosen = Contest.objects.filter(slug=contest).first()
            if chosen is None:
                raise CommandError(f"没有网址标识为 {contest!r} 的大赛。")
        counts = build_open_data_workbook(output, chosen)
        summary = "，".join(f"{title} {rows} 行" for title, rows in counts.items())
        self.stdout.write(f"已写入 {output}：{summary}")
