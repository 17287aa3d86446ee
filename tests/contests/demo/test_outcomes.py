"""The outcomes demo loader: a past contest judged to the end (advancement, published and final
results, appeals, awards, a promoted winner) — and nothing more on a second run."""

import pytest
from django.contrib.auth import get_user_model

from cms.demo import ensure_child
from contests.choices import EntryStatus, Phase
from contests.demo.contest import load_contest
from contests.demo.outcomes import CONTEST_SLUG, load_outcomes
from contests.models import (
    AdvancementDecision,
    Appeal,
    AppealStatus,
    Assignment,
    AuditEvent,
    Award,
    Contest,
    ContestPage,
    Entry,
    FinalistConfirmation,
    JudgeProfile,
    Promotion,
    ResultPublication,
    RoundResult,
    Score,
    Team,
    TeamMembership,
)
from contests.models.finalists import FinalistStatus
from scenes.models import SolutionIndexPage, SolutionPage

pytestmark = pytest.mark.django_db

COUNTED = (Contest, Team, TeamMembership, Entry, JudgeProfile, Assignment, Score, RoundResult, AdvancementDecision,
           ResultPublication, Appeal, Award, Promotion, SolutionPage, ContestPage, AuditEvent, FinalistConfirmation)  # fmt: skip


@pytest.fixture
def outcomes_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    return Contest.objects.get(slug=CONTEST_SLUG)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_outcomes_tell_the_whole_story_once(outcomes_demo):
    contest = outcomes_demo
    first, final = contest.rounds.order_by("number")
    assert contest.tracks.count() == 3
    assert contest.entries.count() == 30
    # Six per track advanced into the final, frozen in the decision; the rest stayed behind.
    decision = first.advancement
    assert (decision.next_round, len(decision.advanced_entry_ids)) == (final, 18)
    # Confirmation was required: every finalist confirmed but one 医疗健康 team, which declined and
    # was replaced by the next-ranked entry of its track; that one confirmed and was judged in the final.
    confirmations = list(decision.finalists.select_related("entry__track").order_by("pk"))
    declined = [c for c in confirmations if c.status == FinalistStatus.DECLINED]
    assert [(c.entry.track.name, c.decline_reason != "") for c in declined] == [("医疗健康", True)]
    replacement = declined[0].replaced_by
    assert (replacement.status, replacement.entry.track.name) == (FinalistStatus.CONFIRMED, "医疗健康")
    assert [c.status for c in confirmations].count(FinalistStatus.CONFIRMED) == 18
    ranks = dict(RoundResult.objects.filter(round=first).values_list("entry_id", "rank"))
    assert ranks[replacement.entry_id] == 7
    in_final = set(decision.advanced_entry_ids) - {declined[0].entry_id} | {replacement.entry_id}
    assert set(Entry.objects.filter(current_round=final).values_list("pk", flat=True)) == in_final
    assert Entry.objects.get(pk=declined[0].entry_id).current_round == first
    assert declined[0].responded_at < replacement.created_at < replacement.responded_at < final.opens_at
    assert all(c.responded_at.year == 2025 and c.created_at.year == 2025 for c in confirmations)
    assert set(RoundResult.objects.filter(round=final).values_list("entry_id", flat=True)) == in_final
    assert RoundResult.objects.filter(round=first).count() == 30
    assert RoundResult.objects.filter(round=final).count() == 18
    assert RoundResult.objects.filter(round=first, disagreement=True).exists()
    # Both rounds published in 2025 and final after their notice windows.
    for round_ in (first, final):
        publication = round_.publication
        assert publication.published_at.year == 2025
        assert publication.notice_ends_at < publication.finalised_at
    # Appeals: one rejected in each round, one upheld and followed by an added award.
    assert sorted(Appeal.objects.values_list("round__number", "status")) == [
        (1, AppealStatus.REJECTED), (2, AppealStatus.REJECTED), (2, AppealStatus.UPHELD),
    ]  # fmt: skip
    upheld = Appeal.objects.get(status=AppealStatus.UPHELD)
    assert list(Award.objects.filter(entry=upheld.entry).values_list("category__name", "proposed")) == [
        ("优秀奖", False)
    ]
    # 5 awards per track from the ranking, the added 优秀奖 and the contest-wide special award.
    assert Award.objects.filter(category__contest=contest, revoked_at__isnull=True).count() == 17
    assert Award.objects.filter(category__level="special").count() == 1
    assert not Award.objects.filter(awarded_at__year__gt=2025).exists()
    assert not contest.entries.filter(updated_at__year__gt=2025).exists()
    # team1 leads a 2025 team that won 二等奖 and appealed (rejected).
    team1 = get_user_model().objects.get(email="team1@shuyong.example")
    entry = Entry.objects.get(contest=contest, team__memberships__user=team1)
    assert entry.status == EntryStatus.AWARDED
    assert list(entry.awards.values_list("category__name", flat=True)) == ["二等奖"]
    assert entry.appeals.get().status == AppealStatus.REJECTED
    # The winner of 智慧养老 is a draft solution in the showcase.
    promotion = Promotion.objects.get()
    assert promotion.entry.awards.get().category.name == "一等奖"
    assert (promotion.solution_page.live, promotion.promoted_at.year) == (False, 2025)

    # Due diligence before the final results: all passed but one 优秀奖 of 智慧养老 (not team1's), which
    # passed to the next-ranked finalist; every case was decided in 2025, before finalising.
    from contests.models import DueDiligenceCase, DueDiligenceStatus

    cases = DueDiligenceCase.objects.filter(request__round=final)
    assert cases.count() == 18 and not cases.exclude(reviewed_at__lt=final.publication.finalised_at).exists()
    failed = cases.get(status=DueDiligenceStatus.FAILED)
    assert (failed.award.track.slug, failed.award.category.name) == ("zhihui-yanglao", "优秀奖")
    assert failed.award.revoked_at.year == 2025 and failed.award.entry != entry
    successor = failed.successor_award
    assert (successor.entry.track, successor.revoked_at, successor.due_diligence.status) == (
        failed.award.track, None, DueDiligenceStatus.PASSED,
    )  # fmt: skip
    assert cases.filter(status=DueDiligenceStatus.PASSED).count() == 17
    assert not cases.filter(documents__isnull=True).exists()

    before = counts()
    load_outcomes(None, {})
    assert counts() == before


