"""python manage.py import_teams <slug> F.xlsx [--only-valid] [--dry-run]

Teams and entries migrated from a previous system. Checks every row first and prints a row-by-row
report; writes nothing if any row is invalid (unless --only-valid). Re-importing changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contests.models import Contest
from contests.services.imports import ImportFileError, import_teams

OUTCOMES = (("created", "新增"), ("updated", "更新"), ("unchanged", "未变"))


class ImportCommand(BaseCommand):
    importer = None
    what = ""

    def add_arguments(self, parser):
        parser.add_argument("slug", help="大赛的网址标识")
        parser.add_argument("path", help="按导入模板填写的 .xlsx 文件")
        parser.add_argument("--only-valid", action="store_true", help="有错误时只导入无误的行")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, slug, path, only_valid, dry_run, **options):
        contest = Contest.objects.filter(slug=slug).first()
        if contest is None:
            raise CommandError(_("找不到网址标识为“%(slug)s”的大赛。") % {"slug": slug})
        try:
            with open(path, "rb") as handle:
                report = self.importer(contest, handle, only_valid=only_valid, dry_run=dry_run)
        except (OSError, ImportFileError) as exc:
            raise CommandError(str(exc)) from exc
        for error in report.sorted_errors():
            self.stderr.write(str(error))
        summary = _("共 %(rows)s 行，%(valid)s 行无误，%(bad)s 行有错误。") % {
            "rows": report.rows,
            "valid": report.valid_rows,
            "bad": report.rows - report.valid_rows,
        }
        self.stdout.write(summary)
        if report.written:
            counts = "，".join(f"{label} {report.counts.get(key, 0)}" for key, label in OUTCOMES)
            self.stdout.write(
                self.style.SUCCESS(_("已导入%(what)s：%(counts)s。") % {"what": self.what, "counts": counts})
            )
        elif report.errors:
            raise CommandError(_("有错误，未写入任何数据。改正后重新导入，或使用 --only-valid 只导入无误的行。"))
        else:
            self.stdout.write(_("检查通过（--dry-run：未写入）。"))


class Command(ImportCommand):
    help = "从 Excel 导入团队与作品（从旧系统迁移；按团队名称和邮箱新增或更新；先检查全部行，有错误时不写入）。"
    importer = staticmethod(import_teams)
    what = "团队与作品"
