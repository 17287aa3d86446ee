"""Entry form questions in Chromium: the organiser adds a question for one track in the admin; a team
on that track sees it in 补充信息, fills it in and saves; a team on another track does not see it.
The conditional follow-up appears as soon as its condition is chosen (progressive JavaScript)."""

from contests.models import Entry, EntryFormField
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory, leader_of
from tests.contests.factories.judging import organiser
from tests.e2e.test_accessibility import sign_in


def _world():
    contest = ContestFactory(slug="forms-e2e", name="2026 数据应用创新大赛")
    village = TrackFactory(contest=contest, name="乡村振兴")
    society = TrackFactory(contest=contest, name="数字社会")
    boss = organiser(email="boss@forms-e2e.example")
    mine = EntryFactory(team=TeamFactory(contest=contest, name="田野队"), contest=contest, track=society)
    theirs = EntryFactory(team=TeamFactory(contest=contest, name="麦浪队"), contest=contest, track=village)
    return contest, society, boss, mine, theirs


def test_organiser_adds_a_track_question_and_only_that_tracks_team_answers_it(page, live_site, screenshot):
    contest, society, boss, mine, theirs = _world()

    sign_in(page, live_site, boss)
    page.goto(f"{live_site}/admin/contest_form_fields/new/")
    page.select_option("#id_contest", str(contest.pk))
    page.select_option("#id_track", str(society.pk))
    page.fill("#id_label", "试点单位")
    page.fill("#id_key", "pilot_unit")
    page.select_option("#id_kind", "text")
    page.fill("#id_word_limit", "20")
    page.click("button[type=submit]:has-text('创建')")
    page.wait_for_selector("text=试点单位")
    question = EntryFormField.objects.get(key="pilot_unit")
    assert (question.track, question.word_limit) == (society, 20)
    EntryFormField.objects.create(
        contest=contest, key="pilot_done", label="是否已试点", kind="choice", choices="是\n否"
    )
    EntryFormField.objects.create(
        contest=contest, key="pilot_result", label="试点成效", condition_key="pilot_done", condition_value="是"
    )

    sign_in(page, live_site, leader_of(mine.team))
    page.goto(f"{live_site}/portal/entries/{mine.uuid}/edit/")
    assert page.is_visible("legend:has-text('补充信息')")
    assert page.is_visible("label:has-text('试点单位')")
    assert not page.is_visible("#id_extra__pilot_result")
    page.select_option("#id_extra__pilot_done", "是")
    assert page.is_visible("#id_extra__pilot_result")  # shown at once, no save needed
    page.fill("#id_extra__pilot_unit", "济南市历下区政务服务中心")
    page.fill("#id_extra__pilot_result", "办理时长缩短一半")
    screenshot("team-form")
    page.click("form.entry-form button[type=submit]")
    page.wait_for_selector("text=已保存。")
    assert "济南市历下区政务服务中心" in page.inner_text("main")
    mine.refresh_from_db()
    assert mine.extra == {
        "pilot_unit": "济南市历下区政务服务中心",
        "pilot_done": "是",
        "pilot_result": "办理时长缩短一半",
    }

    sign_in(page, live_site, leader_of(theirs.team))
    page.goto(f"{live_site}/portal/entries/{theirs.uuid}/edit/")
    assert page.is_visible("label:has-text('是否已试点')")
    assert page.locator("label:has-text('试点单位')").count() == 0
    assert Entry.objects.get(pk=theirs.pk).extra == {}
