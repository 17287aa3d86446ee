"""Demo tracking surveys (load_demo, order 76; idempotent): the finished 2025 contest gets a 6-month
and a 12-month survey (five and four questions). The 6-month one ran from February 2026 and three
winning teams answered it; the 12-month one opened on 2 August 2026 for 180 days, so a winner's team
(team1@shuyong.example's among them) finds it open on the portal dashboard. A second run adds nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

SIX_MONTHS = [
    {"key": "deployed", "label": "方案是否已在实际业务中上线运行？", "kind": "yesno", "choices": [], "required": True,
     "help": ""},
    {"key": "stage", "label": "目前所处阶段", "kind": "choice", "choices": ["仍在完善", "试点运行", "正式上线", "已暂停"],
     "required": True, "help": ""},
    {"key": "users", "label": "累计服务人次（约）", "kind": "number", "choices": [], "required": False,
     "help": "没有统计可不填。"},
    {"key": "partner", "label": "合作的政府部门或单位", "kind": "text", "choices": [], "required": False, "help": ""},
    {"key": "needs", "label": "推进落地最需要的支持", "kind": "text", "choices": [], "required": False,
     "help": "例如数据开放、试点场景、资金或政策。"},
]  # fmt: skip
TWELVE_MONTHS = [
    {"key": "deployed", "label": "方案目前是否仍在运行？", "kind": "yesno", "choices": [], "required": True, "help": ""},
    {"key": "cities", "label": "已落地的城市数", "kind": "number", "choices": [], "required": True, "help": ""},
    {"key": "funding", "label": "获得投资或资金（万元）", "kind": "number", "choices": [], "required": False,
     "help": "没有可填 0。"},
    {"key": "story", "label": "一年来最重要的进展", "kind": "text", "choices": [], "required": False, "help": ""},
]  # fmt: skip
# (answers, days after the survey opened) of the first winners, in the order of their awards.
RESPONSES = [
    ({"deployed": True, "stage": "正式上线", "users": "126000", "partner": "济南市民政局",
      "needs": "希望开放更多区县的助餐点数据。"}, 3),
    ({"deployed": True, "stage": "试点运行", "users": "8400", "partner": "青岛市卫生健康委员会", "needs": None}, 9),
    ({"deployed": False, "stage": "仍在完善", "users": None, "partner": "", "needs": "缺少试点场景。"}, 21),
]  # fmt: skip


def _opened(contest, months):
    from contests.services.adoption.surveys import survey_window

    return survey_window(contest.tracking_surveys.get(months_after_award=months)).opens_at


def load_surveys(command, options):
    from contests.demo.contest import ORGANISER
    from contests.demo.outcomes import CONTEST_SLUG
    from contests.models import Award, Contest, SurveyResponse, TeamMembership, TrackingSurvey
    from contests.services.adoption.surveys import winning_entries

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None or contest.results_final_at() is None:
        if command is not None:
            command.stdout.write("跟踪问卷演示数据：没有已结束的 2025 大赛（需先加载结果演示数据），跳过。")
        return []
    if TrackingSurvey.objects.filter(contest=contest).exists():
        return []
    # The demo organiser, or whoever gave the awards when the demo was loaded with other logins.
    organiser = (
        get_user_model().objects.filter(email=ORGANISER[0]).first()
        or Award.objects.filter(category__contest=contest).order_by("pk").first().awarded_by
    )
    six = TrackingSurvey.objects.create(
        contest=contest, title="获奖 6 个月跟踪问卷", months_after_award=6, open_days=30, questions=SIX_MONTHS,
        created_by=organiser,
    )  # fmt: skip
    TrackingSurvey.objects.create(
        contest=contest, title="获奖 12 个月跟踪问卷", months_after_award=12, open_days=180, questions=TWELVE_MONTHS,
        created_by=organiser,
    )  # fmt: skip
    opened = _opened(contest, 6)
    winners = set(winning_entries(contest).values_list("pk", flat=True))
    ordered = (
        Award.objects.filter(entry_id__in=winners, revoked_at__isnull=True)
        .select_related("entry")
        .order_by("category__sort_order", "track__sort_order", "rank", "pk")
    )
    entries = list(dict.fromkeys(award.entry for award in ordered))
    for entry, (answers, days) in zip(entries, RESPONSES, strict=False):
        leader = TeamMembership.objects.filter(team=entry.team, role="leader").select_related("user").first()
        SurveyResponse.objects.create(
            survey=six, entry=entry, answers=answers, submitted_by=leader.user,
            submitted_at=opened + timedelta(days=days, hours=10),
        )  # fmt: skip
    if command is not None:
        ends = timezone.localtime(_opened(contest, 12) + timedelta(days=180))
        command.stdout.write(
            f"跟踪问卷演示数据：6 个月问卷已有 {min(len(entries), len(RESPONSES))} 份答卷；"
            f"12 个月问卷开放至 {ends:%Y-%m-%d}。"
        )
    return []
