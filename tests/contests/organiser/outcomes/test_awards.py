"""Awards: the proposal from the ranking (quotas per track and contest-wide, ties at the boundary),
grants and revocations with reasons and their audit trail, the organiser pages and the
certificate PDF a team downloads once results are published."""

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contests.choices import EntryStatus, TeamRole
from contests.models import (
    AdvancementDecision,
    AuditEvent,
    Award,
    AwardCategory,
    AwardLevel,
    ResultPublication,
    RoundResult,
)
from contests.services import ContestError
from contests.services.outcomes.awards import (
    active_awards,
    apply_proposals,
    build_proposal,
    grant_award,
    propose_awards,
    revoke_award,
)
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, leader_of
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db


def ranked(round_, entry, rank, score, *, total=None, tied=False):
    """A computed result; the round ranks by trimmed mean, then total, then criteria."""
    return RoundResult.objects.create(
        round=round_, entry=entry, track=entry.track, rank=rank, score=score, trimmed_mean=score,
        total=score * 5 if total is None else total, tied=tied, judges_scored=5, judges_assigned=5,
        computed_at=timezone.now(),
    )  # fmt: skip


def category(contest, name, level, quota, *, per_track=True, order=0):
    return AwardCategory.objects.create(
        contest=contest, name=name, level=level, quota=quota, per_track=per_track, sort_order=order
    )


@pytest.fixture
def world():
    """Two tracks of four ranked entries each, one unranked and one ineligible entry, and the
    categories 一等奖 and 二等奖 (one per track), 优秀奖 (two, contest-wide) and a special award."""
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest, number=1)
    track_a = TrackFactory(contest=contest, sort_order=1)
    track_b = TrackFactory(contest=contest, sort_order=2)
    a = [eligible_entry(contest, track_a) for _ in range(4)]
    b = [eligible_entry(contest, track_b) for _ in range(4)]
    for rank, (entry, score) in enumerate(zip(a, [90, 85, 80, 70], strict=True), start=1):
        ranked(round_, entry, rank, score)
    for rank, (entry, score) in enumerate(zip(b, [88, 84, 82, 60], strict=True), start=1):
        ranked(round_, entry, rank, score)
    unranked = eligible_entry(contest, track_a)
    RoundResult.objects.create(round=round_, entry=unranked, track=track_a, computed_at=timezone.now())
    ineligible = eligible_entry(contest, track_b, status=EntryStatus.INELIGIBLE)
    ranked(round_, ineligible, 5, 95)  # stale result of an entry ruled out afterwards
    cats = {
        "first": category(contest, "一等奖", AwardLevel.FIRST, 1, order=1),
        "second": category(contest, "二等奖", AwardLevel.SECOND, 1, order=2),
        "excellent": category(contest, "优秀奖", AwardLevel.EXCELLENT, 2, per_track=False, order=3),
        "special": category(contest, "最佳数据应用奖", AwardLevel.SPECIAL, 1, order=4),
    }
    return {"contest": contest, "round": round_, "a": a, "b": b, "cats": cats, "boss": organiser()}


def summary(proposals):
    return [(p.category.name, p.entry.title, p.rank, p.tied_at_boundary) for p in proposals]


# Proposal ------------------------------------------------------------------------------------------


def test_proposal_fills_per_track_quotas_then_contest_wide_by_score(world):
    a, b = world["a"], world["b"]
    assert summary(propose_awards(world["round"])) == [
        ("一等奖", a[0].title, 1, False),
        ("一等奖", b[0].title, 1, False),
        ("二等奖", a[1].title, 2, False),
        ("二等奖", b[1].title, 2, False),
        # Contest-wide: the next best across tracks, B's third (82) before A's third (80).
        ("优秀奖", b[2].title, 3, False),
        ("优秀奖", a[2].title, 3, False),
    ]