def test_demo_outcomes_fill_the_screens(client, outcomes_demo):
    contest = outcomes_demo
    final = contest.rounds.get(number=2)
    # The public contest page lists the final winners, and team1's entry among them.
    html = client.get(f"/contests/{CONTEST_SLUG}/").content.decode()
    assert html.count('class="winner"') == 17 - 1  # one entry holds two awards (二等奖 aside, the special award)
    assert "一等奖" in html and "最佳数据融合奖" in html
    # The public record of the finalist change: counts only, no names.
    assert "初赛晋级决赛，医疗健康赛道：放弃晋级 1 件，逾期未确认 0 件，按排名由候补作品递补 1 件。" in html
    # The public-notice record tells the due diligence and the award passed on (no documents, no reasons).
    from contests.models import DueDiligenceCase

    failed = DueDiligenceCase.objects.get(status="failed")
    assert f"尽职调查未通过，奖项由《{failed.successor_award.entry.title}》" in html
    assert "共 18 项，通过 17 项，未通过 1 项" in html
    assert failed.award.entry.title not in html and failed.review_reason not in html
    # Finished: the phase is 已结束 and the timeline's results step 已公布, nothing 进行中.
    assert contest.phase() == Phase.CLOSED
    assert '<span class="badge badge-done">已公布</span>' in html and "进行中" not in html

    # team1 sees the 2025 entry with its feedback, its rejected appeal and a certificate.
    team1 = get_user_model().objects.get(email="team1@shuyong.example")
    entry = Entry.objects.get(contest=contest, team__memberships__user=team1)
    client.force_login(team1)
    assert entry.title in client.get("/portal/").content.decode()
    detail = client.get(f"/portal/entries/{entry.uuid}/").content.decode()
    assert "查看决赛评审反馈" in detail
    feedback = client.get(f"/portal/entries/{entry.uuid}/rounds/{final.pk}/feedback/").content.decode()
    assert "评委 A" in feedback and "评委 E" in feedback
    appeal = client.get(f"/portal/entries/{entry.uuid}/rounds/{final.pk}/appeal/").content.decode()
    assert "申诉驳回" in appeal and "维持二等奖" in appeal
    number = entry.awards.get().certificate_number
    assert f"/portal/certificates/{number}.pdf" in detail and "本队申诉" in detail
    certificate = client.get(f"/portal/certificates/{number}.pdf")
    assert (certificate.status_code, certificate.content[:5]) == (200, b"%PDF-")

    # The organiser sees the final's appeals, one rejected and one upheld.
    client.force_login(get_user_model().objects.get(email="organiser@shuyong.example"))
    decision = contest.rounds.get(number=1).advancement
    finalists_page = client.get(f"/admin/outcomes/finalists/decisions/{decision.pk}/").content.decode()
    assert finalists_page.count("放弃晋级") >= 1 and "已递补" in finalists_page and "团队核心成员" in finalists_page
    page = client.get(f"/admin/outcomes/publication/rounds/{final.pk}/").content.decode()
    assert page.count("申诉驳回") == 1 and page.count("申诉成立") == 1
    assert entry.team.name in page
    # The appeals index names the round once and has no pending appeal left.
    index = client.get("/admin/outcomes/publication/")
    assert f">{final}</a>" in index.content.decode()
    assert [(r.pk, r.pending) for r in index.context["rounds"] if r.contest_id == contest.pk] == [
        (contest.rounds.get(number=1).pk, 0), (final.pk, 0),
    ]  # fmt: skip
