"""A conflict that appears after a judge was assigned (e.g. a team member changes their organisation
to the judge's) never withdraws the judge on its own: it becomes a flag for the organiser, who keeps
the judge or removes the assignment."""

import pytest
from django.urls import reverse

from contests.services.judging.assignment import assign_judges
from tests.contests.entry_factories import add_member
from tests.contests.judging_factories import eligible_entry, judging_setup

pytestmark = pytest.mark.django_db

COMMENT = "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。"
JUDGE_ORGANISATION = "山东省数据应用研究院"


@pytest.fixture
def world():
    """One judge assigned (by the real service) to one submitted entry; a team member who can edit
    their own profile."""
    contest, round_, tracks, (judge,), (entry,) = judging_setup(judges=1, entries=1, k=1)
    judge.organisation = JUDGE_ORGANISATION
    judge.save(update_fields=["organisation"])
    member = add_member(entry.team)
    report = assign_judges(round_)
    assert report.created == 1
    assignment = entry.assignments.get()
    assignment.declared_no_conflict_at = assignment.created_at
    assignment.save(update_fields=["declared_no_conflict_at"])
    return {"round": round_, "entry": entry, "judge": judge, "member": member, "assignment": assignment}


def move_to_judges_organisation(client, member):
    """The hostile step: as a team member, set one's own organisation to the judge's."""
    client.force_login(member)
    data = {"real_name": member.real_name, "phone": "", "organisation": JUDGE_ORGANISATION, "credit_code": ""}
    response = client.post(reverse("contests:profile"), data)
    assert response.status_code == 302
    client.logout()


def assignment_url(assignment):
    return reverse("contests:judging:assignment", kwargs={"code": assignment.code})


def test_a_member_moving_to_the_judges_organisation_does_not_silently_remove_the_judge(client, world):
    move_to_judges_organisation(client, world["member"])
    assignment = world["assignment"]
    client.force_login(world["judge"].user)
    response = client.get(assignment_url(assignment))
    assert response.status_code == 200
    assert world["entry"].title in response.text
    # The judge can still score and submit.
    criteria = list(world["round"].criteria.order_by("sort_order"))
    form = {f"criterion_{c.pk}": 5 for c in criteria} | {"version": 0, "comment": COMMENT, "action": "submit"}
    response = client.post(assignment_url(assignment), form)
    assert (response.status_code, response["Location"]) == (302, assignment_url(assignment))
    assignment.refresh_from_db()
    assert assignment.score.status == "submitted"