def test_tie_at_a_per_track_boundary_is_flagged_on_both_sides(world):
    round_, a = world["round"], world["a"]
    # A's first two are level on score and on every tie-break: ranks 1 and 2 only by blind code.
    RoundResult.objects.filter(round=round_, entry__in=a[:2]).update(score=90, trimmed_mean=90, total=450, tied=True)
    proposal = build_proposal(round_)
    first_a = proposal.groups[0]
    assert summary(first_a.proposals) == [("一等奖", a[0].title, 1, True)]
    assert [c.entry for c in first_a.tied_outside] == [a[1]]
    assert [g.category.name for g in proposal.ties] == ["一等奖"]
    # Equal score but a better total is not a tie: the chain separates them.
    RoundResult.objects.filter(round=round_, entry=a[0]).update(total=451, tied=False)
    RoundResult.objects.filter(round=round_, entry=a[1]).update(tied=False)
    assert build_proposal(round_).ties == []


def test_tie_across_tracks_at_a_contest_wide_boundary_is_flagged(world):
    round_, a, b = world["round"], world["a"], world["b"]
    world["cats"]["excellent"].quota = 1
    world["cats"]["excellent"].save()
    RoundResult.objects.filter(round=round_, entry__in=[a[2], b[2]]).update(score=81, trimmed_mean=81)
    excellent = next(g for g in build_proposal(round_).groups if g.category.name == "优秀奖")
    assert [(p.entry, p.tied_at_boundary) for p in excellent.proposals] == [(a[2], True)]
    assert [c.entry for c in excellent.tied_outside] == [b[2]]


def test_apply_grants_the_proposal_once_and_holds_back_ties(world):
    round_, a, b, boss = world["round"], world["a"], world["b"], world["boss"]
    RoundResult.objects.filter(round=round_, entry__in=a[:2]).update(score=90, trimmed_mean=90, total=450, tied=True)
    report = apply_proposals(round_, actor=boss)
    granted = sorted((aw.category.name, aw.entry.title) for aw in report.granted)
    # A's tied pair waits for an organiser (first place and the second place that depends on it).
    assert granted == sorted(
        [("一等奖", b[0].title), ("二等奖", b[1].title), ("优秀奖", b[2].title), ("优秀奖", a[2].title)]
    )
    assert sorted(p.entry.title for p, _why in report.skipped) == sorted([a[0].title, a[1].title])
    assert "与名额外的作品并列，请人工决定" in report.lines()[1]
    assert AuditEvent.objects.filter(action="award.grant").count() == 4
    b[0].refresh_from_db()
    assert b[0].status == EntryStatus.AWARDED
    award = Award.objects.get(entry=b[0])
    assert (award.proposed, award.rank, award.track, award.awarded_by) == (True, 1, b[0].track, boss)
    # Applying again changes nothing.
    again = apply_proposals(round_, actor=boss)
    assert again.granted == []
    assert Award.objects.count() == 4
    assert list(active_awards(world["contest"]).values_list("entry__title", flat=True)) == [
        b[0].title, b[1].title, a[2].title, b[2].title,  # category, then track order
    ]  # fmt: skip


# Grant and revoke ---------------------------------------------------------------------------------


def test_grant_outside_the_proposal_needs_a_reason(world):
    round_, a, boss, first = world["round"], world["a"], world["boss"], world["cats"]["first"]
    with pytest.raises(ContestError) as refused:
        grant_award(a[3], first, round_=round_, actor=boss)
    assert str(refused.value) == "授予建议名单以外的奖项时必须填写调整理由。"
    assert Award.objects.count() == 0
    assert AuditEvent.objects.filter(action="award.grant").count() == 0
    a[3].refresh_from_db()
    assert a[3].status == EntryStatus.ELIGIBLE
    # Claiming it was proposed does not help either.
    with pytest.raises(ContestError, match="不在“一等奖”的建议名单中"):
        grant_award(a[3], first, round_=round_, actor=boss, proposed=True)


