"""``advance_round <slug> --round N (--top N | --percent P | --band S) [--confirm]``: print the
advancement preview of a round; with ``--confirm``, freeze it and move the entries on."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contests.models import Round
from contests.models.outcomes import AdvancementMethod
from contests.services import ContestError
from contests.services.outcomes.advancement import confirm_advancement, default_next_round, preview_advancement


class Command(BaseCommand):
    help = "预览评审轮次的晋级名单（各赛道名额线、并列情况）；加 --confirm 确定晋级。"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="大赛网址标识")
        parser.add_argument("--round", type=int, required=True, dest="round_number", help="轮次编号")
        how = parser.add_mutually_exclusive_group(required=True)
        how.add_argument("--top", help="每赛道前 N 名晋级")
        how.add_argument("--percent", help="每赛道前 N% 晋级（向上取整）")
        how.add_argument("--band", help="排名得分不低于该分数线的作品晋级")
        parser.add_argument("--next-round", type=int, dest="next_number", help="晋级到的轮次编号（默认下一轮）")
        parser.add_argument("--no-ties", action="store_true", help="名额线上完全并列的作品不一同晋级")
        parser.add_argument("--confirm", action="store_true", help="确定晋级（不可更改）")
        parser.add_argument("--actor", help="决定人邮箱（默认第一个超级用户）")
        parser.add_argument("--note", default="", help="说明")

    def handle(self, *args, slug, round_number, **options):
        round_ = Round.objects.select_related("contest").filter(contest__slug=slug, number=round_number).first()
        if round_ is None:
            raise CommandError(_("找不到大赛“%(slug)s”的第 %(number)d 轮。") % {"slug": slug, "number": round_number})
        method, parameter = next(
            (m, options[key])
            for key, m in (
                ("top", AdvancementMethod.TOP_N),
                ("percent", AdvancementMethod.PERCENTILE),
                ("band", AdvancementMethod.SCORE_BAND),
            )
            if options[key] is not None
        )
        cut = {"method": method, "parameter": parameter, "include_ties_at_cut": not options["no_ties"]}
        try:
            preview = preview_advancement(round_, **cut)
            self.print_preview(preview)
            if not options["confirm"]:
                self.stdout.write(_("仅为预览，未作更改。加 --confirm 确定晋级。"))
                return
            next_round = self.next_round(round_, options["next_number"])
            decision = confirm_advancement(
                round_, next_round=next_round, actor=self.actor(options["actor"]), note=options["note"], **cut
            )
        except ContestError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("已确定晋级：%(count)d 件作品进入%(round)s。")
            % {"count": len(decision.advanced_entry_ids), "round": decision.next_round}
        )

    def print_preview(self, preview):
        for problem in preview.problems():
            self.stdout.write(self.style.WARNING(problem))
        for track in preview.tracks:
            self.stdout.write(
                _("【%(track)s】有排名 %(ranked)d 件，晋级 %(advancing)d 件。")
                % {"track": track.name, "ranked": track.ranked, "advancing": track.advancing}
            )
            if track.cut_note:
                self.stdout.write("  " + track.cut_note)
            if track.warning:
                self.stdout.write(self.style.WARNING("  " + track.warning))
            for row in track.rows:
                mark = "✓" if row.advances else ("!" if row.left_out_tie else " ")
                rank = "—" if row.rank is None else row.rank
                score = "—" if row.score is None else f"{row.score:.2f}"
                self.stdout.write(f"  {mark} {rank:>4} {row.code} {score:>7} {row.title} {row.explanation}".rstrip())

    def next_round(self, round_, number):
        if number is None:
            next_round = default_next_round(round_)
        else:
            next_round = round_.contest.rounds.filter(number=number).first()
        if next_round is None:
            raise CommandError(_("找不到晋级到的轮次。请先添加下一轮，或用 --next-round 指定。"))
        return next_round

    def actor(self, email):
        users = get_user_model().objects
        user = (
            users.filter(email__iexact=email).first()
            if email
            else users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(_("找不到决定人账号。请用 --actor 指定邮箱。"))
        return user
