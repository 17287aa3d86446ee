"""The demo's data resources: units by fixed slugs, the unit account, two open-data requests, and
``load_demo --resources N`` topping the catalogue up in bulk (searchable) — all idempotent."""

import pytest

from scenes.choices import Openness, OpenRequestStatus
from scenes.demo import ensure_taxonomy
from scenes.demo_resources import load_data_resources
from scenes.models import DataResource, OpenDataRequest, Unit, UnitMember

pytestmark = pytest.mark.django_db


def test_demo_resources_load_twice_without_duplicates(client):
    ensure_taxonomy()
    logins = load_data_resources(None, {"resources": 60, "seed": 2026})
    load_data_resources(None, {"resources": 60, "seed": 2026})
    assert ("出题单位（省民政厅）", "unit@shuyong.example", "shuyong-unit") in logins
    assert Unit.objects.get(slug="civil-affairs").name == "省民政厅"
    assert Unit.objects.get(slug="market-regulation").name == "省市场监管局"
    assert Unit.objects.count() == len(set(DataResource.objects.values_list("department", flat=True)))
    member = UnitMember.objects.get(user__email="unit@shuyong.example")
    assert member.unit.slug == "civil-affairs"
    household = DataResource.objects.get(slug="household-registration")
    assert household.owner_unit.slug == "public-security"
    assert household.portal_url == "https://data.sd.example.gov.cn/catalogue/household-registration"
    assert household.domains.exists()
    assert set(DataResource.objects.values_list("openness", flat=True)) == {
        Openness.OPEN,
        Openness.CONDITIONAL,
        Openness.CLOSED,
    }
    assert sorted(OpenDataRequest.objects.values_list("resource__slug", "status")) == [
        ("elderly-services", OpenRequestStatus.PENDING),
        ("subsistence-allowance", OpenRequestStatus.PLANNED),
    ]
    assert DataResource.objects.count() == 60
    generated = DataResource.objects.filter(slug__startswith="gen-res-").order_by("pk").first()
    assert generated.owner_unit is not None and generated.node is not None
    # The generated rows are in the search index: /data/?q= finds them by a word of their name.
    word = "养老机构"
    expected = DataResource.objects.filter(name__contains=word).count()
    response = client.get("/data/", {"q": word})
    assert response.context["listing"].total == expected > 0
