"""Scoring service: drafts, submission lock, the round window, optimistic locking, reopening, audit."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from contests.models import AuditEvent, Score, ScoreStatus
from contests.services import ContestError
from contests.services.judging.scoring import ScoreRefused, reopen_score, save_score, weighted_total
from tests.contests.factories.judging import assign, judging_setup, organiser

pytestmark = pytest.mark.django_db

COMMENT = "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。"


@pytest.fixture
def setup():
    _contest, round_, _tracks, judges, entries = judging_setup(judges=2, entries=1)
    assignment = assign(round_, entries[0], judges[0])
    criteria = list(round_.criteria.order_by("sort_order"))
    return assignment, criteria


def values(criteria, *numbers):
    return {c.pk: Decimal(str(n)) for c, n in zip(criteria, numbers, strict=True)}


def test_weighted_total_scales_counted_criteria_to_100(setup):
    _assignment, criteria = setup
    # Maxima 25, 25, 20, 20, 10 equal the weights: the total is the sum.
    assert weighted_total(values(criteria, 20, 21.5, 15, 18, 9), criteria) == Decimal("83.50")
    assert weighted_total(values(criteria, 20, 21.5, 15, 18, 9) | {criteria[0].pk: None}, criteria) is None


def test_save_draft_then_submit_locks_the_score(setup):
    assignment, criteria = setup
    user = assignment.judge.user
    draft = save_score(assignment, actor=user, values=values(criteria, 20, 20, 15, 15, 8), comment="草稿", version=0)
    assert (draft.status, draft.version) == (ScoreStatus.DRAFT, 1)
    submitted = save_score(
        assignment, actor=user, values=values(criteria, 20, 21, 15, 15, 8), comment=COMMENT, version=1, submit=True
    )
    assert (submitted.status, submitted.version, submitted.submitted_at is not None) == (ScoreStatus.SUBMITTED, 2, True)
    assert dict(submitted.items.values_list("criterion__name", "value")) == {
        "创新性": Decimal("20.0"), "数据应用深度": Decimal("21.0"), "可行性": Decimal("15.0"),
        "社会经济效益": Decimal("15.0"), "展示表达": Decimal("8.0"),
    }  # fmt: skip
    with pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=user, values=values(criteria, 1, 1, 1, 1, 1), comment=COMMENT, version=2)
    assert (refusal.value.code, str(refusal.value)) == ("already_submitted", "评分已提交，不能再修改。")
    assert Score.objects.get(pk=submitted.pk).items.get(criterion=criteria[0]).value == Decimal("20.0")


def test_submit_requires_every_criterion_and_the_comment_length(setup):
    assignment, criteria = setup
    partial = values(criteria, 20, 20, 15, 15, 8) | {criteria[2].pk: None}
    with pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=assignment.judge.user, values=partial, comment="太短", version=0, submit=True)
    assert refusal.value.errors == {criteria[2].pk: "请为“可行性”打分。", "comment": "评语至少 20 字，目前 2 字。"}
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (26, "分数应在 0 到 25 之间。"),
        (-1, "分数应在 0 到 25 之间。"),
        ("20.25", "分数最多保留一位小数。"),
        ("abc", "请输入数字。"),
    ],
)
def test_values_outside_the_scale_are_refused(setup, number, message):
    assignment, criteria = setup
    with pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=assignment.judge.user, values={criteria[0].pk: number}, comment="", version=0)
    assert refusal.value.errors == {criteria[0].pk: message}


@pytest.mark.clock
def test_scoring_outside_the_round_window_is_refused(setup):
    assignment, _criteria = setup
    round_ = assignment.round
    with time_machine.travel(round_.closes_at + timedelta(seconds=1)), pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=assignment.judge.user, values={}, comment="", version=0)
    assert refusal.value.code == "round_closed"
    with time_machine.travel(round_.opens_at - timedelta(seconds=1)), pytest.raises(ScoreRefused):
        save_score(assignment, actor=assignment.judge.user, values={}, comment="", version=0)
    assert not Score.objects.exists()


def test_scoring_requires_the_no_conflict_declaration(setup):
    assignment, _criteria = setup
    assignment.declared_no_conflict_at = None
    assignment.save()
    with pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=assignment.judge.user, values={}, comment="", version=0)
    assert (refusal.value.code, str(refusal.value)) == ("not_declared", "请先声明与该作品不存在利益冲突。")


def test_two_submissions_of_the_same_form_produce_one_result(setup):
    """Two tabs (or a double click) built from version 1 both submit: one wins, the other is told."""
    assignment, criteria = setup
    user = assignment.judge.user
    save_score(assignment, actor=user, values={}, comment="", version=0)
    first = save_score(
        assignment, actor=user, values=values(criteria, 20, 20, 15, 15, 8), comment=COMMENT, version=1, submit=True
    )
    with pytest.raises(ScoreRefused) as refusal:
        save_score(
            assignment, actor=user, values=values(criteria, 5, 5, 5, 5, 5), comment=COMMENT, version=1, submit=True
        )
    assert refusal.value.code == "already_submitted"
    assert list(Score.objects.values_list("pk", "version", "status")) == [(first.pk, 2, ScoreStatus.SUBMITTED)]
    assert AuditEvent.objects.filter(action="judging.score_submitted").count() == 1


def test_a_stale_draft_save_is_refused(setup):
    assignment, _criteria = setup
    user = assignment.judge.user
    save_score(assignment, actor=user, values={}, comment="甲", version=0)
    save_score(assignment, actor=user, values={}, comment="乙", version=1)
    with pytest.raises(ScoreRefused) as refusal:
        save_score(assignment, actor=user, values={}, comment="丙", version=1)
    assert refusal.value.code == "stale"
    assert Score.objects.get().comment == "乙"
    with pytest.raises(ScoreRefused):
        save_score(assignment, actor=user, values={}, comment="丁", version=0)  # "first save" once more


def test_organiser_reopens_a_submitted_score_and_it_is_recorded(setup):
    assignment, criteria = setup
    user = assignment.judge.user
    score = save_score(
        assignment, actor=user, values=values(criteria, 20, 20, 15, 15, 8), comment=COMMENT, version=0, submit=True
    )
    boss = organiser()
    with pytest.raises(ContestError):
        reopen_score(score, actor=boss, reason="")
    reopened = reopen_score(score, actor=boss, reason="第二项分数录入错误")
    assert (reopened.status, reopened.version, reopened.submitted_at) == (ScoreStatus.DRAFT, 2, None)
    save_score(
        assignment, actor=user, values=values(criteria, 20, 24, 15, 15, 8), comment=COMMENT, version=2, submit=True
    )
    events = list(AuditEvent.objects.filter(object_type="contests.score").order_by("id"))
    assert [(e.action, e.actor_id) for e in events] == [
        ("judging.score_submitted", user.pk),
        ("judging.score_reopened", boss.pk),
        ("judging.score_submitted", user.pk),
    ]
    assert events[1].note == "第二项分数录入错误"
    assert (events[2].before["items"][str(criteria[1].pk)], events[2].after["items"][str(criteria[1].pk)]) == (
        "20.0",
        "24.0",
    )


def test_audit_events_are_append_only(setup):
    assignment, _criteria = setup
    save_score(assignment, actor=assignment.judge.user, values={}, comment="", version=0)
    event = AuditEvent.objects.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_on_postgresql_produce_one_result(postgres):
    """Real threads, real connections: the conditional update lets exactly one submit through."""
    _contest, round_, _tracks, judges, entries = judging_setup(judges=1, entries=1)
    assignment = assign(round_, entries[0], judges[0])
    criteria = list(round_.criteria.order_by("sort_order"))
    user = assignment.judge.user
    save_score(assignment, actor=user, values={}, comment="", version=0)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit(n):
        try:
            barrier.wait()
            save_score(
                assignment,
                actor=user,
                values=values(criteria, 20, 20, 15, 15, n),
                comment=COMMENT,
                version=1,
                submit=True,
            )
            outcomes.append("ok")
        except ScoreRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_submitted"] * 3 + ["ok"]
    assert AuditEvent.objects.filter(action="judging.score_submitted").count() == 1
    assert Score.objects.get().version == 2
    assert timezone.now() >= Score.objects.get().submitted_at


def _described_by(page, name):
    import re

    tag = re.search(rf'<[^>]*name="{name}"[^>]*>', page).group(0)
    return re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()


def test_score_form_errors_are_announced_with_their_inputs(client, setup):
    """A refused save shows each message next to its input, and the input names it
    (aria-describedby), so a screen reader reads the error with the field."""
    assignment, criteria = setup
    client.force_login(assignment.judge.user)
    url = f"/judging/a/{assignment.code}/"
    # Out of the scale: the form's own check.
    out_of_scale = {f"criterion_{criteria[1].pk}": "99", "comment": "", "version": 0, "action": "save"}
    page = client.post(url, out_of_scale).content.decode()
    name = f"criterion_{criteria[1].pk}"
    assert _described_by(page, name) == [f"{name}-help", f"{name}-error"]
    assert f'id="{name}-error"' in page
    # Every criterion scored, the comment too short to submit: the scoring service's refusal.
    full = {f"criterion_{c.pk}": "5" for c in criteria}
    page = client.post(url, {**full, "comment": "好", "version": 0, "action": "submit"}).content.decode()
    assert _described_by(page, "comment") == ["comment-help", "comment-error"]
    assert 'id="comment-error"' in page
    assert _described_by(page, f"criterion_{criteria[0].pk}") == [f"criterion_{criteria[0].pk}-help"]
    assert not Score.objects.filter(assignment=assignment, status=ScoreStatus.SUBMITTED).exists()


def test_each_saves_audit_trail_holds_what_the_database_then_held(setup):
    """The "after" of every save is what an organiser reading the score would have found then:
    values added, changed and cleared (a criterion emptied in a later draft), version, comment."""
    from contests.services.judging.scoring import _snapshot

    assignment, criteria = setup
    user = assignment.judge.user
    first = {criteria[0].pk: Decimal("20"), criteria[2].pk: Decimal("15.5")}
    second = {criteria[0].pk: Decimal("19"), criteria[1].pk: Decimal("7")}  # criteria[2] cleared
    score = save_score(assignment, actor=user, values=first, comment="第一稿", version=0)
    read_back = [_snapshot(Score.objects.get(pk=score.pk))]
    save_score(assignment, actor=user, values=second, comment="第二稿", version=1)
    read_back.append(_snapshot(Score.objects.get(pk=score.pk)))
    save_score(
        assignment, actor=user, values=values(criteria, 20, 21, 15, 15, 8), comment=COMMENT, version=2, submit=True
    )
    read_back.append(_snapshot(Score.objects.get(pk=score.pk)))
    events = AuditEvent.objects.filter(object_type="contests.score", object_id=str(score.pk)).order_by("id")
    assert [e.after for e in events] == read_back
    assert read_back[1]["items"] == {str(criteria[0].pk): "19.0", str(criteria[1].pk): "7.0"}
    assert [e.before for e in events][1:] == read_back[:-1]