def test_quota_can_be_exceeded_only_with_a_recorded_reason(world):
    round_, a, boss, first = world["round"], world["a"], world["boss"], world["cats"]["first"]
    # An organiser gives A's single first prize to another entry (with a reason)…
    grant_award(a[3], first, round_=round_, actor=boss, reason="复核后认定方案最具落地价值")
    # …so the proposed winner no longer fits the quota, unless a reason is recorded.
    with pytest.raises(ContestError, match="名额（1 个）已满"):
        grant_award(a[0], first, round_=round_, actor=boss, proposed=True)
    assert Award.objects.filter(entry=a[0]).count() == 0
    award = grant_award(a[0], first, round_=round_, actor=boss, proposed=True, reason="两件作品并列一等奖")
    assert (award.rank, award.proposed, award.reason) == (1, True, "两件作品并列一等奖")
    event = AuditEvent.objects.get(action="award.grant", object_id=str(award.pk))
    assert (event.note, event.after["over_quota"], event.actor) == ("两件作品并列一等奖", True, boss)
    assert event.before == {"entry_status": EntryStatus.ELIGIBLE}
    # Quota is per track: B's first place is still free.
    grant_award(world["b"][0], first, round_=round_, actor=boss, proposed=True)


def test_duplicate_and_second_level_award_are_refused_special_allowed(world):
    round_, a, boss, cats = world["round"], world["a"], world["boss"], world["cats"]
    grant_award(a[0], cats["first"], round_=round_, actor=boss, proposed=True)
    with pytest.raises(ContestError, match="不能重复授予"):
        grant_award(a[0], cats["first"], round_=round_, actor=boss, reason="再次授予")
    with pytest.raises(ContestError, match="一件作品只能获得一个等级奖"):
        grant_award(a[0], cats["second"], round_=round_, actor=boss, reason="两个等级")
    special = grant_award(a[0], cats["special"], round_=round_, actor=boss, reason="数据使用最具创新性")
    assert list(Award.objects.filter(entry=a[0]).values_list("category__name", flat=True)) == [
        "一等奖",
        special.category.name,
    ]


def test_revoke_needs_a_reason_and_restores_the_status(world):
    round_, a, boss, cats = world["round"], world["a"], world["boss"], world["cats"]
    award = grant_award(a[0], cats["first"], round_=round_, actor=boss, proposed=True)
    with pytest.raises(ContestError, match="撤销奖项必须填写理由"):
        revoke_award(award, actor=boss, reason="  ")
    award.refresh_from_db()
    assert award.revoked_at is None
    revoke_award(award, actor=boss, reason="经复核存在抄袭")
    award.refresh_from_db()
    a[0].refresh_from_db()
    assert (award.revoked_by, award.revoke_reason, a[0].status) == (boss, "经复核存在抄袭", EntryStatus.ELIGIBLE)
    event = AuditEvent.objects.get(action="award.revoke")
    assert (event.note, event.before, event.after["entry_status"]) == (
        "经复核存在抄袭", {"entry_status": "awarded"}, "eligible",
    )  # fmt: skip
    with pytest.raises(ContestError, match="已被撤销"):
        revoke_award(award, actor=boss, reason="again")
    # A revoked proposal is not granted again by "apply all".
    assert "曾被撤销" in " ".join(apply_proposals(round_, actor=boss).lines())
    assert not Award.objects.filter(entry=a[0], revoked_at__isnull=True).exists()


