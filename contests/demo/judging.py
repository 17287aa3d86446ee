"""Demo judging: judges (some with conflicts of interest), the round-1 rubric, assignments, a mix
of draft and submitted scores, and computed results — so the judge portal, the ranking and the
reports have something to show.

Runs after the teams and entries loaders. Idempotent: existing judges, criteria, assignments and
scores are left alone; only what is missing is added. ``--judges N`` sets the number of judges.
"""

import math
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

PASSWORD = "shuyong-judge"  # noqa: S105 - the published demo login
DEFAULT_JUDGES = 15
RUBRIC = [
    (
        "创新性",
        25,
        25,
        "思路、模式或技术的新颖程度",
        "优秀 22-25：国内领先，模式或技术有明显突破\n良好 17-21：有较明显创新\n"
        "一般 10-16：创新点不突出\n较差 0-9：基本无创新",
    ),
    (
        "数据应用深度",
        25,
        25,
        "对公共数据的融合、挖掘和使用程度",
        "优秀 22-25：多源数据深度融合，数据价值充分释放\n良好 17-21：数据使用合理\n"
        "一般 10-16：数据使用较浅\n较差 0-9：基本未使用公共数据",
    ),
    (
        "可行性",
        20,
        20,
        "技术路线、实施计划与资源保障",
        "优秀 18-20：路线清晰，已有试点\n良好 14-17：方案可行\n一般 8-13：部分环节不明确\n较差 0-7：难以实施",
    ),
    (
        "社会经济效益",
        20,
        20,
        "惠民便民、降本增效和推广价值",
        "优秀 18-20：效益显著且可量化\n良好 14-17：效益明确\n一般 8-13：效益一般\n较差 0-7：效益不明确",
    ),
    (
        "展示表达",
        10,
        10,
        "材料完整规范、表达清晰",
        "优秀 9-10：材料完整，表达清晰\n良好 7-8：较为清晰\n一般 4-6：表达一般\n较差 0-3：材料不完整",
    ),
]
NAMES = [
    "王立群",
    "李海燕",
    "张建国",
    "刘志远",
    "陈晓梅",
    "杨振华",
    "赵文博",
    "黄丽娟",
    "周永康",
    "吴晓东",
    "徐明辉",
    "孙丽萍",
    "马国强",
    "朱红霞",
    "胡志明",
    "郭建华",
    "何雪梅",
    "高志强",
    "林晓燕",
    "罗振宇",
]
ORGANISATIONS = [
    ("山东大学", "sdu.edu.cn"),
    ("中国海洋大学", "ouc.edu.cn"),
    ("山东省大数据中心", "sdbd.example"),
    ("浪潮集团有限公司", "inspur.example"),
    ("青岛市大数据发展管理局", "qingdao-bd.example"),
    ("山东财经大学", "sdufe.edu.cn"),
    ("中国信息通信研究院", "caict.example"),
    ("烟台大学", "ytu.edu.cn"),
    ("齐鲁工业大学", "qlu.edu.cn"),
    ("海尔卡奥斯物联生态科技有限公司", "haier.example"),
]
TITLES = ["教授", "研究员", "高级工程师", "副教授", "正高级经济师", "处长"]
COMMENTS = [
    "方案紧扣赛题，数据来源清楚，技术路线可行，建议进一步量化预期效益并补充试点数据。",
    "创新点较为突出，多源数据融合思路清晰；实施计划略显粗略，需明确数据安全与授权机制。",
    "选题贴近群众需求，应用场景明确，但对公共数据的使用深度不足，建议补充数据治理方案。",
    "整体完成度高，展示材料规范，经济效益测算依据充分，具备在全省推广的潜力。",
    "技术方案较成熟，但与现有系统的衔接说明不足，建议补充接口规范和运维保障安排。",
    "问题分析透彻，但方案创新性一般，与已有同类应用区别不大，建议突出差异化价值。",
]


def _round_one(contest):
    from contests.choices import RoundKind
    from contests.models import Round

    round_ = contest.rounds.filter(number=1).first()
    if round_ is None:
        round_ = Round.objects.create(
            contest=contest, number=1, kind=RoundKind.PRELIMINARY,
            opens_at=contest.judging_starts, closes_at=contest.judging_ends, judges_per_entry=5,
        )  # fmt: skip
    return round_


