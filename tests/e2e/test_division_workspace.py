"""The division workspace in Chromium: the 济南 manager signs in, opens their division, reviews the
eligibility of one entry through the confirmation step, and gets a 404 on a 青岛 entry's URL."""

from datetime import timedelta

from django.utils import timezone

from contests.choices import EntryStatus
from contests.models import Division, Entry
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory
from tests.e2e.test_accessibility import sign_in
from tests.scenes.factories import city


def _world():
    now = timezone.now()
    contest = ContestFactory(
        slug="division-e2e",
        name="2026 数据应用创新大赛",
        registration_opens=now - timedelta(days=40),
        registration_closes=now - timedelta(days=20),
        submission_deadline=now - timedelta(days=1),
        judging_starts=now + timedelta(days=2),
        judging_ends=now + timedelta(days=20),
        results_date=now + timedelta(days=30),
    )
    track = TrackFactory(contest=contest, name="城市治理")
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=3)
    qingdao = Division.objects.create(contest=contest, node=city("qingdao"), name="青岛分赛区", slug="qingdao")
    manager = UserFactory(email="jinan.division@division-e2e.example", real_name="济南管理员")
    jinan.managers.add(manager)
    entries = []
    for division, title in ((jinan, "泉水保护监测"), (qingdao, "海岸线巡查")):
        team = TeamFactory(contest=contest, division=division, city=division.node)
        entry = EntryFactory(team=team, contest=contest, track=track, title=title)
        Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED, submitted_at=now - timedelta(days=2))
        entries.append(entry)
    return contest, manager, entries


def test_the_jinan_manager_reviews_an_entry_and_cannot_open_a_qingdao_entry(page, live_site, screenshot):
    contest, manager, (own, other) = _world()
    sign_in(page, live_site, manager)

    page.goto(f"{live_site}/division/")
    page.click("text=济南分赛区")
    assert "参赛团队" in page.inner_text("main")
    page.click("nav >> text=形式审查")
    page.click("text=泉水保护监测")
    assert "海岸线巡查" not in page.content()
    page.check("input[name=decision][value=eligible]")
    page.click("text=下一步：确认审查结论")
    assert "将把以下 1 件作品标记为“形式审查通过”" in page.inner_text("main")
    own.refresh_from_db()
    assert own.status == EntryStatus.SUBMITTED  # nothing changed before the confirmation
    screenshot("confirm")
    page.check("#id_confirm")
    page.click("text=确认并记录")
    page.wait_for_selector("text=已记录 1 件作品的审查结论")
    own.refresh_from_db()
    assert (own.status, own.eligibility_reviewed_by) == (EntryStatus.ELIGIBLE, manager)

    response = page.goto(f"{live_site}/division/{contest.slug}/jinan/entries/{other.uuid}/")
    assert response.status == 404
    response = page.goto(f"{live_site}/division/{contest.slug}/qingdao/entries/{other.uuid}/")
    assert response.status == 404
    other.refresh_from_db()
    assert other.status == EntryStatus.SUBMITTED
