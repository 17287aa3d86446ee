"""Demo expert pool (专家库): 40 experts across the showcase's domains and the 16 cities (most in the
pool, some paused, two applications waiting), and a recorded random draw of judges for the 2026
contest's provincial round (复赛/决赛, the last round), whose seed is printed. ``expert@shuyong.example``
is one of the drawn and has accepted the judge invitation; another drawn expert declined, so the
draw's page offers the re-draw.

Idempotent: existing experts are left as they are, and the draw is made once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from contests.demo.judging import PASSWORD

EXPERT_EMAIL = "expert@shuyong.example"
SEED_PREFIX = "2026-provincial"
DRAW_COUNT = 6
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "海燕", "志强", "晓梅", "文博", "丽娟", "国栋", "雪梅", "振宇", "红霞"]
ORGANISATIONS = [
    ("山东大学", "教授"), ("中国海洋大学", "副教授"), ("山东师范大学", "教授"), ("青岛大学", "研究员"),
    ("省大数据研究院", "高级工程师"), ("省信息中心", "正高级工程师"), ("济南市数据中心", "高级工程师"),
    ("烟台大学", "副教授"), ("潍坊学院", "教授"), ("省社科院", "研究员"),
]  # fmt: skip


def _experts(domains, cities, organiser):
    from contests.models import Expert, ExpertSource, ExpertStatus

    User = get_user_model()
    password = make_password(PASSWORD)
    now = timezone.now()
    made = 0
    for n in range(40):
        email = EXPERT_EMAIL if n == 0 else f"expert{n}@shuyong.example"
        if Expert.objects.filter(email=email).exists():
            continue
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n + n // len(SURNAMES)) % len(GIVEN)]
        user, _created = User.objects.get_or_create(
            email=email, defaults={"real_name": name, "password": password, "is_active": True}
        )
        organisation, title = ORGANISATIONS[n % len(ORGANISATIONS)]
        status = ExpertStatus.ACTIVE
        if n in (37, 38):
            status = ExpertStatus.APPLIED
        elif n % 9 == 5:
            status = ExpertStatus.PAUSED
        expert = Expert.objects.create(
            user=user, name=name, email=email, organisation=organisation, title=title,
            city=cities[n % len(cities)], load_limit=30, status=status,
            status_reason="本年度工作繁忙，申请暂停" if status == ExpertStatus.PAUSED else "",
            source=ExpertSource.APPLICATION if n % 3 else ExpertSource.INVITATION,
            approved_by=None if status == ExpertStatus.APPLIED else organiser,
            approved_at=None if status == ExpertStatus.APPLIED else now,
            bio=f"{organisation}{title}，长期从事公共数据开发利用研究与评审工作。",
        )  # fmt: skip
        expert.domains.set([domains[n % len(domains)], domains[(n + 3) % len(domains)]])
        made += 1
    return made


def _draw(round_, domains, organiser):
    """Draw once, with the first seed (2026-provincial-1, -2, …) that picks expert@ — the pick is a
    pure function of the seed and the pool, so the printed seed reproduces it."""
    from contests.models import Expert, JudgeProfile
    from contests.services.experts.draw import draw_experts, evaluate_candidates, pick
    from contests.services.judging.judges import accept_invitation, decline_invitation

    expert = Expert.objects.get(email=EXPERT_EMAIL)
    domain_ids = sorted(d.pk for d in domains)
    evaluated, _cities = evaluate_candidates(round_, domain_ids=domain_ids)
    eligible = [e.pk for e, reason in evaluated if reason is None]
    if expert.pk not in eligible:
        return None
    seed = next(
        f"{SEED_PREFIX}-{n}" for n in range(1, 1000) if expert.pk in pick(eligible, DRAW_COUNT, f"{SEED_PREFIX}-{n}")
    )
    draw = draw_experts(round_, count=DRAW_COUNT, domains=domains, seed=seed, actor=organiser)
    judge = JudgeProfile.objects.get(contest=round_.contest, expert=expert)
    accept_invitation(judge.invitations.get(accepted_at=None, revoked_at=None), expert.user)
    other = JudgeProfile.objects.filter(contest=round_.contest, expert__in=draw.drawn.all()).exclude(pk=judge.pk)
    decliner = other.order_by("pk").first()
    if decliner is not None:
        decline_invitation(decliner.invitations.get(accepted_at=None, revoked_at=None), actor=decliner.expert.user)
    return draw


def load_experts(command, options):
    from contests.models import Contest, ExpertDraw
    from contests.rules import ORGANISER_GROUP
    from scenes.choices import NodeKind
    from scenes.models import Domain, Node

    def say(text):
        if command is not None:
            command.stdout.write(text)

    contest = Contest.objects.filter(slug="2026").first()
    domains = list(Domain.objects.order_by("sort_order", "pk")[:8])
    cities = list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk"))
    organiser = get_user_model().objects.filter(groups__name=ORGANISER_GROUP).order_by("pk").first()
    if contest is None or not domains or not cities or organiser is None:
        say("专家库演示数据：缺少 2026 大赛、领域、城市或组织者，跳过。")
        return []
    made = _experts(domains, cities, organiser)
    round_ = contest.rounds.order_by("-number").first()
    draw = ExpertDraw.objects.filter(round=round_, replaces=None).order_by("pk").first()
    if draw is None and round_ is not None:
        draw = _draw(round_, domains, organiser)
    if made:
        say(f"专家库演示数据：新建 {made} 位专家。")
    if draw is not None:
        say(f"专家抽取：{round_}，随机种子 {draw.seed}，抽中 {draw.drawn.count()} 人。")
    return [("专家库专家（已抽中并接受评委邀请）expert", EXPERT_EMAIL, PASSWORD)]