def _open_now(round_):
    """Open round 1 now, as an early online review (网评预审), so that judge1 can score in the demo
    right away; the contest's published timeline stays as it is. Only a round that has not opened
    yet is moved, and only its start."""
    now = timezone.now()
    if round_.opens_at > now:
        round_.opens_at = now - timedelta(days=1)
        round_.save(update_fields=["opens_at"])


def _criteria(round_):
    from contests.models import Criterion

    if not round_.criteria.exists():
        Criterion.objects.bulk_create(
            [
                Criterion(
                    round=round_, name=name, weight=weight, max_score=top, description=text, levels=levels, sort_order=i
                )
                for i, (name, weight, top, text, levels) in enumerate(RUBRIC)
            ]
        )
    return list(round_.criteria.order_by("sort_order", "id"))


def _judges(contest, count, judges_per_entry):
    """judge1…judgeN@shuyong.example, each with one or two tracks; a few carry conflicts."""
    from contests.models import JudgeProfile, JudgeStatus

    User = get_user_model()
    tracks = list(contest.tracks.order_by("sort_order", "pk"))
    emails = [f"judge{i}@shuyong.example" for i in range(1, count + 1)]
    existing_users = {u.email: u for u in User.objects.filter(email__in=emails)}
    password = make_password(PASSWORD)  # hashed once: --judges 150 must not hash 150 times
    new_users = [
        User(
            email=email,
            real_name=NAMES[i % len(NAMES)],
            password=password,
            organisation=ORGANISATIONS[i % len(ORGANISATIONS)][0],
        )
        for i, email in enumerate(emails)
        if email not in existing_users
    ]
    User.objects.bulk_create(new_users)
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    have = set(JudgeProfile.objects.filter(contest=contest, email__in=emails).values_list("email", flat=True))
    now = timezone.now()
    created = []
    for i, email in enumerate(emails):
        if email in have:
            continue
        organisation, _domain = ORGANISATIONS[i % len(ORGANISATIONS)]
        created.append(
            JudgeProfile(
                contest=contest, user=users[email], name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
                email=email, organisation=organisation, title=TITLES[i % len(TITLES)],
                load_limit=None if i % 4 else 60, status=JudgeStatus.ACTIVE, accepted_at=now,
            )
        )  # fmt: skip
    JudgeProfile.objects.bulk_create(created)
    judges = list(JudgeProfile.objects.filter(contest=contest, email__in=emails).order_by("pk"))
    if tracks:
        through = JudgeProfile.expertise.through
        # Enough tracks each that every track has a few more judges than an entry needs.
        per_judge = min(len(tracks), max(2, math.ceil((judges_per_entry + 2) * len(tracks) / count)))
        links = []
        with_tracks = set(through.objects.filter(judgeprofile__in=judges).values_list("judgeprofile_id", flat=True))
        for i, judge in enumerate(judges):
            if judge.pk in with_tracks:
                continue
            chosen = {tracks[(i + step) % len(tracks)] for step in range(per_judge)}
            links += [through(judgeprofile_id=judge.pk, track_id=t.pk) for t in chosen]
        through.objects.bulk_create(links, ignore_conflicts=True)
    _conflicts(contest, judges, {c.email for c in created})
    return judges


def _conflicts(contest, judges, new_emails):
    """Judge 3 works where a team works (detected automatically); judge 5 declares a team; judge 7
    declares an organisation by name."""
    teams = list(contest.teams.exclude(organisation="").order_by("pk")[:3])
    by_email = {j.email: j for j in judges}
    if not teams:
        return
    third = by_email.get("judge3@shuyong.example")
    if third is not None and third.email in new_emails:
        third.organisation = teams[0].organisation
        third.save(update_fields=["organisation"])
    fifth = by_email.get("judge5@shuyong.example")
    if fifth is not None and fifth.email in new_emails:
        fifth.conflict_teams.add(teams[min(1, len(teams) - 1)])
    seventh = by_email.get("judge7@shuyong.example")
    if seventh is not None and seventh.email in new_emails:
        seventh.declared_conflicts = teams[-1].organisation
        seventh.save(update_fields=["declared_conflicts"])