def test_revoke_returns_an_entry_that_advanced_to_advanced(world):
    round_, a, boss, cats = world["round"], world["a"], world["boss"], world["cats"]
    final = RoundFactory(contest=world["contest"], number=2)
    AdvancementDecision.objects.create(
        round=round_, next_round=final, method="top_n", parameter=2, ranking={}, advanced_entry_ids=[a[0].pk],
        decided_by=boss, decided_at=timezone.now(),
    )  # fmt: skip
    first = grant_award(a[0], cats["first"], round_=round_, actor=boss, proposed=True)
    special = grant_award(a[0], cats["special"], round_=round_, actor=boss, reason="最佳数据应用")
    revoke_award(first, actor=boss, reason="更正")
    a[0].refresh_from_db()
    assert a[0].status == EntryStatus.AWARDED  # still holds the special award
    revoke_award(special, actor=boss, reason="更正")
    a[0].refresh_from_db()
    assert a[0].status == EntryStatus.ADVANCED


# Organiser pages ----------------------------------------------------------------------------------


def test_round_page_shows_quota_use_and_the_tie(client, world):
    round_, a = world["round"], world["a"]
    RoundResult.objects.filter(round=round_, entry__in=a[:2]).update(score=90, trimmed_mean=90, total=450, tied=True)
    grant_award(world["b"][0], world["cats"]["first"], round_=round_, actor=world["boss"], proposed=True)
    client.force_login(world["boss"])
    html = client.get(reverse("awards:round", args=[round_.pk])).content.decode()
    assert "名额边界上有并列" in html
    assert "并列，名额外" in html
    assert "已授予 1 / 名额 1" in html
    assert a[1].title in html
    dashboard = client.get(reverse("judging_rounds:round", args=[round_.pk])).content.decode()
    assert reverse("awards:round", args=[round_.pk]) in dashboard


def test_apply_page_confirms_then_grants(client, world):
    round_ = world["round"]
    client.force_login(world["boss"])
    page = client.get(reverse("awards:apply", args=[round_.pk])).content.decode()
    assert "将按建议授予以下 6 个奖项" in page
    assert Award.objects.count() == 0
    response = client.post(reverse("awards:apply", args=[round_.pk]), {"confirm": "on"}, follow=True)
    assert Award.objects.filter(revoked_at__isnull=True).count() == 6
    assert "已按建议授予 6 个奖项。" in response.content.decode()


def test_grant_all_is_disabled_and_refused_when_nothing_is_left_to_grant(client, world):
    round_ = world["round"]
    apply_proposals(round_, actor=world["boss"])
    granted = Award.objects.count()
    client.force_login(world["boss"])

    html = client.get(reverse("awards:round", args=[round_.pk])).content.decode()
    response = client.post(reverse("awards:apply", args=[round_.pk]), {"confirm": "on"}, follow=True)

    assert (
        '<button type="button" class="button" disabled aria-describedby="nothing-to-grant">'
        "按建议授予全部（待授予 0 项）</button>"
    ) in html
    assert reverse("awards:apply", args=[round_.pk]) not in html
    assert "没有待授予的建议奖项，未授予任何奖项。" in response.content.decode()
    assert Award.objects.count() == granted


def test_grant_form_refuses_without_reason_and_saves_nothing(client, world):
    round_, a = world["round"], world["a"]
    client.force_login(world["boss"])
    url = reverse("awards:grant", args=[round_.pk])
    data = {"entry": a[3].pk, "category": world["cats"]["special"].pk, "reason": "", "confirm": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "授予建议名单以外的奖项时必须填写调整理由。" in response.content.decode()
    assert Award.objects.count() == 0
    response = client.post(url, {**data, "reason": "最佳数据应用"})
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.entry, award.category.name, award.reason, award.proposed) == (
        a[3], "最佳数据应用奖", "最佳数据应用", False,
    )  # fmt: skip


def test_revoke_page_records_who_and_why(client, world):
    round_, boss = world["round"], world["boss"]
    award = grant_award(world["a"][0], world["cats"]["first"], round_=round_, actor=boss, proposed=True)
    client.force_login(boss)
    url = reverse("awards:revoke", args=[award.pk])
    refused = client.post(url, {"reason": "", "confirm": "on"})
    error = refused.context["form"].errors["reason"][0]
    assert error != "This field is required." and error in refused.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None
    client.post(url, {"reason": "申诉成立，名次调整", "confirm": "on"})
    html = client.get(reverse("awards:round", args=[round_.pk])).content.decode()
    assert "已撤销的奖项" in html and "申诉成立，名次调整" in html
    assert client.get(url).status_code == 404  # nothing left to revoke


