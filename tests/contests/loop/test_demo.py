"""The loop's demo: 赛题 from the showcase's needs with data at three access levels, team1's data
desk story, a 2025 winner's data use — and nothing more on a second run, with or without the needs."""

import pytest

from cms.demo import ensure_child
from cms.workdays import add_working_days
from contests.choices import AccessLevel, DataRequestStatus, FindingStatus
from contests.demo.contest import load_contest
from contests.demo.entries import load_entries
from contests.demo.loop import UNIT_EMAIL, load_loop
from contests.demo.outcomes import load_outcomes
from contests.models import (
    AgreementAcceptance,
    Challenge,
    DataAgreement,
    DataDownload,
    DataFinding,
    DataRequest,
    EntryDataUse,
    OfferedFile,
    OfferedResource,
)
from contests.services.loop_public import resource_uses
from scenes.choices import NeedStatus
from scenes.models import NeedPage, SolutionIndexPage, Unit
from tests.contests.loop import helpers

pytestmark = pytest.mark.django_db
COUNTED = (Challenge, OfferedResource, DataAgreement, OfferedFile, DataRequest, AgreementAcceptance, DataDownload,
           EntryDataUse, DataFinding, Unit)  # fmt: skip


@pytest.fixture
def contests_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    load_entries(None, {"seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    return demo_site


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_loop_without_needs_still_sets_challenges_and_runs_twice(contests_demo):
    load_loop(None, {})
    first = counts()
    load_loop(None, {})
    assert counts() == first
    assert set(Challenge.objects.values_list("slug", "need")) == {("elderly-meal", None), ("sme-credit", None)}
    assert set(Unit.objects.values_list("slug", flat=True)) >= {"civil-affairs", "market-regulation"}


def test_demo_loop_tells_the_data_desk_story(rf, contests_demo):
    elderly = helpers.need(contests_demo, slug="elderly-meal-coverage", title="老年助餐服务覆盖不足")
    sme = helpers.need(contests_demo, slug="sme-credit-profile", title="小微企业缺少信用画像")
    load_loop(None, {})
    statuses = dict(NeedPage.objects.values_list("slug", "status"))
    assert statuses[elderly.slug] == statuses[sme.slug] == NeedStatus.CHALLENGE_SET
    challenge = Challenge.objects.get(slug="elderly-meal")
    assert (challenge.need_id, challenge.unit.name, challenge.track.slug) == (elderly.pk, "省民政厅", "zhihui-yanglao")
    for item in Challenge.objects.all():
        assert set(item.offers.values_list("access_level", flat=True)) == set(AccessLevel.values)
    agreement_offer = OfferedResource.objects.filter(challenge=challenge, access_level=AccessLevel.AGREEMENT).first()
    assert agreement_offer.agreements.get(version=1).text.startswith("数据使用协议")
    assert agreement_offer.files.get().original_name.endswith(".csv")
    # team1's entry answers the elderly 赛题 with an approved and a pending request.
    requests = DataRequest.objects.filter(team__memberships__user__email="team1@shuyong.example")
    assert sorted(requests.values_list("status", flat=True)) == [DataRequestStatus.APPROVED, DataRequestStatus.PENDING]
    approved = requests.get(status=DataRequestStatus.APPROVED)
    assert approved.decided_by.email == UNIT_EMAIL
    assert approved.due_at == add_working_days(approved.requested_at, 5)
    assert approved.team.entries.get().challenge == challenge
    assert AgreementAcceptance.objects.filter(user__email="team1@shuyong.example").count() == 1
    assert DataDownload.objects.get().request == approved
    finding = DataFinding.objects.get()
    assert (finding.status, finding.responded_by.email) == (FindingStatus.HANDLED, UNIT_EMAIL)
    assert finding.entry.data_uses.filter(resource=finding.resource).exists()
    # The 2025 winner's declared use shows on its resource's page.
    use = EntryDataUse.objects.get(entry__contest__slug="shuyong-2025")
    sections = {s["key"]: s for s in resource_uses(use.resource, rf.get("/"))}
    assert sections["winning_entries"]["items"][0]["title"] == use.entry.title
    first = counts()
    load_loop(None, {})
    assert counts() == first
