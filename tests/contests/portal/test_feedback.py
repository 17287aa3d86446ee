"""Feedback to teams: a team reads its own anonymised breakdown of a published round, nothing else."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests.models import AssignmentState, ResultPublication, RoundResult, ScoreStatus
from contests.services.judging.judges import judge_letter
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.feedback import rank_band, team_feedback
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, leader_of
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)

pytestmark = pytest.mark.django_db

OWN_COMMENT = "创新点明确，建议补充数据安全方案。"
OTHER_COMMENT = "另一团队的评语：技术路线清楚。"


def values_for(total):
    """Criterion values (rubric maxima 25, 25, 20, 20, 10) whose weighted total is ``total``."""
    values, deficit = [25, 25, 20, 20, 10], 100 - total
    for i, top in enumerate(values):
        cut = min(top, deficit)
        values[i] -= cut
        deficit -= cut
    return values


def publish(round_, actor, *, final=False):
    now = timezone.now()
    return ResultPublication.objects.create(
        round=round_,
        notice_days=7,
        published_by=actor,
        published_at=now - timedelta(days=1),
        notice_ends_at=now + timedelta(days=6),
        finalised_by=actor if final else None,
        finalised_at=now if final else None,
    )


@pytest.fixture
def scored():
    """One track, four entries scored by three judges; ``own`` also has a draft, a recused and a
    removed judge's score that must never show."""
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=3)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    judges = [
        JudgeFactory(contest=contest, tracks=[track], name=f"王评审{i}", organisation=f"山东评审研究院{i}")
        for i in range(6)
    ]
    own, *others = (eligible_entry(contest, track) for _ in range(4))
    own_totals = [90, 80, 70]
    for judge, total in zip(judges[:3], own_totals, strict=True):
        submitted_score(assign(round_, own, judge), values_for(total), comment=f"{OWN_COMMENT}{total}")
    submitted_score(
        assign(round_, own, judges[3]), values_for(10), comment="草稿评语不应出现", status=ScoreStatus.DRAFT
    )
    submitted_score(
        assign(round_, own, judges[4], state=AssignmentState.RECUSED), values_for(5), comment="回避评委评语不应出现"
    )
    submitted_score(
        assign(round_, own, judges[5], state=AssignmentState.REMOVED), values_for(3), comment="撤销评委评语不应出现"
    )
    for entry, total in zip(others, [60, 50, 40], strict=True):
        for judge in judges[:3]:
            submitted_score(assign(round_, entry, judge), values_for(total), comment=f"{OTHER_COMMENT}{total}")
    boss = organiser()
    compute_round_results(round_, actor=boss)
    return {
        "contest": contest,
        "round": round_,
        "track": track,
        "judges": judges,
        "own": own,
        "others": others,
        "boss": boss,
    }


def feedback_url(entry, round_):
    return reverse("contests:entry_feedback", kwargs={"uuid": entry.uuid, "round_id": round_.pk})


def test_judge_letters_and_rank_bands():
    assert [judge_letter(i) for i in (0, 1, 2, 25, 26, 27)] == ["A", "B", "C", "Z", "AA", "AB"]
    assert [rank_band(rank, 20) for rank in (1, 2, 3, 6, 7, 10, 11, 20)] == [
        "前 10%", "前 10%", "前 30%", "前 30%", "前 50%", "前 50%", "前 50% 以外", "前 50% 以外",
    ]  # fmt: skip
    assert rank_band(None, 20) is None


