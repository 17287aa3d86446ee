"""Calibration before a round opens: the gate on normal scoring (service, rule and page), saving and
submitting calibration scores, the deviation table, closing, and that calibration never counts."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from contests.models import AuditEvent, CalibrationScore, EntryFile, RoundResult, Score
from contests.rules import can_score
from contests.services import ContestError
from contests.services.judging.calibration import (
    add_anchor,
    close_calibration,
    deviation_table,
    remove_anchor,
    save_calibration,
)
from contests.services.judging.judges import blind_code
from contests.services.judging.results import compute_round_results
from contests.services.judging.scoring import ScoreRefused, save_score
from tests.contests.calibration.helpers import COMMENT, calibration_round, calibration_score, values_of
from tests.contests.factories import UserFactory
from tests.contests.factories.entries import pdf_upload
from tests.contests.factories.judging import eligible_entry, submitted_score

pytestmark = pytest.mark.django_db

FULL = [20, 20, 16, 16, 8]


def test_scoring_is_refused_on_the_server_until_calibration_closes():
    round_, judges, _entries, _anchors, assignments, boss = calibration_round()
    assignment = assignments[0]
    with pytest.raises(ScoreRefused) as refused:
        save_score(assignment, actor=judges[0].user, values=values_of(round_, FULL), comment=COMMENT, version=0)
    assert (refused.value.code, str(refused.value)) == ("calibration", "本轮需先完成校准")
    assert not can_score(judges[0].user, assignment)
    assert not Score.objects.exists()

    close_calibration(round_, actor=boss)
    assignment.round.refresh_from_db()
    assert can_score(judges[0].user, assignment)
    score = save_score(assignment, actor=judges[0].user, values=values_of(round_, FULL), comment=COMMENT, version=0)
    assert score.version == 1


def test_the_score_page_refuses_a_post_before_close_and_says_why(client):
    round_, judges, _entries, _anchors, assignments, _boss = calibration_round()
    assignment = next(a for a in assignments if a.judge == judges[0])
    client.force_login(judges[0].user)
    url = reverse("contests:judging:assignment", kwargs={"code": assignment.code})
    page = client.get(url).content.decode()
    assert "本轮需先完成校准" in page
    data = {f"criterion_{c.pk}": v for c, v in zip(round_.criteria.order_by("sort_order"), FULL, strict=True)}
    response = client.post(url, {**data, "version": 0, "comment": COMMENT, "action": "save"}, follow=True)
    assert "本轮需先完成校准" in response.content.decode()
    assert not Score.objects.exists()


def test_the_judge_dashboard_shows_the_calibration_task_first(client):
    _round, judges, _entries, _anchors, _assignments, _boss = calibration_round()
    client.force_login(judges[0].user)
    response = client.get(reverse("contests:judging:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("第一步：评审校准") < html.index("已提交 0/3")


def test_a_judge_saves_then_submits_a_calibration_score_with_optimistic_locking():
    round_, judges, _entries, (anchor, _second), _assignments, _boss = calibration_round()
    judge = judges[0]
    draft = save_calibration(anchor, judge, actor=judge.user, values=values_of(round_, FULL), comment="", version=0)
    assert (draft.version, draft.submitted_at) == (1, None)
    with pytest.raises(ScoreRefused) as stale:
        save_calibration(anchor, judge, actor=judge.user, values=values_of(round_, FULL), comment="", version=0)
    assert stale.value.code == "stale"
    done = save_calibration(
        anchor, judge, actor=judge.user, values=values_of(round_, FULL), comment=COMMENT, version=1, submit=True
    )
    assert done.version == 2 and done.submitted_at is not None
    with pytest.raises(ScoreRefused) as locked:
        save_calibration(anchor, judge, actor=judge.user, values=values_of(round_, FULL), comment=COMMENT, version=2)
    assert locked.value.code == "already_submitted"
    assert AuditEvent.objects.filter(action="judging.calibration_submitted").count() == 1


def test_calibration_is_read_only_after_close():
    round_, judges, _entries, (anchor, _second), _assignments, boss = calibration_round()
    close_calibration(round_, actor=boss)
    anchor.round.refresh_from_db()
    with pytest.raises(ScoreRefused) as closed:
        save_calibration(anchor, judges[0], actor=judges[0].user, values=values_of(round_, FULL), comment="", version=0)
    assert closed.value.code == "calibration_closed"
    assert not CalibrationScore.objects.exists()
    with pytest.raises(ContestError):
        add_anchor(round_, eligible_entry(round_.contest, anchor.entry.track), actor=boss)
    with pytest.raises(ContestError):
        remove_anchor(anchor, actor=boss)


def test_anchors_are_at_most_three_entries_of_the_round():
    round_, _judges, entries, _anchors, _assignments, boss = calibration_round(entries=5, anchors=3)
    with pytest.raises(ContestError) as too_many:
        add_anchor(round_, entries[3], actor=boss)
    assert too_many.value.code == "too_many"
    codes = set(round_.calibration_anchors.values_list("code", flat=True))
    assert len(codes) == 3 and all(len(code) == 16 for code in codes)


def test_an_entry_a_judge_of_the_round_is_in_conflict_with_cannot_be_an_anchor():
    round_, judges, entries, _anchors, _assignments, boss = calibration_round(entries=4, anchors=2)
    conflicted = judges[1]
    conflicted.organisation = entries[2].team.organisation
    conflicted.save(update_fields=["organisation"])
    with pytest.raises(ContestError) as refused:
        add_anchor(round_, entries[2], actor=boss)
    assert refused.value.code == "conflicted"
    assert conflicted.name in refused.value.message
    assert not round_.calibration_anchors.filter(entry=entries[2]).exists()
    assert add_anchor(round_, entries[3], actor=boss).entry == entries[3]


def test_a_judge_never_sees_an_anchor_they_are_in_conflict_with(client):
    """A judge found in conflict after the anchor was chosen (or who recused from it) neither lists nor
    opens it; the others still do, and the organiser's table does not wait for that judge's score."""
    round_, judges, _entries, (first, second), _assignments, _boss = calibration_round()
    conflicted, other = judges
    conflicted.organisation = first.entry.team.organisation
    conflicted.save(update_fields=["organisation"])
    client.force_login(conflicted.user)
    listing = client.get(reverse("contests:judging:calibration")).content.decode()
    assert first.code not in listing and second.code in listing
    assert "校准作品 2" not in listing  # the one anchor left is this judge's 校准作品 1
    assert client.get(reverse("contests:judging:calibration_score", args=[first.code])).status_code == 404
    page = client.get(reverse("contests:judging:calibration_score", args=[second.code]))
    assert page.status_code == 200 and "校准作品 1" in page.content.decode()
    assert first.entry.title not in page.content.decode()
    client.force_login(other.user)
    assert client.get(reverse("contests:judging:calibration_score", args=[first.code])).status_code == 200

    calibration_score(second, conflicted, FULL)
    calibration_score(first, other, FULL)
    calibration_score(second, other, FULL)
    table = deviation_table(round_)
    assert [(row.judge, row.submitted, row.expected) for row in table.judges] == sorted(
        [(conflicted, 1, 1), (other, 2, 2)], key=lambda r: (r[0].name, r[0].pk)
    )
    assert table.missing == []


def test_a_judge_reads_the_anchors_files_blind_as_on_an_assignment(client):
    """Calibrating means reading the proposal: the anchor page lists the entry's files under blind
    names and serves the judge's blind copy; nobody else (nor a conflicted judge) gets it."""
    _round, judges, _entries, (anchor, _second), _assignments, _boss = calibration_round()
    upload = pdf_upload()
    entry_file = EntryFile(
        entry=anchor.entry, kind="proposal", original_name="团队原名方案.pdf", content_type="application/pdf",
        size=upload.size, sha256="", uploaded_by=anchor.entry.created_by,
    )  # fmt: skip
    entry_file.file.save("upload", upload, save=True)
    file_url = reverse("contests:judging:calibration_file", kwargs={"code": anchor.code, "position": 1})
    client.force_login(judges[0].user)
    page = client.get(reverse("contests:judging:calibration_score", args=[anchor.code])).content.decode()
    assert file_url in page and "材料" in page
    original = "团队原名方案"
    assert original not in page
    # Named by the anchor's label, like the page: never the entry's blind code.
    assert "方案书-校准作品1.pdf" in page and blind_code(anchor.entry) not in page
    response = client.get(file_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert original not in response["Content-Disposition"]
    assert blind_code(anchor.entry) not in response["Content-Disposition"]
    assert client.get(file_url.replace("/1/", "/9/")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(file_url).status_code == 404
    conflicted = judges[1]
    conflicted.organisation = anchor.entry.team.organisation
    conflicted.save(update_fields=["organisation"])
    client.force_login(conflicted.user)
    assert client.get(file_url).status_code == 404


def test_closing_records_who_and_when_audits_and_mails_the_judges():
    round_, judges, _entries, _anchors, _assignments, boss = calibration_round()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        close_calibration(round_, actor=boss)
    round_.refresh_from_db()
    assert round_.calibration_closed_by == boss and round_.calibration_closed_at is not None
    assert AuditEvent.objects.filter(action="judging.calibration_closed", object_id=str(round_.pk)).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(j.email for j in judges)
    with pytest.raises(ContestError) as twice:
        close_calibration(round_, actor=boss)
    assert twice.value.code == "calibration_closed"


def test_deviation_from_the_anchor_mean_per_criterion_and_per_judge():
    round_, judges, _entries, (first, second), _assignments, _boss = calibration_round(judges=3)
    a, b, c = judges
    calibration_score(first, a, [20, 20, 16, 16, 8])  # total 80
    calibration_score(first, b, [24, 20, 18, 18, 10])  # total 90
    calibration_score(second, a, [10, 10, 10, 10, 5])  # total 45
    calibration_score(second, b, [10, 10, 10, 10, 5], submitted=False)  # a draft: not in the means
    table = deviation_table(round_)
    row = table.anchors[0]
    criteria = table.criteria
    assert row.means[criteria[0].pk] == 22.0
    assert row.judges[a.pk]["values"][criteria[0].pk] == (20.0, -2.0)
    assert row.judges[b.pk]["values"][criteria[0].pk] == (24.0, 2.0)
    assert row.mean_total == 85.0
    assert row.judges[a.pk]["total"] == (80.0, -5.0)
    assert table.anchors[1].judges[a.pk]["total"] == (45.0, 0.0)
    by_judge = {r.judge: r for r in table.judges}
    assert (by_judge[a].submitted, by_judge[a].drafts, by_judge[a].deviation) == (2, 0, -2.5)
    assert (by_judge[b].submitted, by_judge[b].drafts, by_judge[b].deviation) == (1, 1, 5.0)
    assert by_judge[c].deviation is None
    # |20-22|, |20-20|, |16-17|, |16-17|, |8-9| and then 0 × 5 on the second anchor
    assert by_judge[a].abs_deviation == pytest.approx(5 / 10)
    assert {r.judge for r in table.missing} == {b, c}  # listed by name, and names sort by the collation


def test_calibration_scores_never_count_in_results():
    round_, judges, _entries, (anchor, _second), assignments, boss = calibration_round(judges=2)
    calibration_score(anchor, judges[0], [25, 25, 20, 20, 10])
    calibration_score(anchor, judges[1], [0, 0, 0, 0, 0])
    close_calibration(round_, actor=boss)
    real = next(a for a in assignments if a.entry_id == anchor.entry_id and a.judge == judges[0])
    submitted_score(real, [20, 20, 16, 16, 8])
    compute_round_results(round_, actor=boss)
    result = RoundResult.objects.get(round=round_, entry=anchor.entry)
    assert (result.judges_scored, result.mean, result.score) == (1, 80.0, 80.0)


def test_the_calibration_dashboard_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    round_, judges, _entries, anchors, _assignments, boss = calibration_round(judges=2, entries=3, anchors=2)
    for anchor in anchors:
        for judge in judges:
            calibration_score(anchor, judge, FULL)
    client.force_login(boss)
    url = reverse("judging_calibration:round", args=[round_.pk])
    with django_assert_max_num_queries(80) as small:
        assert client.get(url).status_code == 200
    from tests.contests.factories.judging import JudgeFactory, assign

    more = [JudgeFactory(contest=round_.contest) for _ in range(4)]
    entry = eligible_entry(round_.contest, anchors[0].entry.track)
    third = add_anchor(round_, entry, actor=boss)
    for judge in more:
        assign(round_, entry, judge)
        for anchor in [*anchors, third]:
            calibration_score(anchor, judge, FULL)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
