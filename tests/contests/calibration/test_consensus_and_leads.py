"""The consensus step and lead judges: a consensus score changes the ranking and keeps the originals;
values, reasons and versions are checked; a lead judge sees and acts on their own track's panel only
(404 elsewhere), blind; appointment in the admin offers a 赛题's unit members."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from contests.models import AuditEvent, ConsensusScore, LeadJudge, RoundResult, Score, ScoreStatus
from contests.services import ContestError
from contests.services.judging.consensus import record_consensus
from contests.services.judging.judges import blind_code
from contests.services.judging.leads import appoint_lead, panel_of
from contests.services.judging.results import compute_round_results
from contests.services.judging.scoring import reopen_score
from tests.contests.factories import TrackFactory, UserFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    judging_setup,
    organiser,
    submitted_score,
)

pytestmark = pytest.mark.django_db

REASON = "合议：两位评委对可行性分歧较大，经讨论按落地条件调整。"


@pytest.fixture
def scored():
    """Two entries of one track scored by two judges: A (80, 80) ranks above B (70, 70)."""
    _contest, round_, (track,), judges, (first, second) = judging_setup(judges=2, entries=2)
    round_.consensus_required = True
    round_.save(update_fields=["consensus_required"])
    for judge in judges:
        submitted_score(assign(round_, first, judge), [20, 20, 16, 16, 8])
        submitted_score(assign(round_, second, judge), [18, 18, 14, 14, 6])
    return round_, track, judges, first, second, organiser()


def test_a_consensus_score_changes_the_ranking_and_keeps_the_originals(scored):
    round_, _track, _judges, first, second, boss = scored
    compute_round_results(round_, actor=boss)
    assert list(RoundResult.objects.filter(round=round_).order_by("rank").values_list("entry_id", flat=True)) == [
        first.pk,
        second.pk,
    ]
    originals = list(Score.objects.order_by("pk").values_list("pk", "status", "version"))
    record_consensus(round_, second, actor=boss, value="85", reason=REASON, version=0)
    compute_round_results(round_, actor=boss)
    rows = {r.entry_id: r for r in RoundResult.objects.filter(round=round_)}
    assert (rows[second.pk].rank, rows[second.pk].score, rows[second.pk].trimmed_mean) == (1, 85.0, 70.0)
    assert (rows[first.pk].rank, rows[first.pk].score) == (2, 80.0)
    assert list(Score.objects.order_by("pk").values_list("pk", "status", "version")) == originals
    event = AuditEvent.objects.get(action="judging.consensus_recorded")
    assert (event.after["value"], event.note) == ("85.00", REASON)


def test_the_results_page_shows_the_consensus_the_original_and_the_delta(client, scored):
    round_, track, _judges, _first, second, boss = scored
    record_consensus(round_, second, actor=boss, value="85", reason=REASON, version=0)
    compute_round_results(round_, actor=boss)
    client.force_login(boss)
    html = client.get(reverse("judging_rounds:results", args=[round_.pk]), {"track": track.pk}).content.decode()
    assert "原始汇总分" in html and "合议差值" in html
    assert "85.00" in html and "70.00" in html and "15.00" in html


@pytest.mark.parametrize(
    ("value", "reason", "version", "code"),
    [("100.5", REASON, 0, "invalid"), ("-1", REASON, 0, "invalid"), ("80", "  ", 0, "reason_required"),
     ("80", REASON, 3, "stale"), ("80.123", REASON, 0, "invalid")],
)  # fmt: skip
def test_a_bad_consensus_is_refused_and_nothing_is_written(scored, value, reason, version, code):
    round_, _track, _judges, first, _second, boss = scored
    with pytest.raises(ContestError) as refused:
        record_consensus(round_, first, actor=boss, value=value, reason=reason, version=version)
    assert refused.value.code == code
    assert not ConsensusScore.objects.exists()


def test_a_consensus_changed_meanwhile_is_stale(scored):
    round_, _track, _judges, first, _second, boss = scored
    record_consensus(round_, first, actor=boss, value="81", reason=REASON, version=0)
    record_consensus(round_, first, actor=boss, value="82", reason=REASON, version=1)
    with pytest.raises(ContestError) as stale:
        record_consensus(round_, first, actor=boss, value="83", reason=REASON, version=1)
    assert stale.value.code == "stale"
    assert ConsensusScore.objects.get().value == Decimal("82.00")


def test_no_consensus_without_the_step(scored):
    round_, _track, _judges, first, _second, boss = scored
    round_.consensus_required = False
    with pytest.raises(ContestError) as refused:
        record_consensus(round_, first, actor=boss, value="80", reason=REASON, version=0)
    assert refused.value.code == "not_required"


def test_no_consensus_while_an_original_is_unsubmitted(scored):
    """The step follows scoring: with a judge's draft (or an unscored assignment) the originals are not
    final yet, so the consensus is refused and nothing is written; once submitted it is accepted."""
    round_, _track, _judges, first, _second, boss = scored
    late = JudgeFactory(contest=round_.contest, tracks=[first.track])
    draft = submitted_score(assign(round_, first, late), [10, 10, 10, 10, 5], status=ScoreStatus.DRAFT)
    with pytest.raises(ContestError) as refused:
        record_consensus(round_, first, actor=boss, value="75", reason=REASON, version=0)
    assert refused.value.code == "scoring_unfinished"
    assert "评分尚未全部提交" in refused.value.message
    assert not ConsensusScore.objects.exists()
    Score.objects.filter(pk=draft.pk).update(status=ScoreStatus.SUBMITTED)
    assert record_consensus(round_, first, actor=boss, value="75", reason=REASON, version=0).value == Decimal("75.00")


def test_the_originals_cannot_be_reopened_once_a_consensus_is_recorded(client, scored):
    round_, _track, _judges, first, second, boss = scored
    record_consensus(round_, first, actor=boss, value="75", reason=REASON, version=0)
    locked = Score.objects.filter(assignment__entry=first).first()
    with pytest.raises(ContestError) as refused:
        reopen_score(locked, actor=boss, reason="评委要求更正")
    assert refused.value.code == "consensus_recorded"
    client.force_login(boss)
    page = client.post(
        reverse("judging_rounds:reopen_score", args=[locked.pk]), {"reason": "评委要求更正", "confirm": "on"}
    )
    assert "已记录合议得分，原始评分已锁定" in page.content.decode()
    locked.refresh_from_db()
    assert locked.status == ScoreStatus.SUBMITTED
    # Another entry without a consensus can still be returned to its judge.
    other = Score.objects.filter(assignment__entry=second).first()
    assert reopen_score(other, actor=boss, reason="评委要求更正").status == ScoreStatus.DRAFT


def test_the_lead_panel_offers_consensus_only_once_scoring_is_finished(client, lead_world):
    lead, round_, first, _second, _other = lead_world
    late = JudgeFactory(contest=round_.contest, tracks=[first.track])
    assign(round_, first, late)
    client.force_login(lead.user)
    html = client.get(url("lead_panel", lead, round_)).content.decode()
    assert html.count("记录合议得分") == 1  # the second entry only
    assert "评分完成后可合议" in html
    response = client.post(
        url("lead_consensus", lead, round_, entry_id=first.pk), {"value": "75", "reason": REASON, "version": 0}
    )
    assert "评分尚未全部提交" in response.content.decode()
    assert not ConsensusScore.objects.exists()


# Lead judges ---------------------------------------------------------------------------------------


@pytest.fixture
def lead_world(scored):
    round_, track, judges, first, second, boss = scored
    other_track = TrackFactory(contest=round_.contest)
    other_entry = eligible_entry(round_.contest, other_track)
    assign(round_, other_entry, judges[0])
    user = UserFactory(email="lead@leads.example")
    lead = appoint_lead(round_.contest, user=user, actor=boss, track=track)
    return lead, round_, first, second, other_entry


def url(name, lead, round_, **kwargs):
    return reverse(f"contests:judging:{name}", kwargs={"lead_id": lead.pk, "round_id": round_.pk, **kwargs})


def test_the_lead_panel_is_blind_and_limited_to_the_track(client, lead_world):
    lead, round_, first, second, other_entry = lead_world
    client.force_login(lead.user)
    html = client.get(url("lead_panel", lead, round_)).content.decode()
    assert blind_code(first) in html and blind_code(second) in html
    assert blind_code(other_entry) not in html
    assert first.title not in html and first.team.name not in html
    panel = panel_of(lead, round_)
    assert [e.entry_id for e in panel.entries] == sorted([first.pk, second.pk], key=lambda pk: blind_code(
        first if pk == first.pk else second))  # fmt: skip
    assert (panel.progress.assigned, panel.progress.submitted) == (4, 4)


def test_a_lead_judge_gets_404_outside_their_panel(client, lead_world):
    lead, round_, first, _second, other_entry = lead_world
    client.force_login(lead.user)
    assert client.get(url("lead_consensus", lead, round_, entry_id=other_entry.pk)).status_code == 404
    assert client.get(url("lead_flag", lead, round_, entry_id=other_entry.pk)).status_code == 404
    stranger = LeadJudge.objects.create(
        contest=round_.contest, track=other_entry.track, user=UserFactory(), appointed_by=lead.appointed_by
    )
    assert client.get(url("lead_panel", stranger, round_)).status_code == 404
    client.force_login(stranger.user)
    assert client.get(url("lead_consensus", lead, round_, entry_id=first.pk)).status_code == 404
    response = client.post(
        url("lead_consensus", lead, round_, entry_id=first.pk), {"value": "90", "reason": REASON, "version": 0}
    )
    assert response.status_code == 404
    assert not ConsensusScore.objects.exists()


def test_a_lead_judge_records_consensus_and_flags_a_disagreement(client, lead_world):
    lead, round_, first, _second, _other = lead_world
    client.force_login(lead.user)
    response = client.post(
        url("lead_consensus", lead, round_, entry_id=first.pk), {"value": "88.5", "reason": REASON, "version": 0}
    )
    assert response.status_code == 302
    assert ConsensusScore.objects.get().recorded_by == lead.user
    client.post(url("lead_flag", lead, round_, entry_id=first.pk), {"note": "评委甲乙对创新性看法相反。"})
    event = AuditEvent.objects.get(action="judging.disagreement_flagged")
    assert (event.object_id, event.note) == (str(first.pk), "评委甲乙对创新性看法相反。")
    client.force_login(lead.appointed_by)
    html = client.get(reverse("judging_calibration:consensus", args=[round_.pk])).content.decode()
    assert "评委甲乙对创新性看法相反。" in html


def test_a_lead_judge_reminds_late_judges_after_confirming(client, lead_world):
    lead, round_, first, _second, _other = lead_world
    late = JudgeFactory(contest=round_.contest)
    assign(round_, first, late)
    client.force_login(lead.user)
    page = client.get(url("lead_remind", lead, round_)).content.decode()
    assert late.name in page
    mail.outbox.clear()
    client.post(url("lead_remind", lead, round_), {})
    assert mail.outbox == []
    client.post(url("lead_remind", lead, round_), {"confirm": "on"})
    assert [m.to for m in mail.outbox] == [[late.email]]


def test_the_lead_panel_reads_a_fixed_number_of_queries(client, lead_world, django_assert_max_num_queries):
    lead, round_, _first, _second, _other = lead_world
    client.force_login(lead.user)
    with django_assert_max_num_queries(60) as small:
        client.get(url("lead_panel", lead, round_))
    for _n in range(4):
        entry = eligible_entry(round_.contest, lead.track)
        for _j in range(2):
            submitted_score(assign(round_, entry, JudgeFactory(contest=round_.contest)), [20, 20, 16, 16, 8])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("lead_panel", lead, round_))


def test_the_organiser_appoints_a_unit_member_as_lead_of_their_challenge(client, scored):
    from contests.models import Challenge
    from scenes.models import UnitMember
    from tests.contests.datadesk.builders import make_unit

    round_, track, _judges, _first, _second, boss = scored
    unit = make_unit("省水利厅", "shui-li")
    member = UserFactory(email="unit.lead@units.example", real_name="出题单位专家")
    UnitMember.objects.create(unit=unit, user=member)
    challenge = Challenge.objects.create(
        track=track, unit=unit, title="水利数据赛题", slug="water", description="说明", contact_name="联系人",
        created_by=boss,
    )  # fmt: skip
    client.force_login(boss)
    page = client.get(reverse("judging_calibration:contest_leads", args=[round_.contest.pk])).content.decode()
    assert "出题单位专家" in page
    response = client.post(
        reverse("judging_calibration:contest_leads", args=[round_.contest.pk]),
        {"user": member.pk, "challenge": challenge.pk},
    )
    assert response.status_code == 302
    lead = LeadJudge.objects.get(user=member)
    assert (lead.challenge, lead.track, lead.appointed_by) == (challenge, None, boss)


def test_the_notice_record_says_which_entries_the_consensus_ranked(scored):
    from contests.services.outcomes.publication import _ranking_method

    round_, _track, _judges, first, _second, boss = scored
    assert _ranking_method(round_)["consensus_entries"] == 0
    record_consensus(round_, first, actor=boss, value="81", reason=REASON, version=0)
    method = _ranking_method(round_)
    assert method["consensus_entries"] == 1 and method["ranking_method"].endswith("1 件作品采用合议得分")


def test_the_lead_sees_the_original_by_the_rounds_ranking_method(client):
    """The panel's 原始汇总分 is the aggregate the ranking uses (here the trimmed mean, as on the
    organiser's consensus page), not the plain mean."""
    _contest, round_, (track,), judges, (entry,) = judging_setup(judges=5, entries=1, k=5)
    totals = ([25, 25, 20, 20, 0], [25, 25, 20, 10, 0], [25, 25, 20, 10, 0], [25, 25, 20, 5, 0], [10, 10, 0, 0, 0])
    for judge, values in zip(judges, totals, strict=True):
        submitted_score(assign(round_, entry, judge), values)
    boss = organiser()
    compute_round_results(round_, actor=boss)
    result = RoundResult.objects.get(round=round_, entry=entry)
    assert result.trimmed_mean != result.mean
    lead = appoint_lead(round_.contest, user=UserFactory(), actor=boss, track=track)
    (row,) = panel_of(lead, round_).entries
    assert row.original == result.trimmed_mean
    client.force_login(lead.user)
    html = client.get(url("lead_panel", lead, round_)).content.decode()
    assert f"{result.trimmed_mean:.2f}" in html and f"{result.mean:.2f}" not in html
