"""Demo certificates of the 2025 contest: one award revoked after the fact, and the addresses of a
valid and of the revoked certificate's verification page in the demo logins output.

The revoked award is the contest-wide special award (最佳数据融合奖, an entry of 城市治理 that keeps
its level award): the 智慧养老 awards are the due-diligence demo's, and no winner drops out of the
results. Revoked through ``revoke_award`` (audited, as an organiser would), then back-dated to
September 2025 so the story reads in order. Idempotent: a second run revokes nothing and prints the
same two addresses.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

REVOKED_ON = (9, 15)  # 2025-09-15, after the winner's promotion (August)
REASON = (
    "经核查，该作品申报材料中“多部门数据融合”部分与其他单位已发表的成果高度重合，未注明来源。"
    "经大赛组委会 2025 年 9 月 12 日会议决定，撤销该作品的单项奖。"
)
# The valid certificate shown: the 一等奖 of 医疗健康 (no other demo revokes it), else any standing one.
VALID_TRACK, VALID_AWARD = "yiliao-jiankang", "一等奖"


def _revoke_special_award(contest, organiser):
    from contests.demo.outcomes import SPECIAL_AWARD
    from contests.models import Award
    from contests.services.outcomes.awards import revoke_award

    awards = Award.objects.filter(category__contest=contest, category__name=SPECIAL_AWARD).order_by("pk")
    if awards.filter(revoked_at__isnull=False).exists():
        return None  # done by an earlier run
    award = awards.first()
    if award is None:
        return None
    award = revoke_award(award, actor=organiser, reason=REASON)
    revoked_at = timezone.make_aware(datetime(2025, *REVOKED_ON, 10, 0))
    Award.objects.filter(pk=award.pk).update(revoked_at=revoked_at)
    return award


def _shown_certificates(contest):
    """(a valid certificate, the revoked one) of final rounds, either None if there is none."""
    from contests.demo.outcomes import SPECIAL_AWARD
    from contests.models import Award

    final = Award.objects.filter(category__contest=contest, round__publication__finalised_at__isnull=False)
    standing = final.filter(revoked_at__isnull=True).order_by("category__sort_order", "track__sort_order", "pk")
    valid = standing.filter(track__slug=VALID_TRACK, category__name=VALID_AWARD).first() or standing.first()
    # This loader's revocation first: the due-diligence demo may revoke other awards of the contest.
    gone = final.filter(revoked_at__isnull=False)
    revoked = gone.filter(category__name=SPECIAL_AWARD).order_by("pk").first() or gone.order_by("pk").first()
    return valid, revoked


def load_certificates(command, options):
    from contests.demo.contest import ORGANISER
    from contests.demo.outcomes import CONTEST_SLUG
    from contests.models import Contest
    from contests.services.outcomes.verification import verification_url

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    organiser = get_user_model().objects.filter(email=ORGANISER[0]).first()
    if contest is None or organiser is None:
        return []
    revoked_now = _revoke_special_award(contest, organiser)
    if revoked_now is not None and command is not None:
        command.stdout.write("证书演示数据：2025 年大赛的单项奖已撤销（证书核验页显示“已撤销”）。")
    valid, revoked = _shown_certificates(contest)
    lines = []
    if valid is not None:
        lines.append(("证书核验（有效）", verification_url(valid.certificate_number), "无需登录"))
    if revoked is not None:
        lines.append(("证书核验（已撤销）", verification_url(revoked.certificate_number), "无需登录"))
    return lines
