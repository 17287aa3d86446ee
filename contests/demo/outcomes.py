"""Demo outcomes: a past contest, "2025 数据应用创新大赛", judged to the end.

The 2026 demo contest is still taking registrations, so nothing of it can be final. This loader
builds last year's contest instead, with fixed 2025 dates: three tracks, 30 teams with entries,
a preliminary round (初赛) whose top 6 per track advanced to the final (决赛) with confirmation
required (one 医疗健康 finalist declined and the next-ranked entry took its place), both rounds scored
(with some disagreement), computed, published with a notice (公示) window, appealed (one appeal
rejected in each round, one upheld and followed by an added award), made final, awarded per track
plus one contest-wide special award, and one winner promoted into the showcase as a draft solution.
Before the final was made final, its winners went through due diligence (``contests.demo.due_diligence``):
one 优秀奖 of 智慧养老 failed and passed to the next-ranked finalist.

Every step goes through the outcome services with ``now=`` in 2025 where they take it; the records
whose service or model stamps the current time (advancement decision, awards, promotion, scores,
assignments, teams, entries) are then back-dated so the story reads in order. The audit trail keeps
the time the demo was loaded: it records when things were written. ``team1@shuyong.example`` leads the team that won 二等奖
in 智慧养老 and appealed, so the team login shows feedback, an appeal and a certificate.

Runs after the judging loader. Idempotent: once the 2025 contest exists, a run only makes
sure its page is there and adds nothing else (each loader runs in a transaction, so a failed
first run leaves no half-built contest behind).
"""

import hashlib
import random
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

CONTEST_SLUG = "shuyong-2025"
CONTEST_NAME = "2025 数据应用创新大赛"
TRACK_SLUGS = ("zhihui-yanglao", "yiliao-jiankang", "chengshi-zhili")
TITLES = {
    "zhihui-yanglao": [
        "独居老人用水用电异常预警", "养老服务补贴免申即享", "失能老人长护险智能评估", "社区助餐数据服务平台",
        "老年人防诈骗风险提示", "适老化出行一键叫车", "养老机构服务质量评价", "智慧助浴上门服务调度",
        "老年人慢病健康画像", "银发人才数据对接平台",
    ],
    "yiliao-jiankang": [
        "医学检查检验结果互认", "出生医学证明一件事", "医保电子凭证就医一码通", "慢性病用药智能提醒",
        "基层首诊分级转诊助手", "急救车辆智能调度", "传染病多点触发预警", "家庭医生签约精准服务",
        "医疗费用异常智能监管", "互联网医院处方流转",
    ],
    "chengshi-zhili": [
        "城市内涝风险智能预警", "燃气安全隐患智能巡检", "违法建设遥感识别", "老旧小区改造需求画像",
        "共享单车停放治理", "渣土车运输全程监管", "城市生命线安全监测", "市容秩序智能发现",
        "物业服务质量评价", "停车泊位共享平台",
    ],
}  # fmt: skip
TEAMS_PER_TRACK = 10
FINALISTS_PER_TRACK = 6
JUDGES = 9  # judge1…judge9@shuyong.example also judged in 2025
TEAM1_SLOT = (0, 1)  # (track index, rank by quality): team1's team is the runner-up in 智慧养老
# (track index, rank by quality) of the entries one judge marked far lower than the others.
DISAGREEMENT = {1: [(1, 4), (2, 7)], 2: [(2, 3)]}
FINAL_RUBRIC_LAST = ("现场答辩", 10, 10, "答辩表达清晰、回答问题准确", "优秀 9-10\n良好 7-8\n一般 4-6\n较差 0-3")
SPECIAL_AWARD = "最佳数据融合奖"
# Finalist confirmation: the 医疗健康 finalist ranked 4th declines its place in the final; the
# next-ranked entry of the track (7th, the one whose preliminary appeal was rejected) replaces it,
# and in the final it is the 6th whose appeal is upheld.
DECLINING_SLOT = (1, 3)
DECLINE_REASON = "团队核心成员 7 月需赴外省参加医疗信息化项目驻场实施，无法保证决赛答辩时间，经团队商议放弃晋级。"


def _at(month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(2025, month, day, hour, minute))