def _eligible_entries(round_):
    from contests.choices import EntryStatus
    from contests.services.judging.assignment import entries_for_round

    if not entries_for_round(round_).exists():
        # The entries demo normally reviews eligibility; if it did not, let submitted entries through.
        round_.contest.entries.filter(status=EntryStatus.SUBMITTED).update(status=EntryStatus.ELIGIBLE)
    return entries_for_round(round_).count()


def _scores(round_, criteria, seed):
    """Draft and submitted scores for assignments that have none (judge1 keeps work to do).

    Each assignment's fate and values come from a generator seeded by (seed, entry, judge), so a
    second run decides the same and adds nothing."""
    from contests.models import Assignment, AssignmentState, Score, ScoreItem, ScoreStatus

    assignments = list(
        Assignment.objects.filter(round=round_, state=AssignmentState.ACTIVE, score__isnull=True)
        .select_related("judge")
        .order_by("pk")
    )
    now = timezone.now()
    plans = []
    # judge1's first assignment always stays to be done: the demo promises them work on day one,
    # whatever the ids (and so the seeded rolls) of this database.
    kept_for_judge1 = next((a.pk for a in assignments if a.judge.email == "judge1@shuyong.example"), None)
    for a in assignments:
        if a.pk == kept_for_judge1:
            continue
        quality = random.Random(f"{seed}:entry:{a.entry_id}").uniform(0.55, 0.92)
        leniency = random.Random(f"{seed}:judge:{a.judge_id}").gauss(0, 0.05)
        rng = random.Random(f"{seed}:{a.entry_id}:{a.judge_id}")
        roll = rng.random()
        first_judge = a.judge.email == "judge1@shuyong.example"
        if roll < (0.35 if first_judge else 0.75):
            status = ScoreStatus.SUBMITTED
        elif roll < (0.55 if first_judge else 0.88):
            status = ScoreStatus.DRAFT
        else:
            continue
        values = []
        for c in criteria:
            share = min(1.0, max(0.0, quality + leniency + rng.gauss(0, 0.07)))
            values.append(Decimal(round(share * c.max_score * 2) / 2).quantize(Decimal("0.1")))
        plans.append((a, status, values, rng.choice(COMMENTS)))
    Assignment.objects.filter(pk__in=[p[0].pk for p in plans], declared_no_conflict_at__isnull=True).update(
        declared_no_conflict_at=now
    )
    Score.objects.bulk_create(
        [
            Score(
                assignment=a, status=status, comment=comment,
                submitted_at=now if status == ScoreStatus.SUBMITTED else None,
            )
            for a, status, _values, comment in plans
        ]
    )  # fmt: skip
    score_ids = dict(Score.objects.filter(assignment__in=[p[0] for p in plans]).values_list("assignment_id", "pk"))
    ScoreItem.objects.bulk_create(
        [
            ScoreItem(score_id=score_ids[a.pk], criterion=c, value=v)
            for a, _status, values, _comment in plans
            for c, v in zip(criteria, values, strict=True)
        ],
        batch_size=5000,
    )
    return len(plans)


def load_judging(command, options):
    from contests.models import Contest
    from contests.services.judging.assignment import assign_judges
    from contests.services.judging.results import compute_round_results

    def say(text):
        if command is not None:
            command.stdout.write(text)

    contest = Contest.objects.order_by("-year", "pk").first()
    if contest is None:
        say("评审演示数据：没有大赛，跳过（需先加载大赛与团队演示数据）。")
        return []
    seed = options.get("seed") or 2026
    round_ = _round_one(contest)
    _open_now(round_)
    criteria = _criteria(round_)
    judges = _judges(contest, options.get("judges") or DEFAULT_JUDGES, round_.judges_per_entry)
    entries = _eligible_entries(round_)
    if entries:
        report = assign_judges(round_, seed=seed)
        scored = _scores(round_, criteria, seed)
        summary = compute_round_results(round_)
        say(f"评审演示数据：{len(judges)} 名评委，{entries} 件作品。")
        say(f"新增分配 {report.created} 条，新增评分 {scored} 份。")
        say("；".join(summary.lines()))
    else:
        say("评审演示数据：没有形式审查通过的作品，未分配评委。")
    return [
        ("评委 judge", "judge1@shuyong.example", PASSWORD),
        ("评委（有利益冲突）", "judge3@shuyong.example", PASSWORD),
    ]
