"""The offer form names its resource with the picker: a unit may answer for thousands of resources,
so the form lists only the need's (to choose with one click) and searches the rest of what this 赛题
may offer — the unit's own and the need's, never another unit's."""

import re

import pytest
from django.urls import reverse

from contests.choices import AccessLevel
from contests.models import OfferedResource
from scenes.models import DataResource
from tests.contests.factories.entries import DataResourceFactory

pytestmark = pytest.mark.django_db


def search(client, challenge, q):
    url = reverse("contests:units:offer_resource_search", kwargs={"pk": challenge.pk})
    return client.get(url, {"q": q})


def test_the_form_lists_the_need_resources_not_the_unit_catalogue(client, member, unit, challenge, need):
    named = DataResourceFactory(name="老年人口信息", department="省民政厅")
    need.data_resources = [named]
    need.save()
    DataResource.objects.bulk_create(
        DataResource(name=f"批量资源{n}", slug=f"bulk-{n}", department="省卫健委", owner_unit=unit) for n in range(300)
    )
    client.force_login(member)
    html = client.get(reverse("contests:units:offer_add", kwargs={"pk": challenge.pk})).content.decode()
    assert "批量资源" not in html
    assert re.search(rf'<input type="radio" name="resource" value="{named.pk}">\s*老年人口信息', html)
    assert "来源需求列出的数据资源" in html
    assert f'data-search-url="/unit/challenges/{challenge.pk}/offers/resource-search/"' in html
    assert re.search(r'<label[^>]*for="id_resource_search"', html)


def test_the_search_finds_only_what_the_challenge_may_offer(client, member, other_unit, challenge, resource):
    DataResourceFactory(name="医疗机构名录", department="省交通运输厅", owner_unit=other_unit)
    client.force_login(member)
    found = search(client, challenge, "医疗").json()
    assert [row["name"] for row in found["results"]] == ["医疗机构就诊记录"]


def test_the_search_is_for_the_unit_members(client, other_member, challenge, resource):
    client.force_login(other_member)
    assert search(client, challenge, "医疗").status_code in (403, 404)


def test_an_offer_saves_the_resource_found(client, member, challenge, resource):
    client.force_login(member)
    url = reverse("contests:units:offer_add", kwargs={"pk": challenge.pk})
    data = {
        "resource": resource.pk,
        "access_level": AccessLevel.OPEN,
        "download_url": "https://data.example/x.csv",
        "sandbox_instructions": "",
        "agreement_text": "",
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    assert OfferedResource.objects.get(challenge=challenge).resource == resource
    # Offered once: the search no longer finds it.
    assert search(client, challenge, "医疗").json()["results"] == []