def _timeline():
    return {
        "registration_opens": _at(3, 1, 9),
        "registration_closes": _at(4, 30, 18),
        "submission_deadline": _at(5, 31, 18),
        "judging_starts": _at(6, 5, 9),
        "judging_ends": _at(7, 20, 18),
        "results_date": _at(7, 25, 10),
    }


# --- the contest, its tracks, rounds and page ----------------------------------------------------


def _contest():
    from contests.models import Contest

    contest = Contest(
        slug=CONTEST_SLUG,
        name=CONTEST_NAME,
        year=2025,
        summary="以赛促用：聚焦智慧养老、医疗健康、城市治理三大赛道，开放公共数据资源，评选可在全省推广的数据应用。",
        min_team_size=2,
        max_team_size=5,
        notice_days=7,
        feedback_to_teams=True,
        **_timeline(),
    )
    contest.full_clean()
    contest.save()
    return contest


def _tracks(contest):
    from contests.demo.contest import ensure_data_resource
    from contests.demo.data import TRACKS
    from contests.models import Track

    specs = {spec[0]: spec for spec in TRACKS}
    tracks = []
    for order, slug in enumerate(TRACK_SLUGS, start=1):
        _slug, name, unit, description, resources = specs[slug]
        track = Track.objects.create(
            contest=contest, slug=slug, name=name, proposing_unit=unit, description=description, sort_order=order
        )
        track.data_resources.set([ensure_data_resource(*spec) for spec in resources])
        tracks.append(track)
    return tracks


def _rounds(contest):
    from contests.choices import Aggregation, RoundKind
    from contests.demo.judging import RUBRIC
    from contests.models import Criterion, Round

    first = Round.objects.create(
        contest=contest, number=1, kind=RoundKind.PRELIMINARY, opens_at=_at(6, 5, 9), closes_at=_at(6, 25, 18),
        judges_per_entry=5, aggregation=Aggregation.TRIMMED_MEAN, advancement_quota=FINALISTS_PER_TRACK,
        disagreement_threshold=Decimal("8"),
    )  # fmt: skip
    final = Round.objects.create(
        contest=contest, number=2, kind=RoundKind.FINAL, opens_at=_at(7, 8, 9), closes_at=_at(7, 20, 18),
        judges_per_entry=5, aggregation=Aggregation.TRIMMED_MEAN, disagreement_threshold=Decimal("8"),
    )  # fmt: skip
    for round_, rubric in ((first, RUBRIC), (final, [*RUBRIC[:-1], FINAL_RUBRIC_LAST])):
        Criterion.objects.bulk_create(
            [
                Criterion(round=round_, name=name, weight=weight, max_score=top, description=text, levels=levels,
                          sort_order=i)
                for i, (name, weight, top, text, levels) in enumerate(rubric)
            ]
        )  # fmt: skip
    return first, final


def _page(contest):
    from cms.demo import ensure_child, ensure_home_page
    from contests.models import ContestIndexPage, ContestPage

    index = ContestIndexPage.objects.first()
    if index is None:
        index = ensure_child(ensure_home_page(), ContestIndexPage, "contests", title="数据应用创新创业大赛")
    return ensure_child(
        index,
        ContestPage,
        contest.slug,
        title=contest.name,
        contest=contest,
        introduction=contest.summary,
        search_description="2025 数据应用创新大赛：获奖名单、结果公示与申诉复核。",
        news=[
            {
                "type": "item",
                "value": {
                    "date": _at(8, 2).date(),
                    "title": "大赛最终结果发布",
                    "body": "<p>公示期满，申诉已全部复核完毕，决赛结果正式确定。</p>",
                },
            },
            {
                "type": "item",
                "value": {
                    "date": _at(7, 25).date(),
                    "title": "决赛结果公示",
                    "body": "<p>公示期 7 天，参赛团队可在参赛中心对本队成绩提出申诉。</p>",
                },
            },
        ],
    )


# --- teams, entries, judges and scores -----------------------------------------------------------


