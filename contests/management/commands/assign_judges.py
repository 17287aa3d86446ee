"""``assign_judges <slug> --round N [--seed S]``: balanced, conflict-free top-up of a round's judges."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contests.models import Round
from contests.services import ContestError
from contests.services.judging.assignment import assign_judges


class Command(BaseCommand):
    help = "为评审轮次自动分配评委（只补足，不替换已有分配）。"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="大赛网址标识")
        parser.add_argument("--round", type=int, required=True, dest="round_number", help="轮次编号")
        parser.add_argument("--seed", type=int, default=0, help="随机种子（相同数据与种子得到相同结果）")

    def handle(self, *args, slug, round_number, seed, **options):
        round_ = Round.objects.select_related("contest").filter(contest__slug=slug, number=round_number).first()
        if round_ is None:
            raise CommandError(_("找不到大赛“%(slug)s”的第 %(number)d 轮。") % {"slug": slug, "number": round_number})
        try:
            report = assign_judges(round_, seed=seed)
        except ContestError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(report.lines()))
        if not report.ok:
            # Non-zero exit, so scripts notice entries without enough judges.
            raise CommandError(_("%(count)d 件作品评委不足。") % {"count": len(report.shortfalls)})
