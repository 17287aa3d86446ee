"""The data desk's rules (contests/services/datadesk.py): applying, deciding, revoking, withdrawing,
who may download, and the download tokens."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from contests.choices import DataRequestStatus
from contests.models import AgreementAcceptance, AuditEvent, DataRequest, TeamMembership
from contests.rules import can_decide_data_request, can_download_data, is_unit_member
from contests.services import ContestError
from contests.services import datadesk as desk
from tests.contests.datadesk.builders import make_offer, new_agreement_version
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _apply(world, offers=None, user=None, purpose="分析门诊量分布", accept=True, now=None):
    offers = offers or [world.offer]
    accepting = [desk.current_agreement(offer) for offer in offers] if accept else []
    return desk.apply(
        world.ours.team, offers, purpose, user or world.ours.leader, "10.0.0.1", now or timezone.now(),
        accepting=[a for a in accepting if a],
    )  # fmt: skip


# ---------------------------------------------------------------- offers and agreements


def test_a_team_sees_the_offers_of_the_challenges_its_entries_answer(world):
    assert list(desk.offers_for_team(world.ours.team)) == [world.offer, world.second, world.open_offer, world.sandbox]
    assert list(desk.offers_for_team(world.theirs.team)) == [world.foreign_offer]


def test_the_current_agreement_is_the_newest_version(world, boss):
    second = new_agreement_version(world.offer, boss)
    assert desk.current_agreement(world.offer) == second


def test_accepting_records_time_version_and_address_once(world):
    agreement = desk.current_agreement(world.offer)
    now = timezone.now()
    first = desk.accept_agreement(world.ours.member, agreement, "192.0.2.7", now)
    again = desk.accept_agreement(world.ours.member, agreement, "192.0.2.8", now + timedelta(hours=1))
    assert (again.pk, first.accepted_at, first.ip_address) == (first.pk, now, "192.0.2.7")
    assert AuditEvent.objects.filter(action="datadesk.agreement_accept").count() == 1


def test_an_old_agreement_version_cannot_be_accepted(world, boss):
    old = desk.current_agreement(world.offer)
    new_agreement_version(world.offer, boss)
    with pytest.raises(ContestError) as error:
        desk.accept_agreement(world.ours.leader, old, "", timezone.now())
    assert error.value.code == "stale_agreement"


def test_outsiders_and_advisers_cannot_accept_an_agreement(world):
    agreement = desk.current_agreement(world.offer)
    for user in (world.theirs.leader, world.ours.adviser, UserFactory()):
        with pytest.raises(ContestError):
            desk.accept_agreement(user, agreement, "", timezone.now())
    assert not AgreementAcceptance.objects.exists()


# ---------------------------------------------------------------- applying


def test_applying_creates_a_pending_request_due_in_five_working_days(world):
    with time_machine.travel("2026-09-24T16:00:00+08:00", tick=False):
        (request,) = _apply(world)
    assert request.status == DataRequestStatus.PENDING
    assert timezone.localtime(request.due_at).isoformat() == "2026-10-09T23:59:59+08:00"
    assert AuditEvent.objects.filter(action="datadesk.apply", object_id=str(request.pk)).exists()


def test_applying_for_two_offers_at_once(world):
    requests = _apply(world, offers=[world.offer, world.second])
    assert [r.offer for r in requests] == [world.offer, world.second]


def test_the_new_request_is_mailed_to_the_unit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(world)
    assert [m.to for m in mail.outbox] == [[world.unit_user.email]]
    assert "基层门诊就诊数据" in mail.outbox[0].subject


def test_the_agreement_must_be_accepted_by_the_applicant(world):
    with pytest.raises(ContestError) as error:
        _apply(world, accept=False)
    assert "基层门诊就诊数据" in error.value.message
    assert not DataRequest.objects.exists()


def test_another_members_acceptance_does_not_count_for_the_applicant(world):
    desk.accept_agreement(world.ours.member, desk.current_agreement(world.offer), "", timezone.now())
    with pytest.raises(ContestError):
        _apply(world, accept=False)


def test_one_refused_offer_refuses_the_whole_application(world, boss):
    no_agreement = make_offer(world.challenge, boss, name="无协议数据", agreement_text="")
    with pytest.raises(ContestError) as error:
        _apply(world, offers=[world.offer, no_agreement])
    assert "无协议数据" in error.value.message
    assert not DataRequest.objects.exists()
    assert not AgreementAcceptance.objects.exists()  # the ticked acceptance rolled back too


@pytest.mark.parametrize("which", ["open_offer", "sandbox", "foreign_offer"])
def test_only_agreement_offers_of_the_teams_own_challenges(world, which):
    with pytest.raises(ContestError):
        desk.apply(world.ours.team, [getattr(world, which)], "用途", world.ours.leader, "", timezone.now())
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize("who", ["adviser", "outsider", "other_team"])
def test_only_the_teams_leader_and_members_apply(world, who):
    user = {"adviser": world.ours.adviser, "outsider": UserFactory(), "other_team": world.theirs.leader}[who]
    with pytest.raises(ContestError) as error:
        _apply(world, user=user)
    assert error.value.code == "not_player"


def test_a_member_may_apply(world):
    (request,) = _apply(world, user=world.ours.member)
    assert request.requested_by == world.ours.member


@pytest.mark.parametrize("purpose", ["", "   ", "长" * 2001])
def test_the_purpose_is_required_and_bounded(world, purpose):
    with pytest.raises(ContestError):
        _apply(world, purpose=purpose)


def test_one_live_request_per_team_and_offer(world):
    _apply(world)
    with pytest.raises(ContestError) as error:
        _apply(world, user=world.ours.member)
    assert error.value.code == "duplicate"
    assert "基层门诊就诊数据" in error.value.message
    assert DataRequest.objects.count() == 1


def test_after_a_rejection_the_team_may_apply_again(world, applied):
    desk.decide(applied, world.unit_user, False, "用途不清", applied.version, timezone.now())
    (again,) = _apply(world)
    assert again.status == DataRequestStatus.PENDING


def test_no_application_after_the_contest(world):
    with pytest.raises(ContestError) as error:
        _apply(world, now=world.contest.results_date)
    assert error.value.code == "contest_over"


# ---------------------------------------------------------------- deciding


def test_the_unit_approves_until_the_contest_results(world, applied, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        decided = desk.decide(applied, world.unit_user, True, "", applied.version, now)
    assert (decided.status, decided.decided_by, decided.decided_at) == ("approved", world.unit_user, now)
    assert decided.access_ends_at == world.contest.results_date
    assert decided.version == applied.version + 1
    event = AuditEvent.objects.get(action="datadesk.approve")
    assert (event.actor, event.contest, event.before["status"]) == (world.unit_user, world.contest, "pending")
    team_addresses = sorted([world.ours.leader.email, world.ours.member.email, world.ours.adviser.email])
    assert sorted(m.to[0] for m in mail.outbox) == team_addresses
    assert "已批准" in mail.outbox[0].subject


def test_a_rejection_needs_a_reason(world, applied):
    with pytest.raises(ContestError) as error:
        desk.decide(applied, world.unit_user, False, "  ", applied.version, timezone.now())
    assert error.value.code == "reason_required"
    applied.refresh_from_db()
    assert applied.status == DataRequestStatus.PENDING


def test_a_rejection_is_audited_with_its_reason(world, applied):
    desk.decide(applied, world.unit_user, False, "用途与赛题无关", applied.version, timezone.now())
    assert AuditEvent.objects.get(action="datadesk.reject").after["reason"] == "用途与赛题无关"


def test_a_stale_decision_is_refused(world, applied):
    stale_version = applied.version
    desk.decide(applied, world.unit_user, True, "", stale_version, timezone.now())
    with pytest.raises(ContestError) as error:
        desk.decide(applied, world.organiser, False, "不同意", stale_version, timezone.now())
    assert error.value.code == "stale"
    applied.refresh_from_db()
    assert applied.status == DataRequestStatus.APPROVED


@pytest.mark.parametrize("who", ["other_unit", "team", "outsider"])
def test_only_the_unit_or_an_organiser_decides(world, applied, who):
    user = {"other_unit": world.other_unit_user, "team": world.ours.leader, "outsider": UserFactory()}[who]
    with pytest.raises(ContestError) as error:
        desk.decide(applied, user, True, "", applied.version, timezone.now())
    assert error.value.code == "not_decider"


def test_an_organiser_may_decide(world, applied):
    assert desk.decide(applied, world.organiser, True, "", applied.version, timezone.now()).status == "approved"


def test_the_predicates(world, applied):
    assert is_unit_member(world.unit_user, world.unit) and not is_unit_member(world.other_unit_user, world.unit)
    assert can_decide_data_request(world.unit_user, applied)
    assert can_decide_data_request(world.organiser, applied)
    assert not can_decide_data_request(world.other_unit_user, applied)
    assert not can_decide_data_request(world.ours.leader, applied)


# ---------------------------------------------------------------- revoking and withdrawing


def test_revoking_needs_a_reason_and_ends_access(world, approved, django_capture_on_commit_callbacks):
    with pytest.raises(ContestError):
        desk.revoke(approved, world.unit_user, "", timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        revoked = desk.revoke(approved, world.unit_user, "发现数据被转发", timezone.now())
    assert (revoked.status, revoked.revoke_reason, revoked.revoked_by) == ("revoked", "发现数据被转发", world.unit_user)
    assert AuditEvent.objects.filter(action="datadesk.revoke").count() == 1
    assert "撤销" in mail.outbox[0].subject and "发现数据被转发" in mail.outbox[0].body
    assert not desk.can_download(world.ours.leader, revoked, timezone.now())


def test_only_approved_requests_are_revoked(world, applied):
    with pytest.raises(ContestError) as error:
        desk.revoke(applied, world.unit_user, "原因", timezone.now())
    assert error.value.code == "not_approved"


def test_the_team_withdraws_a_pending_request(world, applied):
    withdrawn = desk.withdraw(applied, world.ours.member)
    assert withdrawn.status == DataRequestStatus.WITHDRAWN
    with pytest.raises(ContestError):
        desk.withdraw(withdrawn, world.ours.member)


def test_an_adviser_cannot_withdraw(world, applied):
    with pytest.raises(ContestError):
        desk.withdraw(applied, world.ours.adviser)


# ---------------------------------------------------------------- who may download


def test_the_approved_players_download_once_they_accepted_the_current_agreement(world, approved):
    now = timezone.now()
    assert desk.can_download(world.ours.leader, approved, now)  # accepted when applying
    assert not desk.can_download(world.ours.member, approved, now)  # has not accepted yet
    desk.accept_agreement(world.ours.member, desk.current_agreement(world.offer), "", now)
    assert desk.can_download(world.ours.member, approved, now)
    assert can_download_data(world.ours.member, approved)


def test_a_new_agreement_version_needs_a_new_acceptance(world, approved, boss):
    new_agreement_version(world.offer, boss)
    assert not desk.can_download(world.ours.leader, approved, timezone.now())
    desk.accept_agreement(world.ours.leader, desk.current_agreement(world.offer), "", timezone.now())
    assert desk.can_download(world.ours.leader, approved, timezone.now())


def test_nobody_else_downloads(world, approved):
    now = timezone.now()
    for user in (world.ours.adviser, world.theirs.leader, world.unit_user, world.organiser, UserFactory()):
        assert not desk.can_download(user, approved, now)


def test_a_former_member_no_longer_downloads(world, approved):
    TeamMembership.objects.filter(team=world.ours.team, user=world.ours.leader).update(role="member")
    assert desk.can_download(world.ours.leader, approved, timezone.now())
    TeamMembership.objects.filter(team=world.ours.team, user=world.ours.leader).delete()
    assert not desk.can_download(world.ours.leader, approved, timezone.now())


def test_access_ends_at_the_contest_results(world, approved):
    assert desk.can_download(world.ours.leader, approved, approved.access_ends_at - timedelta(seconds=1))
    assert not desk.can_download(world.ours.leader, approved, approved.access_ends_at)


def test_pending_and_rejected_requests_give_no_access(world, applied):
    assert not desk.can_download(world.ours.leader, applied, timezone.now())
    rejected = desk.decide(applied, world.unit_user, False, "不同意", applied.version, timezone.now())
    assert not desk.can_download(world.ours.leader, rejected, timezone.now())


# ---------------------------------------------------------------- tokens


def test_a_token_names_its_user_request_and_file(world, approved):
    token = desk.download_token(approved, world.file, world.ours.leader)
    assert desk.check_download_token(token, world.ours.leader) == (approved, world.file)
    assert desk.check_download_token(token, world.ours.member) is None
    assert desk.check_download_token(token + "x", world.ours.leader) is None
    assert desk.check_download_token("garbage", world.ours.leader) is None


@pytest.mark.clock
def test_a_token_expires_after_ten_minutes(world, approved):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        token = desk.download_token(approved, world.file, world.ours.leader)
        traveller.shift(timedelta(minutes=9, seconds=59))
        assert desk.check_download_token(token, world.ours.leader) is not None
        traveller.shift(timedelta(seconds=2))
        assert desk.check_download_token(token, world.ours.leader) is None


def test_a_token_for_a_file_of_another_offer_is_refused(world, approved, boss):
    from tests.contests.datadesk.builders import make_file

    foreign_file = make_file(world.foreign_offer, boss)
    token = desk.download_token(approved, foreign_file, world.ours.leader)
    assert desk.check_download_token(token, world.ours.leader) is None


def test_record_download_logs_who_what_when_size_and_address(world, approved):
    now = timezone.now()
    download = desk.record_download(approved, world.file, world.ours.leader, "192.0.2.1", now)
    assert (download.user, download.file, download.downloaded_at, download.size, download.ip_address) == (
        world.ours.leader, world.file, now, world.file.size, "192.0.2.1"
    )  # fmt: skip