def _teams(contest):
    """30 teams from the 2026 loader's generator (other names: specs 81–110), with their own logins;
    team1@shuyong.example leads the one in TEAM1_SLOT."""
    from cms.demo import ensure_user
    from contests.choices import TeamRole
    from contests.demo.contest import TEAM_PASSWORD, team_specs
    from contests.models import Team, TeamMembership
    from scenes.choices import NodeKind
    from scenes.models import Node

    cities = list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order")) or [None]
    count = len(TRACK_SLUGS) * TEAMS_PER_TRACK
    specs = list(team_specs(80 + count, 2025, cities))[80:]
    User = get_user_model()
    password = make_password(TEAM_PASSWORD)
    team1_index = TEAM1_SLOT[1] * len(TRACK_SLUGS) + TEAM1_SLOT[0]
    teams = []
    for index, spec in enumerate(specs):
        users = []
        for email, role, name, phone in spec["people"]:
            if index == team1_index and role == TeamRole.LEADER:
                user = ensure_user(
                    "team1@shuyong.example", TEAM_PASSWORD, real_name=name, organisation=spec["organisation"]
                )
            else:
                user, _created = User.objects.get_or_create(
                    email=f"y2025-{email}",
                    defaults={"real_name": name, "phone": phone, "password": password,
                              "organisation": spec["organisation"], "is_active": True},
                )  # fmt: skip
            users.append((user, role))
        team = Team.objects.create(
            contest=contest, name=spec["name"], organisation=spec["organisation"], organisation_type=spec["kind"],
            credit_code=spec["credit_code"], city=spec["city"], created_by=users[0][0],
        )  # fmt: skip
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, contest=contest, user=user, role=role) for user, role in users]
        )
        teams.append(team)
    return teams


def _entries(contest, tracks, teams, organiser):
    """One eligible entry per team, submitted in May 2025 with a proposal PDF and a receipt.
    Team k enters track k % 3; its slot (track, k // 3) sets its quality, so the ranking is known."""
    from contests.choices import EntryStatus, FileKind
    from contests.demo.entries import _snapshot, _texts, make_pdf
    from contests.models import Entry, EntryFile, EntryRevision
    from contests.models.entries import private_storage

    storage = private_storage()
    entries = {}
    for index, team in enumerate(teams):
        track_index, slot = index % len(tracks), index // len(tracks)
        track = tracks[track_index]
        leader = team.created_by
        title = TITLES[track.slug][slot]
        submitted = _at(5, 10 + slot, 9 + track_index, 5 * slot)
        entry = Entry.objects.create(
            contest=contest, team=team, track=track, title=title, created_by=leader, updated_by=leader,
            status=EntryStatus.ELIGIBLE, submitted_at=submitted, eligibility_reviewed_by=organiser,
            eligibility_reviewed_at=_at(6, 2, 16), **_texts(track, title),
        )  # fmt: skip
        resources = list(track.data_resources.order_by("pk"))[: 1 + slot % 3]
        entry.data_resources.set(resources)
        data = make_pdf([f"Shuyong 2025 contest proposal - entry {entry.uuid}", f"Track: {track.slug}"])
        proposal = EntryFile.objects.create(
            entry=entry, kind=FileKind.PROPOSAL, original_name=f"{title}-方案书.pdf", content_type="application/pdf",
            file=storage.save(f"entries/{entry.uuid}/{secrets.token_hex(16)}", ContentFile(data)),
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=leader,
        )  # fmt: skip
        files = [{"id": proposal.pk, "kind": proposal.kind, "name": proposal.original_name,
                  "content_type": proposal.content_type, "size": proposal.size, "sha256": proposal.sha256}]  # fmt: skip
        EntryRevision.objects.create(
            entry=entry, number=1, entry_version=entry.version, submitted_by=leader, submitted_at=submitted,
            snapshot=_snapshot(entry, team, resources, files, leader, submitted),
            receipt_code=f"SY2025-{secrets.token_hex(5).upper()}",
        )  # fmt: skip
        entries[(track_index, slot)] = entry
    return entries


def _judges(contest, tracks):
    from contests.demo.judging import NAMES, ORGANISATIONS, PASSWORD, TITLES
    from contests.models import JudgeProfile, JudgeStatus

    User = get_user_model()
    emails = [f"judge{i + 1}@shuyong.example" for i in range(JUDGES)]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    # The judging loader has usually made these accounts; hashing a password is slow, do it only if needed.
    password = make_password(PASSWORD) if len(users) < len(emails) else None
    judges = []
    for i, email in enumerate(emails):
        organisation = ORGANISATIONS[i % len(ORGANISATIONS)][0]
        user = users.get(email) or User.objects.create(
            email=email, real_name=NAMES[i], password=password, organisation=organisation
        )
        judge = JudgeProfile.objects.create(
            contest=contest, user=user, name=NAMES[i], email=email, organisation=organisation,
            title=TITLES[i % len(TITLES)], status=JudgeStatus.ACTIVE, accepted_at=_at(5, 20, 10),
        )  # fmt: skip
        judge.expertise.set(tracks)
        judges.append(judge)
    return judges