def test_award_pages_are_for_organisers_only(client, world):
    round_ = world["round"]
    award = grant_award(world["a"][0], world["cats"]["first"], round_=round_, actor=world["boss"], proposed=True)
    staff = UserFactory(is_staff=True, is_superuser=False)
    urls = [
        reverse("awards:index"),
        reverse("awards:round", args=[round_.pk]),
        reverse("awards:apply", args=[round_.pk]),
        reverse("awards:grant", args=[round_.pk]),
        reverse("awards:revoke", args=[award.pk]),
    ]
    for user in (leader_of(world["a"][0].team), staff):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), url
        assert client.post(reverse("awards:apply", args=[round_.pk])).status_code in (302, 403)
    assert Award.objects.count() == 1
    client.force_login(world["boss"])
    assert client.get(reverse("award_categories:index")).status_code == 200


# Certificates -------------------------------------------------------------------------------------


@pytest.fixture
def awarded(world):
    round_, entry, boss = world["round"], world["a"][0], world["boss"]
    team = entry.team
    leader = leader_of(team)
    leader.real_name = "张队长"
    leader.save()
    add_member(team, UserFactory(real_name="李队员"))
    add_member(team, UserFactory(real_name="王老师"), role=TeamRole.ADVISER)
    award = grant_award(entry, world["cats"]["first"], round_=round_, actor=boss, proposed=True)
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now, notice_ends_at=now + timedelta(days=7)
    )
    return award


def certificate_url(award):
    return reverse("contests:award_certificate", kwargs={"number": award.certificate_number})


def test_team_member_downloads_the_certificate_pdf(client, awarded):
    client.force_login(awarded.entry.team.memberships.get(role=TeamRole.ADVISER).user)
    response = client.get(certificate_url(awarded))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"获奖证书-一等奖-{awarded.certificate_number}.pdf"
    assert response["Content-Disposition"].endswith(f"filename*=UTF-8''{quote(filename, safe='')}")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("荣誉证书", "一等奖", awarded.entry.title, awarded.entry.team.name, awarded.track.name):
        assert expected in text
    assert "成员：张队长、李队员" in text
    assert "指导老师：王老师" in text
    assert f"证书编号：{awarded.certificate_number}" in text


def test_organiser_may_download_any_certificate(client, awarded, world):
    client.force_login(world["boss"])
    assert client.get(certificate_url(awarded)).content.startswith(b"%PDF")


def test_other_team_and_anonymous_cannot_download(client, awarded, world):
    response = client.get(certificate_url(awarded))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("contests:login"))
    client.force_login(leader_of(world["b"][0].team))
    assert client.get(certificate_url(awarded)).status_code == 404


def test_no_certificate_for_a_revoked_award(client, awarded, world):
    revoke_award(awarded, actor=world["boss"], reason="撤销")
    client.force_login(leader_of(awarded.entry.team))
    assert client.get(certificate_url(awarded)).status_code == 404


def test_no_certificate_before_results_are_published(client, world):
    award = grant_award(
        world["a"][0], world["cats"]["first"], round_=world["round"], actor=world["boss"], proposed=True
    )
    client.force_login(leader_of(award.entry.team))
    assert client.get(certificate_url(award)).status_code == 404
    client.force_login(world["boss"])
    assert client.get(certificate_url(award)).status_code == 404


