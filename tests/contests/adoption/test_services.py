"""Adoption milestones: who may log, editing under the version lock, evidence, the three decisions,
their effects (need → 已落地, public pages retired, e-mail) and the public figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contests.models import AdoptionMilestone, AuditEvent, MilestoneKind, MilestoneStatus, Promotion
from contests.services import ContestError
from contests.services.adoption import milestones as service
from contests.services.adoption import public, review
from scenes.choices import NeedStatus
from scenes.models import NeedPage
from tests.contests.adoption.conftest import make_milestone
from tests.contests.factories.entries import pdf_upload
from tests.scenes.factories import ProviderFactory, city

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "kind": MilestoneKind.GO_LIVE,
        "title": "在济南市 12 个社区正式上线",
        "description": "覆盖独居老人 3000 人。",
        "happened_on": date(2025, 10, 1),
        "node": city("jinan"),
        "beneficiaries": 120_000,
        "investment_wan": Decimal("150.50"),
    }
    return values | overrides


# --- who may log -----------------------------------------------------------------------------------


def test_final_winners_players_may_log_but_not_advisers_or_others(world):
    assert service.may_log(world.leader, world.entry)
    assert service.may_log(world.member, world.entry)
    assert not service.may_log(world.adviser, world.entry)
    assert not service.may_log(world.other_leader, world.entry)
    assert not service.may_log(world.other_leader, world.other_entry)  # not a winner


def test_a_revoked_award_or_provisional_results_give_no_right_to_log(world):
    from contests.models import ResultPublication

    ResultPublication.objects.filter(round=world.award.round).update(finalised_at=None)
    assert not service.is_adoption_entry(world.entry)
    ResultPublication.objects.filter(round=world.award.round).update(finalised_at=world.award.awarded_at)
    assert service.is_adoption_entry(world.entry)
    type(world.award).objects.filter(pk=world.award.pk).update(revoked_at=world.award.awarded_at)
    assert not service.is_adoption_entry(world.entry)


def test_a_promoted_entry_may_log(world):
    Promotion.objects.create(entry=world.other_entry, provider=ProviderFactory(), promoted_by=world.boss)
    assert service.may_log(world.other_leader, world.other_entry)


def test_creating_is_refused_for_others_and_audited_for_the_team(world):
    with pytest.raises(ContestError):
        service.create_milestone(world.entry, user=world.other_leader, data=data())
    milestone = service.create_milestone(world.entry, user=world.member, data=data())
    assert milestone.status == MilestoneStatus.SUBMITTED and milestone.version == 1
    assert AuditEvent.objects.filter(action="adoption.milestone_create", object_id=str(milestone.pk)).exists()


@pytest.mark.parametrize(
    "overrides", [{"beneficiaries": 10**12}, {"beneficiaries": -1}, {"investment_wan": Decimal("99999999")}]
)
def test_absurd_figures_are_refused(world, overrides):
    with pytest.raises(ContestError):
        service.create_milestone(world.entry, user=world.leader, data=data(**overrides))
    assert not AdoptionMilestone.objects.exists()


# --- editing under the lock ------------------------------------------------------------------------


def test_an_edit_with_a_stale_version_is_refused(world):
    milestone = service.create_milestone(world.entry, user=world.leader, data=data())
    service.update_milestone(milestone, user=world.member, data=data(title="新的简述"), version=1)
    milestone.refresh_from_db()
    assert milestone.title == "新的简述" and milestone.version == 2
    with pytest.raises(service.StaleMilestone):
        service.update_milestone(milestone, user=world.leader, data=data(title="旧的"), version=1)
    milestone.refresh_from_db()
    assert milestone.title == "新的简述"


def test_a_confirmed_or_rejected_milestone_cannot_be_edited(world):
    for status in (MilestoneStatus.CONFIRMED, MilestoneStatus.REJECTED):
        milestone = make_milestone(world.entry, status=status)
        with pytest.raises(ContestError):
            service.update_milestone(milestone, user=world.leader, data=data(), version=milestone.version)


def test_more_info_then_an_edit_returns_it_to_waiting(world):
    milestone = make_milestone(world.entry)
    review.decide(milestone, actor=world.jinan_editor, decision=review.MORE_INFO, note="请上传协议", version=1)
    assert milestone.status == MilestoneStatus.MORE_INFO
    service.update_milestone(milestone, user=world.leader, data=data(), version=milestone.version)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED


# --- evidence --------------------------------------------------------------------------------------


def test_evidence_is_checked_stored_privately_with_its_hash(world, settings, tmp_path):
    milestone = make_milestone(world.entry)
    evidence = service.add_evidence(milestone, pdf_upload("试点协议.pdf"), user=world.leader)
    assert evidence.original_name == "试点协议.pdf" and len(evidence.sha256) == 64
    assert evidence.file.storage.exists(evidence.file.name)
    with pytest.raises(ContestError):
        service.add_evidence(milestone, SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>"), user=world.leader)
    assert milestone.evidence.count() == 1


def test_no_evidence_on_a_confirmed_milestone_and_at_most_five(world):
    confirmed = make_milestone(world.entry, status=MilestoneStatus.CONFIRMED)
    with pytest.raises(ContestError):
        service.add_evidence(confirmed, pdf_upload(), user=world.leader)
    milestone = make_milestone(world.entry)
    for _ in range(service.EVIDENCE_MAX_FILES):
        service.add_evidence(milestone, pdf_upload(), user=world.leader)
    with pytest.raises(ContestError):
        service.add_evidence(milestone, pdf_upload(), user=world.leader)


# --- review ----------------------------------------------------------------------------------------


def test_who_may_review(world):
    milestone = make_milestone(world.entry)  # 济南, the entry's 赛题 is the unit's
    assert review.can_review_milestone(world.jinan_editor, milestone)
    assert review.can_review_milestone(world.moderator, milestone)
    assert review.can_review_milestone(world.unit_member, milestone)
    assert not review.can_review_milestone(world.qingdao_editor, milestone)
    assert not review.can_review_milestone(world.other_unit_member, milestone)
    assert not review.can_review_milestone(world.boss, milestone)
    assert not review.can_review_milestone(world.leader, milestone)
    qingdao = make_milestone(world.entry, node="qingdao", unit=world.other_unit)
    assert review.can_review_milestone(world.other_unit_member, qingdao)
    assert review.can_review_milestone(world.qingdao_editor, qingdao)


def test_queues(world):
    jinan = make_milestone(world.entry)
    qingdao = make_milestone(world.entry, node="qingdao")
    assert list(review.node_editor_queue(world.jinan_editor)) == [jinan]
    assert set(review.node_editor_queue(world.boss)) == {jinan, qingdao}
    assert set(review.node_editor_queue(world.moderator)) == {jinan, qingdao}
    assert set(review.unit_queue([world.unit.pk])) == {jinan, qingdao}  # the 赛题's unit
    assert list(review.unit_queue([world.other_unit.pk])) == []


def test_confirming_a_go_live_moves_the_need_to_adopted_mails_the_team_and_is_audited(
    world, django_capture_on_commit_callbacks
):
    milestone = make_milestone(world.entry)
    with django_capture_on_commit_callbacks(execute=True):
        review.decide(milestone, actor=world.jinan_editor, decision=review.CONFIRM, note="", version=1)
    assert milestone.status == MilestoneStatus.CONFIRMED and milestone.reviewed_by == world.jinan_editor
    assert NeedPage.objects.get(pk=world.need.pk).status == NeedStatus.ADOPTED
    assert AuditEvent.objects.filter(action="adoption.milestone_confirm", object_id=str(milestone.pk)).exists()
    assert {m.to[0] for m in mail.outbox} == {world.leader.email, world.member.email, world.adviser.email}
    assert "已确认" in mail.outbox[0].subject


def test_confirming_a_pilot_leaves_the_need_alone(world):
    milestone = make_milestone(world.entry, kind=MilestoneKind.PILOT)
    review.decide(milestone, actor=world.unit_member, decision=review.CONFIRM, note="", version=1)
    assert NeedPage.objects.get(pk=world.need.pk).status == NeedStatus.COLLECTING


def test_decisions_need_a_reviewer_a_reason_and_the_current_version(world):
    milestone = make_milestone(world.entry)
    with pytest.raises(ContestError):
        review.decide(milestone, actor=world.qingdao_editor, decision=review.CONFIRM, note="", version=1)
    with pytest.raises(ContestError):
        review.decide(milestone, actor=world.jinan_editor, decision=review.REJECT, note="  ", version=1)
    with pytest.raises(ContestError):
        review.decide(milestone, actor=world.jinan_editor, decision=review.CONFIRM, note="", version=7)
    review.decide(milestone, actor=world.jinan_editor, decision=review.REJECT, note="材料不实", version=1)
    assert milestone.status == MilestoneStatus.REJECTED and milestone.review_note == "材料不实"
    with pytest.raises(ContestError):  # decided once
        review.decide(milestone, actor=world.jinan_editor, decision=review.CONFIRM, note="", version=2)


def test_confirming_retires_stored_public_pages(world, monkeypatch):
    bumped = []
    monkeypatch.setattr(review, "bump_pages_version", lambda: bumped.append(1))
    editor = world.jinan_editor
    review.decide(make_milestone(world.entry), actor=editor, decision=review.MORE_INFO, note="补", version=1)
    assert bumped == []  # nothing public changed
    review.decide(make_milestone(world.entry), actor=world.jinan_editor, decision=review.CONFIRM, note="", version=1)
    assert bumped


# --- public figures --------------------------------------------------------------------------------


def test_adoption_figures_count_confirmed_milestones_only(world):
    make_milestone(world.entry, kind=MilestoneKind.PILOT, status="confirmed", beneficiaries=2000)
    make_milestone(world.entry, status="confirmed", beneficiaries=100_000, investment_wan=Decimal("50"))
    make_milestone(world.entry, node="qingdao", status="confirmed", beneficiaries=20_000)
    make_milestone(world.entry, node="zibo", status="submitted", beneficiaries=9_999_999)
    make_milestone(world.entry, kind=MilestoneKind.FUNDING, status="rejected", investment_wan=Decimal("999"))
    figures = public.adoption_figures(contest=world.contest)
    assert (figures.pilots, figures.go_lives, figures.cities) == (1, 2, 2)
    # 济南's pilot (2,000) and go-live (100,000) are one deployment: its largest figure counts, as on /impact/.
    assert figures.beneficiaries == 120_000 and figures.investment_wan == Decimal("50")
    by_entry = public.adoption_figures(group_by="entry")
    assert by_entry[world.entry.pk] == figures
    assert public.adoption_figures(entries=[world.other_entry.pk]).milestones == 0


def test_the_solution_page_figures_agree_with_the_impact_dashboard(world):
    """The figures a solution or scene page shows are those /impact/ shows for the same winners."""
    from contests.services.impact import Filters, impact

    make_milestone(world.entry, kind=MilestoneKind.PILOT, status="confirmed", beneficiaries=2000)
    make_milestone(world.entry, status="confirmed", beneficiaries=100_000, investment_wan=Decimal("50"))
    make_milestone(world.entry, kind=MilestoneKind.USERS, status="confirmed", beneficiaries=150_000)
    make_milestone(world.entry, node="qingdao", status="confirmed", beneficiaries=20_000, investment_wan=Decimal("5"))
    make_milestone(world.entry, node="zibo", status="more_info", beneficiaries=9_999_999)
    page = public.adoption_figures(contest=world.contest)
    dashboard = impact(Filters(contest=world.contest)).total
    assert (page.pilots, page.go_lives, page.beneficiaries, page.investment_wan) == (
        dashboard.pilots, dashboard.go_lives, dashboard.beneficiaries, dashboard.investment,
    )  # fmt: skip
    assert (page.beneficiaries, page.cities) == (170_000, 2)


def test_adoption_rate_is_the_share_of_final_winners_with_a_confirmed_go_live(world):
    rate = public.contest_adoption_rate(world.contest)
    assert (rate.winners, rate.adopted, rate.percent) == (1, 0, 0)
    make_milestone(world.entry, status="confirmed", kind=MilestoneKind.PILOT)
    assert public.contest_adoption_rate(world.contest).adopted == 0
    make_milestone(world.entry, status="confirmed")
    make_milestone(world.entry, status="confirmed", node="qingdao")
    rate = public.contest_adoption_rate(world.contest)
    assert (rate.winners, rate.adopted, rate.percent) == (1, 1, 100)


def test_public_blocks_and_the_rate_read_a_constant_number_of_queries(world, django_assert_num_queries):
    from contests.models import Award
    from tests.contests.factories import TeamFactory
    from tests.contests.factories.judging import eligible_entry

    def add_winner():
        entry = eligible_entry(world.contest, world.track, team=TeamFactory(contest=world.contest))
        award = world.award
        Award.objects.create(
            category=award.category, entry=entry, round=award.round, track=entry.track, awarded_by=world.boss
        )
        Promotion.objects.create(entry=entry, provider=ProviderFactory(), promoted_by=world.boss)
        make_milestone(entry, status="confirmed", node="qingdao", scene=None)

    make_milestone(world.entry, status="confirmed")
    for size in (1, 6):
        while AdoptionMilestone.objects.count() < size:
            add_winner()
        assert public.contest_adoption_rate(world.contest).adopted == size
        with django_assert_num_queries(2):
            public.contest_adoption_rate(world.contest)
        # Any page stands in for a scene or a solution here: one query, whatever matches.
        with django_assert_num_queries(1):
            public.scene_adoption(world.need)
        with django_assert_num_queries(1):
            public.solution_adoption(world.need)
        with django_assert_num_queries(1):
            assert len(public.adoption_figures(contest=world.contest, group_by="entry")) == size


def test_the_team_is_told_what_to_add_when_asked_for_more(world, django_capture_on_commit_callbacks):
    milestone = make_milestone(world.entry)
    with django_capture_on_commit_callbacks(execute=True):
        review.decide(milestone, actor=world.unit_member, decision=review.MORE_INFO, note="请补充上线通知", version=1)
    body = mail.outbox[0].body
    assert "需补充材料" in mail.outbox[0].subject
    assert "请补充上线通知" in body and f"/portal/entries/{world.entry.uuid}/adoption/" in body


def test_adoption_rate_has_the_impact_dashboards_one_decimal():
    # 2 of 16 winners live: the contest page said 12% while /impact/ said 12.5%.
    assert public.AdoptionRate(winners=16, adopted=2).percent == 12.5
    assert public.AdoptionRate(winners=3, adopted=1).percent == 33.3
    assert public.AdoptionRate(winners=0, adopted=0).percent == 0
