"""Demo public votes (人气奖, load_demo order 96; idempotent).

* 2025: the final's vote, closed, not yet announced — the organiser's anomaly report
  (/admin/votes/) shows a scripted burst of 25 votes from one network within one minute for one
  entry (flagged, still to decide), and a cluster of six accounts on one device already voided with
  its reason; the organiser can void the burst and announce the result (/vote/shuyong-2025/2/).
* 2026: the final's vote, rules published, opening with the final (/vote/2026/2/).

The voters are demo people with verified mobile numbers (vote001…vote111@shuyong.example, the
judges' demo password). The 2025 votes are history, written as they were cast (hashes of made-up
addresses), not through the casting service, which only takes votes while a vote is open.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

VOTERS = 111
ORGANIC, BURST, DEVICE_CLUSTER = 80, 25, 6
# The organiser's own rules; the page lists the ones the settings make (categories, caps, verified phone) itself.
RULES = (
    "1. 投票期间不公布票数，投票结束并经核查后，有效票数和作废票数随结果一并公示。\n"
    "2. 对作废决定有异议的团队，可在结果公示期内向组委会书面提出。"
)
VOID_REASON = "同一设备登录 6 个账号集中投票，经核查为刷票。"


def _at(month, day, hour, minute=0, second=0):
    return timezone.make_aware(datetime(2025, month, day, hour, minute, second))


def load_votes(command, options):
    from contests.demo.judging import PASSWORD
    from contests.models import Contest, Round

    def say(text):
        if command is not None:
            command.stdout.write(text)

    organiser = _organiser()
    if organiser is None:
        say("人气奖投票演示数据：没有组织者账号（需先加载大赛演示数据），跳过。")
        return []
    final_2025 = Round.objects.filter(contest__slug="shuyong-2025", number=2).select_related("contest").first()
    if final_2025 is not None and _vote_2025(final_2025, organiser):
        say("人气奖投票演示数据：2025 决赛投票已结束，异常报告中有一次集中投票待核查、一组已作废。")
    contest_2026 = Contest.objects.filter(slug="2026").first()
    final_2026 = Round.objects.filter(contest=contest_2026, number=2).first() if contest_2026 else None
    if final_2026 is not None and _vote_2026(final_2026, organiser):
        say("人气奖投票演示数据：2026 决赛投票规则已公布，随决赛开始。")
    return [("人气奖投票人（已验证手机号）voter", "vote001@shuyong.example", PASSWORD)]


def _organiser():
    from django.contrib.auth import get_user_model

    from contests.demo.contest import ORGANISER

    return get_user_model().objects.filter(email=ORGANISER[0]).first()


def _voters():
    """The demo voters, made once: verified numbers 1390000xxxx, accounts from spring 2025 (the
    device cluster's from the week before the vote)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from contests.demo.judging import PASSWORD

    User = get_user_model()
    emails = [f"vote{n:03d}@shuyong.example" for n in range(1, VOTERS + 1)]
    existing = User.objects.in_bulk(emails, field_name="email")
    password = make_password(PASSWORD)
    missing = []
    for n, email in enumerate(emails, start=1):
        if email in existing:
            continue
        joined = _at(7, 3, 20) if n > ORGANIC + BURST else _at(4, 1, 9) + timedelta(hours=n)
        fields = {"real_name": f"投票人{n:03d}", "phone": f"1390000{n:04d}", "phone_verified_at": joined}
        missing.append(User(email=email, password=password, is_active=True, date_joined=joined, **fields))
    User.objects.bulk_create(missing)
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _vote_2025(final, organiser):
    from contests.models import PublicVote, Vote, VoteStatus
    from contests.services import audit
    from contests.services.votes.casting import candidate_entries
    from contests.services.votes.clients import VoteClient, fingerprint

    if PublicVote.objects.filter(round=final).exists():
        return False
    entries = list(candidate_entries_of(final))
    if not entries:
        return False
    public_vote = PublicVote.objects.create(
        round=final, opens_at=_at(7, 10, 9), closes_at=_at(7, 17, 18), daily_cap=3, weight=0, rules=RULES,
        status=VoteStatus.PUBLISHED, published_at=_at(7, 8, 10), created_by=organiser,
    )  # fmt: skip
    entries = list(candidate_entries(public_vote))
    by_track = {}
    for entry in entries:
        by_track.setdefault(entry.track_id, []).append(entry)
    rng = random.Random(2025)  # demo data, not security
    voters = _voters()
    organic, burst, cluster = voters[:ORGANIC], voters[ORGANIC : ORGANIC + BURST], voters[ORGANIC + BURST :]
    votes = []

    def add(voter, entry, moment, client):
        votes.append(
            Vote(public_vote=public_vote, entry=entry, voter=voter, category=public_vote.category_of(entry),
                 cast_at=moment, **fingerprint(client))
        )  # fmt: skip

    span = (public_vote.closes_at - public_vote.opens_at).total_seconds()
    for n, voter in enumerate(organic):
        for track_entries in by_track.values():
            if rng.random() < 0.7:
                # Popularity differs: earlier entries of a track draw more votes.
                entry = track_entries[min(int(rng.expovariate(0.6)), len(track_entries) - 1)]
                moment = public_vote.opens_at + timedelta(seconds=rng.uniform(0, span))
                agent = rng.choice(["iPhone 微信", "Android 微信", "Windows Edge", "Android Chrome"])
                add(voter, entry, moment, VoteClient(f"10.{n}.{rng.randrange(250)}.9", agent, f"demo-{n}"))
    target = by_track[next(iter(by_track))][-1]  # the least popular entry of the first track
    burst_at = _at(7, 15, 2, 13)
    for n, voter in enumerate(burst):
        add(
            voter,
            target,
            burst_at + timedelta(seconds=2 * n),
            VoteClient(f"203.0.113.{n + 7}", "python-requests", f"b{n}"),
        )
    other = by_track[list(by_track)[-1]][-1]
    for n, voter in enumerate(cluster):
        add(
            voter,
            other,
            _at(7, 12, 21) + timedelta(minutes=9 * n),
            VoteClient(f"10.200.{n}.3", "Android 微信", "one-phone"),
        )
    Vote.objects.bulk_create(votes)
    _views(public_vote, entries, rng)
    voided = Vote.objects.filter(public_vote=public_vote, voter__in=cluster)
    ids = list(voided.values_list("pk", flat=True))
    voided.update(voided_at=_at(7, 18, 10), voided_by=organiser, void_reason=VOID_REASON)
    audit.record(
        "public_vote.voided", public_vote, actor=organiser, contest=final.contest,
        after={"votes": ids, "per_entry": {str(other.pk): len(ids)}}, note=VOID_REASON,
    )  # fmt: skip
    return True


def _views(public_vote, entries, rng):
    """How often the voting page showed each entry, per day: a few times its votes, as people browse."""
    from contests.models import VoteView

    days = (public_vote.closes_at.date() - public_vote.opens_at.date()).days + 1
    VoteView.objects.bulk_create(
        [
            VoteView(public_vote=public_vote, entry=entry, day=public_vote.opens_at.date() + timedelta(days=d),
                     count=rng.randint(40, 90))
            for entry in entries
            for d in range(days)
        ]
    )  # fmt: skip


def candidate_entries_of(round_):
    from contests.models import PublicVote
    from contests.services.votes.casting import candidate_entries

    return candidate_entries(PublicVote(round=round_))


def _vote_2026(final, organiser):
    from contests.models import PublicVote, VoteStatus

    if PublicVote.objects.filter(round=final).exists():
        return False
    PublicVote.objects.create(
        round=final, opens_at=final.opens_at, closes_at=final.opens_at + timedelta(days=7), daily_cap=3, weight=0,
        rules=RULES, status=VoteStatus.PUBLISHED, published_at=timezone.now(), created_by=organiser,
    )  # fmt: skip
    return True
