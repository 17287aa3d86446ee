"""Advancement (晋级): the cut preview with ties at the boundary, confirming into an immutable
snapshot, refusals (second confirmation, wrong next round, bad parameters, no or stale results),
the organiser pages and the command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from contests.choices import EntryStatus
from contests.models import AdvancementDecision, AuditEvent, Entry, RoundResult
from contests.models.outcomes import AdvancementMethod
from contests.services import ContestError
from contests.services.judging.results import compute_round_results
from contests.services.outcomes.advancement import confirm_advancement, preview_advancement
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory, UserFactory
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

TOP, PCT, BAND = AdvancementMethod.TOP_N, AdvancementMethod.PERCENTILE, AdvancementMethod.SCORE_BAND


def values_for(total):
    """Criterion values (rubric maxima = weights 25, 25, 20, 20, 10) summing to ``total``."""
    values, deficit = [25, 25, 20, 20, 10], 100 - total
    for i, top in enumerate(values):
        cut = min(top, deficit)
        values[i] -= cut
        deficit -= cut
    return values


class Contest:
    """A contest with rounds 1 and 2, one track, judges, and entries scored as given."""

    def __init__(self):
        self.contest = ContestFactory()
        self.round = open_round(self.contest, judges_per_entry=3)
        make_rubric(self.round)
        self.next_round = RoundFactory(contest=self.contest, number=2)
        self.track = TrackFactory(contest=self.contest, name="智慧养老")
        self.judges = [JudgeFactory(contest=self.contest, tracks=[self.track]) for _ in range(3)]
        self.boss = organiser()

    def entry(self, title, *scores, track=None):
        """An eligible entry scored by one judge per value list in ``scores``."""
        entry = eligible_entry(self.contest, track or self.track, title=title)
        for judge, values in zip(self.judges, scores, strict=False):
            submitted_score(assign(self.round, entry, judge), values)
        return entry

    def compute(self):
        compute_round_results(self.round)


@pytest.fixture
def c():
    return Contest()


def titles(preview, which="advances"):
    return [row.title for track in preview.tracks for row in track.rows if getattr(row, which)]


def resolved_by_total(c):
    """Cut after 3: 丙 and 丁 both average 80, 丙 has two judges (total 160), 丁 one (80)."""
    c.entry("甲", values_for(90), values_for(90))
    c.entry("乙", values_for(85), values_for(85))
    c.entry("丙", values_for(80), values_for(80))
    c.entry("丁", values_for(80))
    c.entry("戊", values_for(60))
    c.compute()


def still_tied(c):
    """Cut after 2: 乙 and 丙 have identical scores on every criterion — level after the whole chain."""
    c.entry("甲", values_for(90))
    c.entry("乙", values_for(80))
    c.entry("丙", values_for(80))
    c.entry("丁", values_for(60))
    c.compute()


# The preview ---------------------------------------------------------------------------------------


def test_preview_top_n_cut_resolved_by_the_tie_break_chain(c):
    resolved_by_total(c)
    preview = preview_advancement(c.round, method=TOP, parameter=3)
    assert titles(preview) == ["甲", "乙", "丙"]
    track = preview.tracks[0]
    assert (track.ranked, track.target, track.advancing) == (5, 3, 3)
    assert "名额线处排名得分相同（80.00）" in track.cut_note
    assert "由“全部评委总分之和”区分（160.00 对 80.00）" in track.cut_note
    below = next(row for row in track.rows if row.title == "丁")
    assert below.explanation == "排名得分相同；由“全部评委总分之和”区分（160.00 对 80.00）。"
    assert titles(preview, "tied_at_cut") == [] and preview.warnings == []


def test_preview_separated_by_criteria_names_the_criterion(c):
    # Same total 80, different spread: 乙 loses 20 on the first criterion, 甲 on the last ones.
    c.entry("甲", [25, 25, 20, 10, 0])
    c.entry("乙", values_for(80))
    c.compute()
    preview = preview_advancement(c.round, method=TOP, parameter=1)
    assert titles(preview) == ["甲"]
    assert "由“按评分项顺序比较各项平均分”区分（第 1 个评分项平均分 25.00 对 5.00）" in preview.tracks[0].cut_note


def test_preview_still_tied_after_the_chain_includes_the_tie_when_asked(c):
    still_tied(c)
    preview = preview_advancement(c.round, method=TOP, parameter=2, include_ties_at_cut=True)
    assert sorted(titles(preview)) == ["丙", "乙", "甲"]
    assert sorted(titles(preview, "tied_at_cut")) == ["丙", "乙"]
    assert preview.tracks[0].advancing == 3 and preview.warnings == []
    assert "一同晋级（本赛道共晋级 3 件，超出名额 1 件）" in preview.tracks[0].cut_note


def test_preview_still_tied_after_the_chain_flags_the_tie_left_out(c):
    still_tied(c)
    preview = preview_advancement(c.round, method=TOP, parameter=2, include_ties_at_cut=False)
    ranked = {row.title: row.rank for row in preview.tracks[0].rows}
    # The blind code decides which of 乙/丙 is ranked 2nd; the other one is left out and flagged.
    second, third = sorted(["乙", "丙"], key=ranked.get)
    assert titles(preview) == ["甲", second]
    assert titles(preview, "left_out_tie") == [third]
    assert preview.warnings == [
        "“智慧养老”：1 件作品与最后一名晋级作品完全并列却未晋级，请确认或勾选“并列者一同晋级”。"
    ]
    left_out = next(row for row in preview.tracks[0].rows if row.title == third)
    assert left_out.explanation == "与最后一名晋级作品完全并列，按编号排在名额之外，未晋级。"


def test_percentile_rounds_up_and_score_band_keeps_equal_scores_together(c):
    resolved_by_total(c)
    # 50 % of 5 ranked entries is 2.5 → 3.
    assert titles(preview_advancement(c.round, method=PCT, parameter="50")) == ["甲", "乙", "丙"]
    assert titles(preview_advancement(c.round, method=PCT, parameter="20")) == ["甲"]
    # A band of 80 takes both entries at 80, whatever the chain says.
    assert titles(preview_advancement(c.round, method=BAND, parameter="80")) == ["甲", "乙", "丙", "丁"]
    assert titles(preview_advancement(c.round, method=BAND, parameter="80.01")) == ["甲", "乙"]


def test_unranked_entries_and_entries_no_longer_in_the_round_never_advance(c):
    c.entry("甲", values_for(90))
    dropped = c.entry("乙", values_for(85))
    c.entry("丙", values_for(70))
    unscored = eligible_entry(c.contest, c.track, title="丁")
    assign(c.round, unscored, c.judges[0])
    c.compute()
    Entry.objects.filter(pk=dropped.pk).update(status=EntryStatus.INELIGIBLE)
    preview = preview_advancement(c.round, method=TOP, parameter=10)
    assert titles(preview) == ["甲", "丙"]
    rows = {row.title: row for row in preview.tracks[0].rows}
    assert rows["丁"].rank is None and rows["丁"].explanation == "无已提交评分，没有排名，不参与晋级。"
    assert rows["乙"].explanation == "已不在本轮（状态或轮次已变更），不参与晋级。"
    assert preview.tracks[0].ranked == 2


def test_each_track_is_cut_on_its_own(c):
    other = TrackFactory(contest=c.contest, name="智慧医疗")
    c.entry("甲", values_for(90))
    c.entry("乙", values_for(80))
    c.entry("子", values_for(50), track=other)
    c.entry("丑", values_for(40), track=other)
    c.compute()
    assert sorted(titles(preview_advancement(c.round, method=TOP, parameter=1))) == ["子", "甲"]


# Confirming ----------------------------------------------------------------------------------------


def test_confirm_freezes_the_snapshot_moves_the_entries_and_audits(c):
    resolved_by_total(c)
    decision = confirm_advancement(
        c.round, next_round=c.next_round, method=TOP, parameter=3, actor=c.boss, note="按评审方案前三名晋级"
    )
    advanced = list(Entry.objects.filter(pk__in=decision.advanced_entry_ids).order_by("title"))
    assert sorted(e.title for e in advanced) == sorted(["甲", "乙", "丙"])
    assert {(e.status, e.current_round_id) for e in advanced} == {(EntryStatus.ADVANCED, c.next_round.pk)}
    assert set(Entry.objects.exclude(pk__in=decision.advanced_entry_ids).values_list("status", flat=True)) == {
        EntryStatus.ELIGIBLE
    }
    decision.refresh_from_db()
    assert (decision.method, decision.parameter, decision.decided_by, decision.note) == (
        TOP, Decimal("3.00"), c.boss, "按评审方案前三名晋级"
    )  # fmt: skip
    rows = decision.ranking["tracks"][0]["rows"]
    assert [(r["title"], r["rank"], r["advances"]) for r in rows] == [
        ("甲", 1, True), ("乙", 2, True), ("丙", 3, True), ("丁", 4, False), ("戊", 5, False),
    ]  # fmt: skip
    event = AuditEvent.objects.get(action="advancement.confirm")
    assert (event.actor, event.object_id, event.note) == (c.boss, str(decision.pk), "按评审方案前三名晋级")
    assert event.after["tracks"] == {"智慧养老": {"ranked": 5, "advanced": 3}}
    assert event.after["advanced"] == 3


def test_the_snapshot_is_immutable_and_ignores_later_recomputation(c):
    resolved_by_total(c)
    decision = confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=3, actor=c.boss)
    frozen = decision.ranking
    decision.note = "改一下"
    with pytest.raises(RuntimeError):
        decision.save()
    with pytest.raises(RuntimeError):
        decision.delete()
    # Late scores push 戊 from 5th to 2nd in a recomputed ranking; the decision stays as it was.
    late = Entry.objects.get(title="戊")
    submitted_score(assign(c.round, late, c.judges[1]), values_for(100))
    submitted_score(assign(c.round, late, c.judges[2]), values_for(100))
    c.compute()
    assert RoundResult.objects.get(round=c.round, entry=late).rank == 2
    decision = AdvancementDecision.objects.get(pk=decision.pk)
    assert decision.ranking == frozen
    assert decision.note == ""
    assert late.pk not in decision.advanced_entry_ids


def test_a_second_confirmation_of_the_same_round_is_refused(c):
    resolved_by_total(c)
    confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=1, actor=c.boss)
    with pytest.raises(ContestError, match="本轮的晋级已经确定，不能再次确定。"):
        confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=4, actor=c.boss)
    assert Entry.objects.filter(status=EntryStatus.ADVANCED).count() == 1
    assert AuditEvent.objects.filter(action="advancement.confirm").count() == 1


@pytest.mark.parametrize("which", ["same", "earlier", "other_contest"])
def test_confirming_into_a_round_that_is_not_later_in_the_same_contest_is_refused(c, which):
    resolved_by_total(c)
    source = c.next_round  # advance from round 2 …
    target = {
        "same": c.next_round,
        "earlier": c.round,
        "other_contest": RoundFactory(contest=ContestFactory(), number=3),
    }[which]
    if which == "other_contest":
        source = c.round
    with pytest.raises(ContestError, match="晋级只能进入同一大赛中更靠后的轮次。"):
        confirm_advancement(source, next_round=target, method=TOP, parameter=1, actor=c.boss)
    assert not AdvancementDecision.objects.exists()


BAD_PARAMETERS = [
    (TOP, "0", "每赛道晋级名额 N 必须是不小于 1 的整数。"),
    (TOP, "-2", "每赛道晋级名额 N 必须是不小于 1 的整数。"),
    (TOP, "2.5", "每赛道晋级名额 N 必须是不小于 1 的整数。"),
    (PCT, "101", "晋级百分比必须大于 0 且不超过 100。"),
    (PCT, "0", "晋级百分比必须大于 0 且不超过 100。"),
    (BAND, "-5", "分数线必须在 0 到 100 之间（排名得分为百分制）。"),
    (BAND, "abc", "晋级参数必须是数字。"),
    ("lottery", "3", "未知的晋级方式：lottery。"),
]


@pytest.mark.parametrize(("method", "parameter", "message"), BAD_PARAMETERS)
def test_bad_parameters_are_refused_with_a_clear_message_and_change_nothing(c, method, parameter, message):
    resolved_by_total(c)
    with pytest.raises(ContestError) as error:
        preview_advancement(c.round, method=method, parameter=parameter)
    assert str(error.value) == message
    with pytest.raises(ContestError, match=message):
        confirm_advancement(c.round, next_round=c.next_round, method=method, parameter=parameter, actor=c.boss)
    assert not AdvancementDecision.objects.exists()
    assert set(Entry.objects.values_list("status", flat=True)) == {EntryStatus.ELIGIBLE}


def test_confirming_without_results_or_with_stale_results_is_refused(c):
    entry = c.entry("甲", values_for(90))
    with pytest.raises(ContestError, match="本轮尚未计算成绩"):
        confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=1, actor=c.boss)
    c.compute()
    submitted_score(assign(c.round, entry, c.judges[1]), values_for(10))
    with pytest.raises(ContestError, match="请先重新计算成绩再确定晋级"):
        confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=1, actor=c.boss)
    assert not AdvancementDecision.objects.exists()
    c.compute()
    assert confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=1, actor=c.boss).pk


# Organiser pages ----------------------------------------------------------------------------------


def test_preview_page_draws_the_cut_and_explains_the_tie(client, c):
    resolved_by_total(c)
    client.force_login(c.boss)
    url = reverse("outcomes_advancement:round", args=[c.round.pk])
    html = client.get(url, {"method": TOP, "parameter": "3", "include_ties_at_cut": "on"}).content.decode()
    assert html.count("———— 晋级线 ————") == 1
    # The line sits between 丙 (advances) and 丁 (left out), and the reason is given.
    assert html.index("<td>丙</td>") < html.index("———— 晋级线 ————") < html.index("<td>丁</td>")
    assert "由“全部评委总分之和”区分" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="confirmed"' in html
    # The GET form and the confirmation form never share an element id.
    assert html.count('id="id_parameter"') == 1 and 'id="cut_parameter"' in html
    # The round dashboard links here.
    dashboard = client.get(reverse("judging_rounds:round", args=[c.round.pk])).content.decode()
    assert url in dashboard


def test_confirm_needs_the_checkbox_then_shows_the_frozen_decision(client, c):
    resolved_by_total(c)
    client.force_login(c.boss)
    url = reverse("outcomes_advancement:round", args=[c.round.pk])
    data = {"method": TOP, "parameter": "3", "include_ties_at_cut": "on", "next_round": c.next_round.pk}
    response = client.post(url, data)
    assert "请勾选确认后再提交。" in response.content.decode()
    assert not AdvancementDecision.objects.exists()
    response = client.post(url, {**data, "confirmed": "on", "note": "复核无误"})
    decision = AdvancementDecision.objects.get()
    assert response["Location"] == reverse("outcomes_advancement:decision", args=[c.round.pk])
    html = client.get(response["Location"]).content.decode()
    for text in ("复核无误", "每赛道前 N 名", "参数 3.00", "———— 晋级线 ————", "<td>丁</td>", "第 2 轮（初赛）"):
        assert text in html
    # The preview page now leads to the decision; the index says it is decided.
    assert client.get(url)["Location"] == reverse("outcomes_advancement:decision", args=[c.round.pk])
    index = client.get(reverse("outcomes_advancement:index")).content.decode()
    assert "已确定：3 件晋级到第 2 轮（初赛）" in index
    assert decision.advanced_entry_ids == sorted(
        Entry.objects.filter(status=EntryStatus.ADVANCED).values_list("pk", flat=True)
    )


def test_bad_parameter_on_the_page_shows_the_error_and_changes_nothing(client, c):
    resolved_by_total(c)
    client.force_login(c.boss)
    url = reverse("outcomes_advancement:round", args=[c.round.pk])
    html = client.get(url, {"method": PCT, "parameter": "150"}).content.decode()
    assert "晋级百分比必须大于 0 且不超过 100。" in html and "———— 晋级线 ————" not in html
    data = {"method": TOP, "parameter": "0", "next_round": c.next_round.pk, "confirmed": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "每赛道晋级名额 N 必须是不小于 1 的整数。" in response.content.decode()
    assert not AdvancementDecision.objects.exists()
    assert set(Entry.objects.values_list("status", flat=True)) == {EntryStatus.ELIGIBLE}


@pytest.mark.parametrize("who", ["staff_without_group", "judge", "anonymous"])
def test_advancement_pages_refuse_non_organisers(client, c, who):
    resolved_by_total(c)
    confirm_advancement(c.round, next_round=c.next_round, method=TOP, parameter=3, actor=c.boss)
    if who != "anonymous":
        user = c.judges[0].user if who == "judge" else UserFactory(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
    for url in (
        reverse("outcomes_advancement:index"),
        reverse("outcomes_advancement:round", args=[c.round.pk]),
        reverse("outcomes_advancement:decision", args=[c.round.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "甲" not in response.content.decode()
    response = client.post(
        reverse("outcomes_advancement:round", args=[c.next_round.pk]),
        {"method": TOP, "parameter": "1", "next_round": c.next_round.pk, "confirmed": "on"},
    )
    assert response.status_code in (302, 403)
    assert AdvancementDecision.objects.count() == 1


# The command ----------------------------------------------------------------------------------------


def test_command_previews_and_confirms_only_with_the_flag(c):
    resolved_by_total(c)
    admin = UserFactory(is_superuser=True, is_staff=True)
    out = StringIO()
    call_command("advance_round", c.contest.slug, "--round", "1", "--top", "3", stdout=out)
    assert "由“全部评委总分之和”区分" in out.getvalue()
    assert not AdvancementDecision.objects.exists()
    call_command("advance_round", c.contest.slug, "--round", "1", "--top", "3", "--confirm", stdout=StringIO())
    decision = AdvancementDecision.objects.get()
    assert (decision.decided_by, len(decision.advanced_entry_ids), decision.next_round) == (admin, 3, c.next_round)
    with pytest.raises(CommandError, match="本轮的晋级已经确定"):
        call_command("advance_round", c.contest.slug, "--round", "1", "--top", "3", "--confirm", stdout=StringIO())
    with pytest.raises(CommandError, match="每赛道晋级名额 N 必须是不小于 1 的整数。"):
        call_command("advance_round", c.contest.slug, "--round", "1", "--top", "0", stdout=StringIO())