def _score(round_, slots, seed):
    """Assign five judges to every entry of the round and write their submitted scores."""
    from contests.demo.judging import COMMENTS
    from contests.models import Assignment, Score, ScoreItem, ScoreStatus
    from contests.services.judging.assignment import assign_judges

    assign_judges(round_, seed=seed)
    assignments = list(Assignment.objects.filter(round=round_).select_related("judge").order_by("entry_id", "pk"))
    Assignment.objects.filter(round=round_).update(
        created_at=round_.opens_at, declared_no_conflict_at=round_.opens_at + timedelta(hours=2)
    )
    criteria = list(round_.criteria.order_by("sort_order", "id"))
    slot_of = {entry.pk: slot for slot, entry in slots.items()}
    outliers = {slots[slot].pk for slot in DISAGREEMENT.get(round_.number, [])}
    scores, values = [], []
    first_judge = {}
    for a in assignments:
        _track_index, rank = slot_of[a.entry_id]
        rng = random.Random(f"{seed}:{round_.number}:{a.entry_id}:{a.judge.email}")
        quality = 0.93 - 0.035 * rank + random.Random(f"{seed}:judge:{a.judge.email}").gauss(0, 0.015)
        # The first judge of an "outlier" entry saw far less in it than the others did.
        if a.entry_id in outliers and first_judge.setdefault(a.entry_id, a.pk) == a.pk:
            quality -= 0.3
        when = round_.opens_at + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
        scores.append(
            Score(assignment=a, status=ScoreStatus.SUBMITTED, comment=rng.choice(COMMENTS), submitted_at=when)
        )
        values.append(
            [Decimal(round(min(1.0, max(0.0, quality + rng.gauss(0, 0.03))) * c.max_score * 2) / 2) for c in criteria]
        )
    Score.objects.bulk_create(scores)
    ids = dict(Score.objects.filter(assignment__round=round_).values_list("assignment_id", "pk"))
    ScoreItem.objects.bulk_create(
        [
            ScoreItem(score_id=ids[score.assignment_id], criterion=c, value=v.quantize(Decimal("0.1")))
            for score, row in zip(scores, values, strict=True)
            for c, v in zip(criteria, row, strict=True)
        ]
    )
    return len(scores)


def _backdate_scores(round_):
    """Scores were written in 2025: stamp them so, or the results computed then would look stale."""
    from django.db.models import F

    from contests.models import Score

    Score.objects.filter(assignment__round=round_).update(created_at=F("submitted_at"), updated_at=F("submitted_at"))


# --- the outcomes, through the services -----------------------------------------------------------


def _award_categories(contest):
    from contests.models import AwardCategory, AwardLevel

    levels = [("一等奖", AwardLevel.FIRST, 1), ("二等奖", AwardLevel.SECOND, 1), ("三等奖", AwardLevel.THIRD, 1),
              ("优秀奖", AwardLevel.EXCELLENT, 2)]  # fmt: skip
    categories = [
        AwardCategory(contest=contest, name=name, level=level, quota=quota, per_track=True, sort_order=i)
        for i, (name, level, quota) in enumerate(levels)
    ]
    categories.append(
        AwardCategory(contest=contest, name=SPECIAL_AWARD, level=AwardLevel.SPECIAL, quota=1, per_track=False,
                      sort_order=len(levels))
    )  # fmt: skip
    return {c.name: c for c in AwardCategory.objects.bulk_create(categories)}


def _appeal(entry, round_, user, reasons, filed, *, upheld, review, reviewed, organiser):
    from contests.services.outcomes.appeals import file_appeal, review_appeal

    appeal = file_appeal(entry, user=user, reasons=reasons, round_=round_, now=filed)
    return review_appeal(appeal, actor=organiser, upheld=upheld, review=review, now=reviewed)