def test_entry_panel_links_the_certificate_only_after_publication(world):
    round_, boss, entry = world["round"], world["boss"], world["a"][0]
    award = grant_award(entry, world["cats"]["first"], round_=round_, actor=boss, proposed=True)
    entry.refresh_from_db()
    panel = render_to_string("contests/outcomes/awards/certificate_panel.html", {"entry": entry})
    assert "结果公布后可在此下载获奖证书。" in panel
    assert "一等奖" not in panel and award.certificate_number not in panel
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now, notice_ends_at=now + timedelta(days=7)
    )
    panel = render_to_string("contests/outcomes/awards/certificate_panel.html", {"entry": entry})
    assert certificate_url(award) in panel and "一等奖" in panel


def test_organiser_sets_up_an_award_category_in_the_admin(client, world):
    client.force_login(world["boss"])
    url = reverse("award_categories:add")
    data = {"contest": world["contest"].pk, "name": "三等奖", "level": AwardLevel.THIRD, "quota": 3, "sort_order": 5}
    assert client.post(url, data).status_code == 302
    third = AwardCategory.objects.get(name="三等奖")
    assert (third.quota, third.per_track, third.level) == (3, False, AwardLevel.THIRD)
    # Names are unique within a contest: the form says so and nothing is saved.
    response = client.post(url, {**data, "per_track": "on"})
    assert response.status_code == 200
    assert AwardCategory.objects.filter(name="三等奖").count() == 1
    listing = client.get(reverse("award_categories:index") + f"?contest={world['contest'].pk}").content.decode()
    assert "三等奖" in listing and "最佳数据应用奖" in listing


# Choosing the entry to grant --------------------------------------------------------------------


def chooser_results(client, round_, **params):
    url = reverse("contest_entry_chooser:choose_results")
    return client.get(url, {"round": round_.pk, **params})


@pytest.fixture
def strangers(world):
    """Entries the grant form must not offer for round 1: another contest's, a draft, one judged
    only in the final round (round 2)."""
    contest, track = world["contest"], world["a"][0].track
    other_contest = ContestFactory()
    foreign = eligible_entry(other_contest, TrackFactory(contest=other_contest), title="外届作品")
    draft = eligible_entry(contest, track, title="未提交草稿", status=EntryStatus.DRAFT)
    final = RoundFactory(contest=contest, number=2)
    late = eligible_entry(contest, track, title="决赛作品", status=EntryStatus.ADVANCED, current_round=final)
    return {"foreign": foreign, "draft": draft, "late": late, "final": final}


def test_grant_page_offers_a_chooser_of_the_round_not_a_list_of_every_entry(client, world):
    round_, a = world["round"], world["a"]
    client.force_login(world["boss"])
    url = reverse("awards:grant", args=[round_.pk])
    html = client.get(url).content.decode()
    assert reverse("contest_entry_chooser:choose") + f"?round={round_.pk}" in html
    assert a[3].title not in html  # no <select> of every entry
    # A "授予" link from a tie names the entry: the chooser shows it chosen.
    html = client.get(url, {"entry": a[3].pk}).content.decode()
    assert f"{a[3].title}（{a[3].track.name} · {a[3].team.name}）" in html


def test_entry_chooser_lists_only_the_rounds_candidates(client, world, strangers):
    round_, a, b = world["round"], world["a"], world["b"]
    client.force_login(world["boss"])
    response = chooser_results(client, round_)
    assert response.status_code == 200
    listed = {entry.title for entry in response.context["results"]}
    unranked = RoundResult.objects.get(round=round_, rank__isnull=True).entry  # judged, not ranked
    assert listed == {e.title for e in a + b} | {unranked.title}
    for stranger in ("外届作品", "未提交草稿", "决赛作品"):
        assert stranger not in response.content.decode()
    # The final round offers its own entry, and nothing of round 1 that it did not judge.
    final = {e.title for e in chooser_results(client, strangers["final"]).context["results"]}
    assert final == {"决赛作品"}
    # The modal itself opens for the round (a modal-workflow JSON answer).
    modal = client.get(reverse("contest_entry_chooser:choose"), {"round": round_.pk})
    assert modal.status_code == 200 and modal.json()["step"] == "choose"
    assert chooser_results(client, round_, round="").status_code == 404