def test_team_sees_its_own_breakdown_after_publication(client, scored):
    own, round_ = scored["own"], scored["round"]
    publish(round_, scored["boss"])
    client.force_login(leader_of(own.team))
    response = client.get(feedback_url(own, round_))
    assert response.status_code == 200
    text = response.text
    # Three counted judges, lettered; their totals and comments; not the draft, recused or removed ones.
    assert [j.label for j in response.context["feedback"].judges] == ["评委 A", "评委 B", "评委 C"]
    assert "评委 D" not in text
    for total in (90, 80, 70):
        assert f"{OWN_COMMENT}{total}" in text
        assert f"<td>{total}.00</td>" in text
    for hidden in ("草稿评语不应出现", "回避评委评语不应出现", "撤销评委评语不应出现"):
        assert hidden not in text
    # Score 80 (mean of 90, 80, 70), rank 1 of 4 → 前 30%; track average (80+60+50+40)/4 = 57.5.
    assert "<dt>本轮得分</dt><dd>80.00</dd>" in text
    assert "<dt>赛道内排名区间</dt><dd>前 30%</dd>" in text
    assert "<dt>赛道平均分</dt><dd>57.50</dd>" in text
    # Per criterion, judges A/B/C (totals 90, 80, 70 take 10, 20, 30 points off the first criteria).
    feedback = response.context["feedback"]
    assert [[float(v) for v in line.values] for line in feedback.lines[:2]] == [[15, 5, 0], [25, 25, 20]]
    assert [round(line.own_mean, 2) for line in feedback.lines[:2]] == [6.67, 23.33]
    # Track means over all twelve scores: the other entries all scored 0 on the first criterion.
    assert round(feedback.lines[0].track_mean, 2) == round(20 / 12, 2)


def test_feedback_never_shows_judge_identity_or_other_teams(client, scored):
    own, round_ = scored["own"], scored["round"]
    publish(round_, scored["boss"], final=True)
    client.force_login(leader_of(own.team))
    text = client.get(feedback_url(own, round_)).text
    for judge in scored["judges"]:
        assert judge.name not in text
        assert judge.email not in text
        assert judge.organisation not in text
    assert OTHER_COMMENT not in text
    for other in scored["others"]:
        assert other.title not in text
        assert other.team.name not in text


def test_judge_letters_follow_assignment_order_not_names(scored):
    own, round_ = scored["own"], scored["round"]
    publish(round_, scored["boss"])
    round_.refresh_from_db()
    # Judges 0, 1, 2 were assigned in that order and gave 90, 80, 70.
    assert [(j.label, j.total) for j in team_feedback(own, round_).judges] == [
        ("评委 A", 90), ("评委 B", 80), ("评委 C", 70),
    ]  # fmt: skip


def test_another_teams_feedback_is_404(client, scored):
    own, other, round_ = scored["own"], scored["others"][0], scored["round"]
    publish(round_, scored["boss"])
    client.force_login(leader_of(own.team))
    assert client.get(feedback_url(other, round_)).status_code == 404
    # A judge of the round is no team member either.
    client.force_login(scored["judges"][0].user)
    assert client.get(feedback_url(own, round_)).status_code == 404


def test_feedback_before_publication_is_404(client, scored):
    own, round_ = scored["own"], scored["round"]
    client.force_login(leader_of(own.team))
    assert client.get(feedback_url(own, round_)).status_code == 404


def test_feedback_for_a_round_of_another_contest_is_404(client, scored):
    own = scored["own"]
    elsewhere = open_round(ContestFactory())
    publish(elsewhere, scored["boss"])
    client.force_login(leader_of(own.team))
    assert client.get(feedback_url(own, elsewhere)).status_code == 404