def _finalists_answer(decision, slots):
    """Every finalist confirms within two days, except one 医疗健康 team, which declines; returns its
    confirmation."""
    from contests.services.outcomes.finalists import respond

    declined = None
    for confirmation in decision.finalists.select_related("entry__team").order_by("pk"):
        slot = next(slot for slot, entry in slots.items() if entry.pk == confirmation.entry_id)
        leader = confirmation.entry.team.created_by
        if slot == DECLINING_SLOT:
            declined = respond(confirmation, user=leader, accept=False, reason=DECLINE_REASON, now=_at(6, 29, 11, 20))
        else:
            answered = _at(6, 28 + slot[1] % 3, 9 + slot[1], 10 * slot[0])
            respond(confirmation, user=leader, accept=True, now=answered)
    return declined


def _finalists_replace(declined, organiser):
    """After the preliminary appeals are reviewed, the organiser fills the declined place from the
    waitlist (the next-ranked entry of 医疗健康); that team confirms and goes on to the final."""
    from contests.models import FinalistConfirmation
    from contests.services.outcomes.finalists import replace, respond

    replacement = replace(declined, deadline=_at(7, 6, 12), actor=organiser, now=_at(7, 3, 17))
    FinalistConfirmation.objects.filter(pk=replacement.pk).update(created_at=_at(7, 3, 17))
    respond(replacement, user=replacement.entry.team.created_by, accept=True, now=_at(7, 4, 10, 15))
    return replacement


def _outcomes(contest, first, final, slots, organiser):
    """Advance, publish, appeal, finalise, award and promote, in 2025's order of events."""
    from contests.demo import due_diligence
    from contests.models import AdvancementDecision, AdvancementMethod, Award, FinalistConfirmation, Promotion
    from contests.services.judging.assignment import entries_for_round
    from contests.services.judging.results import compute_round_results
    from contests.services.outcomes.advancement import confirm_advancement
    from contests.services.outcomes.awards import apply_proposals, grant_award
    from contests.services.outcomes.promotion import promote_entry
    from contests.services.outcomes.publication import finalise_results, publish_results

    def leader(entry):
        return entry.team.created_by

    _score(first, slots, seed=2025)
    _backdate_scores(first)
    compute_round_results(first, actor=organiser, now=_at(6, 26, 10))
    decision = confirm_advancement(
        first, next_round=final, method=AdvancementMethod.TOP_N, parameter=FINALISTS_PER_TRACK, actor=organiser,
        note="按大赛规则，各赛道初赛前 6 名晋级决赛。", confirmation_deadline=_at(7, 1, 18), now=_at(6, 27, 15),
    )  # fmt: skip
    # The services stamp these with the clock; the demo's story happened in 2025.
    AdvancementDecision.objects.filter(pk=decision.pk).update(decided_at=_at(6, 27, 15))
    FinalistConfirmation.objects.filter(decision=decision).update(created_at=_at(6, 27, 15))
    publish_results(first, actor=organiser, now=_at(6, 28, 10))
    declined = _finalists_answer(decision, slots)
    below_cut = slots[(1, FINALISTS_PER_TRACK)]
    _appeal(
        below_cut, first, leader(below_cut),
        "我们的作品与第 6 名仅差不到 1 分，请核查“数据应用深度”一项的评分是否有误，我们使用了 3 个部门的数据。",
        _at(6, 30, 14, 20), upheld=False, reviewed=_at(7, 3, 16), organiser=organiser,
        review="经复核，五位评委的评分均按评分细则独立作出，录入无误；方案书中实际调用的数据资源为 2 项，"
        "评分与材料相符。维持原成绩，申诉驳回。",
    )  # fmt: skip
    replacement = _finalists_replace(declined, organiser)
    finalise_results(first, actor=organiser, now=_at(7, 6, 9, 30))

    # Who is in the final: the top 6 of each track, less the one who declined, plus its replacement.
    in_final = set(entries_for_round(final).values_list("pk", flat=True))
    finalists = {slot: entry for slot, entry in slots.items() if entry.pk in in_final}
    _score(final, finalists, seed=2025)
    _backdate_scores(final)
    compute_round_results(final, actor=organiser, now=_at(7, 21, 10))
    categories = _award_categories(contest)
    apply_proposals(final, actor=organiser)
    special = slots[(2, 2)]
    grant_award(
        special, categories[SPECIAL_AWARD], round_=final, actor=organiser,
        reason="评审委员会推荐：融合住建、气象、城管等 5 个部门数据，数据融合深度在全部决赛作品中最高。",
    )  # fmt: skip
    Award.objects.filter(category__contest=contest).update(awarded_at=_at(7, 22, 15))
    publish_results(final, actor=organiser, now=_at(7, 25, 10))

    team1_entry = slots[TEAM1_SLOT]
    # Winner due diligence (contests/demo/due_diligence.py): all pass but one 优秀奖 of 智慧养老.
    due_diligence.require_and_decide(final, organiser, team1_entry=team1_entry)
    _appeal(
        team1_entry, final, leader(team1_entry),
        "决赛现场答辩中，评委对我们的试点数据提出疑问，我们已补充提交了试点单位出具的证明，请复核“可行性”评分。",
        _at(7, 27, 11, 5), upheld=False, reviewed=_at(7, 30, 15), organiser=organiser,
        review="经复核，试点证明已在决赛前提交，评委评分时已经考虑；各评委“可行性”评分差异在正常范围内。"
        "维持二等奖，申诉驳回。",
    )  # fmt: skip
    # The last-ranked finalist of 医疗健康: the entry that came in from the waitlist.
    sixth = replacement.entry
    _appeal(
        sixth, final, leader(sixth),
        "成绩单显示有一位评委的“现场答辩”得分为 0 分，而我们按时完成了答辩，怀疑是录入错误。",
        _at(7, 28, 9, 40), upheld=True, reviewed=_at(7, 31, 10), organiser=organiser,
        review="经核实，该评委的答辩评分表录入时漏填一项。按评审委员会决定，增补该作品为优秀奖。",
    )  # fmt: skip
    follow_up = grant_award(
        sixth, categories["优秀奖"], round_=final, actor=organiser,
        reason="申诉成立（答辩评分漏录），经评审委员会 2025 年 7 月 31 日会议决定增补为优秀奖。",
    )  # fmt: skip
    Award.objects.filter(pk=follow_up.pk).update(awarded_at=_at(7, 31, 11))
    due_diligence.decide_late_award(follow_up, organiser)
    finalise_results(final, actor=organiser, now=_at(8, 2, 9, 30))

    winner = slots[(0, 0)]
    promotion = promote_entry(winner, actor=organiser)
    Promotion.objects.filter(pk=promotion.pk).update(promoted_at=_at(8, 20, 10))
    return promotion


