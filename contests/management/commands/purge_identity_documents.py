"""``purge_identity_documents [--dry-run]``: delete the real-name documents of contests past their
retention (what the daily beat task does); with ``--dry-run``, only say what would be deleted."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from contests.services.identity import purge_due


class Command(BaseCommand):
    help = "删除结果确定后超过保存期的实名证明材料（每人记录一条删除记录）；加 --dry-run 只列出将删除的内容。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, dry_run=False, **options):
        done = purge_due(dry_run=dry_run)
        for contest, rows in done.items():
            count = sum(n for _user, n in rows)
            template = (
                _("%(contest)s：将删除 %(people)d 人的 %(count)d 个文件")
                if dry_run
                else _("%(contest)s：已删除 %(people)d 人的 %(count)d 个文件")
            )
            self.stdout.write(template % {"contest": contest.name, "people": len(rows), "count": count})
        if not done:
            self.stdout.write(_("没有到期的实名材料。"))
