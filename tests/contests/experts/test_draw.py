"""The random draw of judges from the pool: reproducibility, every kind of recusal, the load limit,
the re-draw for declines, and nothing changed when the draw is refused."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contests.models import (
    AssignmentState,
    AuditEvent,
    ConflictDecision,
    ConflictFlag,
    ConflictSource,
    ExpertDraw,
    ExpertStatus,
    JudgeProfile,
    JudgeStatus,
)
from contests.services import ContestError
from contests.services.experts.draw import declined_count, draw_experts, pick, redraw, reproduces
from contests.services.judging.judges import decline_invitation
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.factories.experts import ExpertFactory
from tests.contests.factories.judging import JudgeFactory, assign, eligible_entry, open_round
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db


def outcomes(draw):
    return {row["expert"]: row["outcome"] for row in draw.outcome}


def test_draw_same_seed_same_experts(provincial, domain, boss):
    experts = [ExpertFactory(domains=[domain]) for _ in range(12)]
    first = draw_experts(provincial.round, count=4, domains=[domain], seed="s-2026", actor=boss)
    chosen = sorted(first.drawn.values_list("pk", flat=True))
    # The same pool and seed give the same experts (the pure random step over the same ids).
    assert sorted(pick([e.pk for e in experts], 4, "s-2026")) == chosen
    assert reproduces(first) is True
    assert first.seed == "s-2026"
    assert first.parameters["eligible"] == sorted(e.pk for e in experts)
    assert sorted(pick([e.pk for e in experts], 4, "other-seed")) != chosen or len(experts) == 4


def test_draw_makes_invited_judges_and_records_everything(provincial, domain, boss, django_capture_on_commit_callbacks):
    expert = ExpertFactory(domains=[domain], city=city("yantai"), load_limit=8, title="教授")
    with django_capture_on_commit_callbacks(execute=True):
        draw = draw_experts(provincial.round, count=1, domains=[domain], seed="x", actor=boss)
    judge = JudgeProfile.objects.get(expert=expert)
    assert (judge.contest, judge.status, judge.city, judge.load_limit, judge.email) == (
        provincial.contest, JudgeStatus.INVITED, city("yantai"), 8, expert.user.email,
    )  # fmt: skip
    assert list(judge.expertise.all()) == [provincial.track]
    assert [m.to for m in mail.outbox] == [[expert.user.email]]
    assert outcomes(draw) == {expert.pk: "drawn"}
    event = AuditEvent.objects.get(action="experts.drawn")
    assert event.after["seed"] == "x" and event.after["drawn"] == [expert.pk]


def test_draw_candidates_need_domain_account_and_active_status(provincial, domain, other_domain, boss):
    ExpertFactory(domains=[other_domain])
    ExpertFactory(domains=[domain], status=ExpertStatus.PAUSED)
    ExpertFactory(domains=[domain], user=None, email="invited@pool.example")
    ok = ExpertFactory(domains=[domain, other_domain])
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    assert outcomes(draw) == {ok.pk: "drawn"}


def test_draw_recuses_same_organisation_and_credit_code(provincial, domain, boss):
    same_name = ExpertFactory(domains=[domain], organisation="济南 数据公司")  # spaces do not hide it
    same_code = ExpertFactory(domains=[domain], organisation="另一家", credit_code="91370100MA3C5L2X7N")
    free = ExpertFactory(domains=[domain])
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    assert outcomes(draw) == {same_name.pk: "same_organisation", same_code.pk: "same_organisation", free.pk: "drawn"}


def test_draw_for_a_division_scopes_organisations_and_recuses_its_city(provincial, domain, boss):
    jinan_expert = ExpertFactory(domains=[domain], city=city("jinan"))
    qingdao_org = ExpertFactory(domains=[domain], organisation="青岛软件公司", city=city("yantai"))
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", division=provincial.jinan, actor=boss)
    # 济南's division: the 济南 expert is recused; the 青岛 team is not in scope, so its colleague may judge.
    assert outcomes(draw) == {jinan_expert.pk: "same_city", qingdao_org.pk: "drawn"}
    assert JudgeProfile.objects.get(expert=qingdao_org).division == provincial.jinan


def test_draw_round_wide_same_city_recusal_notes_entries(provincial, domain, boss):
    provincial.round.same_city_recusal = True
    provincial.round.save()
    jinan_expert = ExpertFactory(domains=[domain], city=city("jinan"))
    draw = draw_experts(provincial.round, count=1, domains=[domain], seed="1", actor=boss)
    assert draw.outcome == [
        {"expert": jinan_expert.pk, "name": jinan_expert.name, "organisation": jinan_expert.organisation,
         "outcome": "drawn", "same_city_entries": 1},
    ]  # fmt: skip


def test_draw_recuses_declared_relations(provincial, domain, boss):
    related = ExpertFactory(domains=[domain], declared_relations="曾任职：无关单位\n青岛软件公司\n")
    free = ExpertFactory(domains=[domain], declared_relations="某某大学")
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    assert outcomes(draw) == {related.pk: "declared_relation", free.pk: "drawn"}


def test_draw_recuses_conflict_history(provincial, domain, boss):
    recused, flagged, kept = (ExpertFactory(domains=[domain]) for _ in range(3))
    old = ContestFactory(year=2025)
    old_round = open_round(old)
    old_track = TrackFactory(contest=old)
    for expert, decision in ((recused, None), (flagged, ConflictDecision.REASSIGN), (kept, ConflictDecision.KEEP)):
        old_entry = eligible_entry(old, old_track)
        old_entry.team.organisation = "济南数据公司"
        old_entry.team.save()
        judge = JudgeFactory(contest=old, user=expert.user, expert=expert)
        assignment = assign(old_round, old_entry, judge)
        if decision is None:
            assignment.state = AssignmentState.RECUSED
            assignment.save()
        else:
            ConflictFlag.objects.create(
                assignment=assignment, reasons="同单位", source=ConflictSource.SCAN, decision=decision,
                resolved_at=timezone.now(),
            )  # fmt: skip
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    assert outcomes(draw) == {recused.pk: "conflict_history", flagged.pk: "conflict_history", kept.pk: "drawn"}


def test_draw_skips_experts_at_their_load_limit_and_current_judges(provincial, domain, boss):
    busy = ExpertFactory(domains=[domain], load_limit=1)
    closed_load = ExpertFactory(domains=[domain], load_limit=1)
    already = ExpertFactory(domains=[domain])
    other = ContestFactory()
    other_track = TrackFactory(contest=other)
    open_ = open_round(other)
    closed = open_round(
        other, number=2, opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=20)
    )
    assign(open_, eligible_entry(other, other_track), JudgeFactory(contest=other, user=busy.user, expert=busy))
    assign(
        closed,
        eligible_entry(other, other_track),
        JudgeFactory(contest=other, user=closed_load.user, expert=closed_load),
    )
    JudgeFactory(contest=provincial.contest, user=already.user)
    draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    assert outcomes(draw) == {busy.pk: "load_limit", closed_load.pk: "drawn", already.pk: "already_judge"}


def test_draw_refused_changes_nothing(provincial, domain, other_domain, boss):
    ExpertFactory(domains=[other_domain])
    with pytest.raises(ContestError):
        draw_experts(provincial.round, count=2, domains=[domain], seed="1", actor=boss)
    with pytest.raises(ContestError):
        draw_experts(provincial.round, count=0, domains=[other_domain], seed="1", actor=boss)
    with pytest.raises(ContestError):
        draw_experts(provincial.round, count=1, domains=[], seed="1", actor=boss)
    assert (ExpertDraw.objects.count(), JudgeProfile.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_redraw_tops_up_declines_never_the_same_expert(provincial, domain, boss):
    [ExpertFactory(domains=[domain]) for _ in range(6)]
    draw = draw_experts(provincial.round, count=3, domains=[domain], seed="r", actor=boss)
    with pytest.raises(ContestError):
        redraw(draw, actor=boss)  # nobody declined yet
    drawn = list(draw.drawn.all())
    for expert in drawn[:2]:
        judge = JudgeProfile.objects.get(expert=expert)
        decline_invitation(judge.invitations.get(), actor=expert.user)
    second = redraw(draw, actor=boss)
    assert (second.replaces, second.count, second.seed) == (draw, 2, "r-1")
    new = set(second.drawn.values_list("pk", flat=True))
    assert len(new) == 2 and not new & {e.pk for e in drawn}
    assert {row["outcome"] for row in second.outcome if row["expert"] in {e.pk for e in drawn}} == {"drawn_before"}
    with pytest.raises(ContestError):
        redraw(draw, actor=boss)  # both declines are replaced
    assert reproduces(second) is True


def test_a_short_redraw_leaves_the_rest_to_redraw_once_the_pool_grows(provincial, domain, boss):
    """Two declined but only one expert was left to draw: one decline stays open (not hidden as
    replaced), and a later re-draw fills it."""
    [ExpertFactory(domains=[domain]) for _ in range(3)]
    draw = draw_experts(provincial.round, count=2, domains=[domain], seed="s", actor=boss)
    for expert in draw.drawn.all():
        decline_invitation(JudgeProfile.objects.get(expert=expert).invitations.get(), actor=expert.user)
    first = redraw(draw, actor=boss)
    assert (first.count, first.drawn.count()) == (2, 1)
    draw.refresh_from_db()
    assert declined_count(draw) == 1
    ExpertFactory(domains=[domain])
    second = redraw(draw, actor=boss)
    assert second.drawn.count() == 1 and declined_count(draw) == 0