def _backdate_records(contest):
    """Teams formed in March, entries started in April and last changed when submitted."""
    from django.db.models import F

    from contests.models import Entry, Team, TeamMembership

    Team.objects.filter(contest=contest).update(created_at=_at(3, 15, 9))
    TeamMembership.objects.filter(contest=contest).update(joined_at=_at(3, 15, 9))
    Entry.objects.filter(contest=contest).update(created_at=_at(4, 20, 9), updated_at=F("submitted_at"))


def _quiet_mail():
    """Last year's teams are not e-mailed again: the services send their notices on commit, so a
    dummy mail backend is switched on and off by on-commit callbacks around theirs (they run in order)."""
    from django.db import transaction
    from django.test.utils import override_settings

    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    transaction.on_commit(quiet.enable)
    return lambda: transaction.on_commit(quiet.disable)


def load_outcomes(command, options):
    from contests.demo.contest import ORGANISER
    from contests.models import Contest

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        organiser = get_user_model().objects.filter(email=ORGANISER[0]).first()
        if organiser is None:
            if command is not None:
                command.stdout.write("结果演示数据：没有大赛组织者（需先加载大赛演示数据），跳过。")
            return []
        restore_mail = _quiet_mail()
        try:
            contest = _contest()
            tracks = _tracks(contest)
            first, final = _rounds(contest)
            _page(contest)
            teams = _teams(contest)
            slots = _entries(contest, tracks, teams, organiser)
            _judges(contest, tracks)
            _outcomes(contest, first, final, slots, organiser)
            _backdate_records(contest)
        finally:
            restore_mail()
        if command is not None:
            command.stdout.write(f"结果演示数据：{CONTEST_NAME}（已评审完毕、结果已确定、获奖作品已推荐入库）。")
    else:
        _page(contest)
    return []