def test_anonymous_user_is_sent_to_sign_in(client, scored):
    publish(scored["round"], scored["boss"])
    response = client.get(feedback_url(scored["own"], scored["round"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("contests:login"))


def test_no_scores_when_contest_gives_no_feedback(client, scored):
    own, round_, contest = scored["own"], scored["round"], scored["contest"]
    contest.feedback_to_teams = False
    contest.save(update_fields=["feedback_to_teams"])
    publish(round_, scored["boss"])
    client.force_login(leader_of(own.team))
    response = client.get(feedback_url(own, round_))
    assert response.status_code == 200
    assert "本次大赛不向参赛团队反馈评分明细。" in response.text
    assert "评委 A" not in response.text
    assert OWN_COMMENT not in response.text
    assert "80.00" not in response.text
    # The entry page links to no feedback either.
    detail = client.get(reverse("contests:entry_detail", kwargs={"uuid": own.uuid}))
    assert feedback_url(own, round_) not in detail.text


def test_team_member_and_adviser_read_it_too(client, scored):
    own, round_ = scored["own"], scored["round"]
    publish(round_, scored["boss"])
    for user in (add_member(own.team), add_member(own.team, role="adviser")):
        client.force_login(user)
        assert f"{OWN_COMMENT}90" in client.get(feedback_url(own, round_)).text


def test_track_average_hidden_in_a_small_track(client, scored):
    """With two ranked entries, the average and one's own score would reveal the other's score."""
    contest, round_, judges = scored["contest"], scored["round"], scored["judges"]
    small = TrackFactory(contest=contest)
    a, b = eligible_entry(contest, small), eligible_entry(contest, small)
    for entry, total in ((a, 88), (b, 44)):
        submitted_score(assign(round_, entry, judges[0]), values_for(total))
    compute_round_results(round_, actor=scored["boss"])
    publish(round_, scored["boss"])
    client.force_login(leader_of(a.team))
    response = client.get(feedback_url(a, round_))
    assert "赛道作品较少，不公布平均分" in response.text
    assert "66.00" not in response.text
    feedback = response.context["feedback"]
    assert (feedback.track_average, [line.track_mean for line in feedback.lines]) == (None, [None] * 5)
    assert feedback.band == "前 50%"


def test_entry_page_links_to_published_feedback(client, scored):
    own, round_ = scored["own"], scored["round"]
    client.force_login(leader_of(own.team))
    url = reverse("contests:entry_detail", kwargs={"uuid": own.uuid})
    before = client.get(url).text
    assert feedback_url(own, round_) not in before
    assert "结果公布后可在此查看评审反馈" in before
    publish(round_, scored["boss"])
    after = client.get(url).text
    assert f'href="{feedback_url(own, round_)}"' in after


def test_entry_without_result_sees_no_scores(client, scored):
    contest, round_ = scored["contest"], scored["round"]
    late = eligible_entry(contest, scored["track"])
    publish(round_, scored["boss"])
    client.force_login(leader_of(late.team))
    response = client.get(feedback_url(late, round_))
    assert response.status_code == 200
    assert "本轮没有你们作品的有效评分。" in response.text
    assert not RoundResult.objects.filter(entry=late).exists()


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_feedback_query_count_does_not_grow_with_judges(client, scored):
    own, round_, contest = scored["own"], scored["round"], scored["contest"]
    publish(round_, scored["boss"])
    client.force_login(leader_of(own.team))
    url = feedback_url(own, round_)
    with_three = count_queries(client, url)
    for i in range(4):
        judge = JudgeFactory(contest=contest, tracks=[scored["track"]])
        submitted_score(assign(round_, own, judge), values_for(60 + i))
    compute_round_results(round_, actor=scored["boss"])
    with_seven = count_queries(client, url)
    assert len(team_feedback(own, round_).judges) == 7
    assert with_three == with_seven


def test_stranger_gets_404(client, scored):
    publish(scored["round"], scored["boss"])
    client.force_login(UserFactory())
    assert client.get(feedback_url(scored["own"], scored["round"])).status_code == 404


def test_team_is_told_when_a_consensus_score_ranked_its_entry(client, scored):
    """With the consensus step, the rank score is the panel's consensus: the team sees it named as
    such beside the judges' original aggregate, and the average column keeps the original."""
    from decimal import Decimal

    from contests.models import ConsensusScore

    own, round_, boss = scored["own"], scored["round"], scored["boss"]
    round_.consensus_required = True
    round_.save(update_fields=["consensus_required"])
    ConsensusScore.objects.create(round=round_, entry=own, value=Decimal("84.50"), reason="合议", recorded_by=boss)
    compute_round_results(round_, actor=boss)
    publish(round_, boss)
    client.force_login(leader_of(own.team))
    text = client.get(feedback_url(own, round_)).text
    assert "<dt>本轮得分</dt><dd>84.50</dd>" in text
    assert "本轮排名采用评审组合议得分 84.50（评委原始汇总分 80.00）" in text
    other = scored["others"][0]
    client.force_login(leader_of(other.team))
    assert "合议得分" not in client.get(feedback_url(other, round_)).text