def test_entry_chooser_finds_by_title_and_by_team_name(client, world):
    round_, a, b = world["round"], world["a"], world["b"]
    a[1].title = "黄河流域水资源调度"
    a[1].save()
    b[2].team.name = "泉城数智工作室"
    b[2].team.save()
    client.force_login(world["boss"])
    by_title = chooser_results(client, round_, q="水资源")
    assert [e.pk for e in by_title.context["results"]] == [a[1].pk]
    assert "泉城数智工作室" not in by_title.content.decode()
    by_team = chooser_results(client, round_, q="泉城数智")
    assert [e.pk for e in by_team.context["results"]] == [b[2].pk]
    assert "泉城数智工作室" in by_team.content.decode()  # organisers see the team
    by_track = chooser_results(client, round_, track=b[0].track.pk)
    assert {e.pk for e in by_track.context["results"]} >= {e.pk for e in b}
    assert not {e.pk for e in by_track.context["results"]} & {e.pk for e in a}
    # Choosing returns the entry with its label; an entry outside the round is not found.
    chosen = client.get(reverse("contest_entry_chooser:chosen", args=[a[1].pk]), {"round": round_.pk})
    assert chosen.json()["result"]["title"] == f"黄河流域水资源调度（{a[1].track.name} · {a[1].team.name}）"


def test_posting_an_entry_outside_the_round_is_refused_and_grants_nothing(client, world, strangers):
    round_ = world["round"]
    client.force_login(world["boss"])
    url = reverse("awards:grant", args=[round_.pk])
    for stranger in ("foreign", "draft", "late"):
        entry = strangers[stranger]
        response = client.post(
            url, {"entry": entry.pk, "category": world["cats"]["special"].pk, "reason": "越界", "confirm": "on"}
        )
        assert response.status_code == 200, stranger
        assert (
            "所选作品不能在本轮次授奖：只能选择本届大赛、本轮次评审且通过形式审查的作品。" in response.content.decode()
        )
        chosen = reverse("contest_entry_chooser:chosen", args=[entry.pk])
        assert client.get(chosen, {"round": round_.pk}).status_code == 404, stranger
    assert Award.objects.count() == 0
    assert not AuditEvent.objects.filter(action="award.grant").exists()


def test_entry_chooser_is_for_organisers_only(client, world):
    round_, entry = world["round"], world["a"][0]
    staff = UserFactory(is_staff=True, is_superuser=False)
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    urls = [
        reverse("contest_entry_chooser:choose") + f"?round={round_.pk}",
        reverse("contest_entry_chooser:choose_results") + f"?round={round_.pk}&q={entry.team.name}",
        reverse("contest_entry_chooser:chosen", args=[entry.pk]) + f"?round={round_.pk}",
    ]
    for user in (leader_of(entry.team), staff, editor):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert entry.team.name not in response.content.decode()


def test_applying_granting_and_revoking_need_confirmation(client, world):
    round_, boss, a = world["round"], world["boss"], world["a"]
    client.force_login(boss)
    refused = client.post(reverse("awards:apply", args=[round_.pk]))
    assert (refused.status_code, "请勾选确认后再提交。" in refused.content.decode()) == (200, True)
    grant = {"entry": a[3].pk, "category": world["cats"]["special"].pk, "reason": "最佳数据应用"}
    refused = client.post(reverse("awards:grant", args=[round_.pk]), grant)
    assert "请勾选确认后再提交。" in refused.content.decode()
    assert Award.objects.count() == 0
    award = grant_award(a[0], world["cats"]["first"], round_=round_, actor=boss, proposed=True)
    refused = client.post(reverse("awards:revoke", args=[award.pk]), {"reason": "申诉成立"})
    award.refresh_from_db()
    assert ("请勾选确认后再提交。" in refused.content.decode(), award.revoked_at) == (True, None)
