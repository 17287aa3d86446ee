"""Who may use the unit workspace: members of a unit only, and only for their own unit's objects —
another unit's 赛题, offers, findings and open-data requests are a 404, also by URL guessing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.choices import AccessLevel, FindingCategory
from contests.models import DataFinding, OfferedResource
from scenes.models import OpenDataRequest
from tests.contests.factories import UserFactory
from tests.contests.factories.entries import EntryFactory
from tests.scenes.factories import DataResourceFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("contests:units:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("superuser", [False, True])
def test_accounts_outside_every_unit_get_403_saying_why(client, superuser):
    user = UserFactory(is_superuser=superuser, is_staff=superuser)
    client.force_login(user)
    for name in ("dashboard", "challenge_new", "findings", "open_requests"):
        response = client.get(reverse(f"contests:units:{name}"))
        assert response.status_code == 403
        assert "不属于任何出题单位" in response.content.decode()


def test_members_see_their_own_units_only(client, member, unit, other_unit, other_member, challenge, other_challenge):
    client.force_login(member)
    page = client.get(reverse("contests:units:dashboard")).content.decode()
    assert unit.name in page and challenge.title in page
    assert other_unit.name not in page and other_challenge.title not in page


def test_another_units_challenge_and_its_offers_are_404(client, member, other_challenge, other_unit):
    resource = DataResourceFactory(owner_unit=other_unit)
    offer = OfferedResource.objects.create(
        challenge=other_challenge, resource=resource, access_level=AccessLevel.OPEN, download_url="https://x.example/"
    )
    client.force_login(member)
    pk = other_challenge.pk
    for name, kwargs in [
        ("challenge", {"pk": pk}),
        ("challenge_accept", {"pk": pk}),
        ("offer_add", {"pk": pk}),
        ("offer_edit", {"pk": pk, "offer_id": offer.pk}),
        ("offer_remove", {"pk": pk, "offer_id": offer.pk}),
    ]:
        url = reverse(f"contests:units:{name}", kwargs=kwargs)
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"title": "越权"}).status_code == 404, name
    upload = reverse("contests:units:file_upload", kwargs={"pk": pk, "offer_id": offer.pk})
    assert client.post(upload).status_code == 404
    other_challenge.refresh_from_db()
    assert other_challenge.title == "公交线路优化"
    assert OfferedResource.objects.filter(pk=offer.pk).exists()


def test_an_offer_is_reached_only_through_its_own_challenge(client, member, challenge, other_challenge, other_unit):
    resource = DataResourceFactory(owner_unit=other_unit)
    offer = OfferedResource.objects.create(
        challenge=other_challenge, resource=resource, access_level=AccessLevel.OPEN, download_url="https://x.example/"
    )
    client.force_login(member)
    url = reverse("contests:units:offer_edit", kwargs={"pk": challenge.pk, "offer_id": offer.pk})
    assert client.get(url).status_code == 404


def test_another_units_finding_and_open_request_are_404(client, member, other_unit):
    resource = DataResourceFactory(owner_unit=other_unit)
    entry = EntryFactory()
    finding = DataFinding.objects.create(
        entry=entry,
        resource=resource,
        category=FindingCategory.ERRORS,
        description="身份证号有误",
        reported_by=entry.created_by,
        reported_at=timezone.now(),
    )
    open_request = OpenDataRequest.objects.create(
        resource=resource, requester=UserFactory(), purpose="研究", due_at=timezone.now()
    )
    client.force_login(member)
    for url in (
        reverse("contests:units:finding", kwargs={"pk": finding.pk}),
        reverse("contests:units:open_request", kwargs={"pk": open_request.pk}),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"response": "越权", "status": "opened", "answer": "越权"}).status_code == 404
    finding.refresh_from_db()
    open_request.refresh_from_db()
    assert (finding.status, finding.response) == ("received", "")
    assert (open_request.status, open_request.answer) == ("pending", "")
    assert "身份证号有误" not in client.get(reverse("contests:units:findings")).content.decode()


def test_a_unit_member_signs_in_to_the_workspace_and_finds_it_in_the_header(client, member, demo_site):
    from tests.contests.factories import PASSWORD

    response = client.post(reverse("contests:login"), {"username": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("contests:units:dashboard")
    header = client.get("/").content.decode()
    assert f'<a href="{reverse("contests:units:dashboard")}"' in header and "单位工作台" in header
