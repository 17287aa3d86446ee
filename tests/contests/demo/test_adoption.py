"""The adoption demo loader: 2025 winners' milestones, confirmed and waiting — once."""

import pytest

from cms.demo import ensure_child
from contests.demo.adoption import QINGDAO_EDITOR, load_adoption
from contests.demo.contest import load_contest
from contests.demo.outcomes import CONTEST_SLUG, load_outcomes
from contests.models import AdoptionMilestone, Contest, MilestoneStatus, Promotion
from contests.services.adoption.public import adoption_figures, contest_adoption_rate
from contests.services.adoption.review import can_review_milestone
from scenes.models import SolutionIndexPage
from tests.contests.factories import UserFactory
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db


def test_demo_adoption_tells_its_story_once(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    contest = Contest.objects.get(slug=CONTEST_SLUG)

    logins = load_adoption(None, {})
    milestones = AdoptionMilestone.objects.filter(entry__contest=contest)
    statuses = set(milestones.values_list("status", flat=True))
    assert statuses == {MilestoneStatus.CONFIRMED, MilestoneStatus.SUBMITTED, MilestoneStatus.MORE_INFO}
    team1 = milestones.filter(entry__team__memberships__user__email="team1@shuyong.example")
    assert team1.filter(status=MilestoneStatus.CONFIRMED, kind="go_live").exists()
    waiting = milestones.get(status=MilestoneStatus.SUBMITTED)
    assert milestones.filter(entry__promotion__isnull=False, status=MilestoneStatus.CONFIRMED).count() == 2
    # The printed 青岛 editor login can confirm the waiting one.
    assert [email for _role, email, _pw in logins] == [QINGDAO_EDITOR]
    editor = UserFactory(email=QINGDAO_EDITOR)
    editor.groups.add(city("qingdao").editor_group)
    assert can_review_milestone(editor, waiting)
    assert adoption_figures(contest=contest).go_lives == 2
    assert contest_adoption_rate(contest).adopted == 2

    count = milestones.count()
    load_adoption(None, {})
    assert AdoptionMilestone.objects.count() == count


def test_demo_adoption_links_a_scene_and_gives_the_unit_a_milestone_to_confirm(demo_site):
    from contests.demo.loop import UNITS
    from scenes.models import SceneIndexPage, Unit, UnitMember
    from tests.scenes.factories import ScenePageFactory

    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    unit = Unit.objects.create(slug="civil-affairs", name=UNITS["civil-affairs"])
    promoted = Promotion.objects.get(entry__contest__slug=CONTEST_SLUG).entry
    scenes = ensure_child(demo_site, SceneIndexPage, "scenes", title="应用场景")
    scene = ScenePageFactory(parent=scenes, title=f"潍坊{promoted.title}", node=city("weifang"))

    load_adoption(None, {})
    go_live = AdoptionMilestone.objects.get(scene=scene)
    assert (go_live.status, go_live.kind, go_live.entry, go_live.node) == (
        MilestoneStatus.CONFIRMED, "go_live", promoted, city("weifang"),
    )  # fmt: skip
    for_unit = AdoptionMilestone.objects.get(unit=unit)
    assert for_unit.status == MilestoneStatus.SUBMITTED
    member = UserFactory(email="unit-member@demo.example")
    UnitMember.objects.create(unit=unit, user=member)
    assert can_review_milestone(member, for_unit)
