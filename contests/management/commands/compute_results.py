"""``compute_results <slug> --round N``: recompute and store the round's results and ranking."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contests.models import Round
from contests.services import ContestError
from contests.services.judging.results import compute_round_results


class Command(BaseCommand):
    help = "计算评审轮次的成绩与各赛道排名（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="大赛网址标识")
        parser.add_argument("--round", type=int, required=True, dest="round_number", help="轮次编号")

    def handle(self, *args, slug, round_number, **options):
        round_ = Round.objects.select_related("contest").filter(contest__slug=slug, number=round_number).first()
        if round_ is None:
            raise CommandError(_("找不到大赛“%(slug)s”的第 %(number)d 轮。") % {"slug": slug, "number": round_number})
        try:
            summary = compute_round_results(round_)
        except ContestError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(summary.lines()))
