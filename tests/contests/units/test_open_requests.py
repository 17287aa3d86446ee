"""数据开放申请 answered by the owner unit: a legal basis for a refusal, one answer, 已开放 opens the resource."""

import pytest
from django.urls import reverse
from django.utils import timezone

from scenes.choices import Openness, OpenRequestStatus
from scenes.models import OpenDataRequest
from scenes.services.open_data import OpenDataRefused, answer
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_request(resource):
    return OpenDataRequest.objects.create(
        resource=resource, requester=UserFactory(), purpose="研究就医可及性", due_at=timezone.now()
    )


def test_a_refusal_needs_its_legal_basis(client, member, open_request):
    url = reverse("contests:units:open_request", kwargs={"pk": open_request.pk})
    client.force_login(member)
    response = client.post(url, {"status": "refused", "answer": "涉及个人隐私", "legal_basis": ""})
    assert "不予开放时须写明法律依据。" in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == OpenRequestStatus.PENDING

    client.post(url, {"status": "refused", "answer": "涉及个人隐私", "legal_basis": "《个人信息保护法》第十三条"})
    open_request.refresh_from_db()
    assert (open_request.status, open_request.legal_basis) == (OpenRequestStatus.REFUSED, "《个人信息保护法》第十三条")
    assert open_request.answered_by == member


def test_opened_makes_the_resource_open_and_a_request_is_answered_once(client, member, open_request, resource):
    url = reverse("contests:units:open_request", kwargs={"pk": open_request.pk})
    client.force_login(member)
    client.post(url, {"status": "opened", "answer": "已在开放平台发布。"})
    resource.refresh_from_db()
    assert resource.openness == Openness.OPEN

    response = client.post(url, {"status": "planned", "answer": "改主意了"})
    assert "计划开放" not in OpenDataRequest.objects.get(pk=open_request.pk).get_status_display()
    assert response.status_code == 200


def test_pending_requests_are_listed_first(client, member, open_request, resource):
    answered = OpenDataRequest.objects.create(
        resource=resource,
        requester=UserFactory(),
        purpose="早先的申请",
        due_at=timezone.now(),
        status=OpenRequestStatus.PLANNED,
        answer="明年开放",
    )
    client.force_login(member)
    page = client.get(reverse("contests:units:open_requests")).content.decode()
    assert page.index(open_request.purpose) < page.index(answered.purpose)


def test_only_the_owner_units_members_or_a_superuser_answer(open_request, other_member):
    with pytest.raises(OpenDataRefused):
        answer(open_request, other_member, OpenRequestStatus.PLANNED, "明年")
    superuser = UserFactory(is_superuser=True)
    answer(open_request, superuser, OpenRequestStatus.PLANNED, "明年")
    with pytest.raises(OpenDataRefused):
        answer(open_request, superuser, OpenRequestStatus.OPENED, "再答一次")
