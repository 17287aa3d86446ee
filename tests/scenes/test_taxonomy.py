import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from cms.validators import credit_code_check_char
from scenes.choices import NodeKind
from scenes.models import Node, Provider
from tests.scenes.factories import DataResourceFactory, DomainFactory, ProviderFactory

CITIES = [
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
]


@pytest.mark.django_db
def test_data_migration_creates_the_provincial_platform_and_16_cities():
    assert list(Node.objects.filter(kind=NodeKind.PROVINCE).values_list("name", flat=True)) == ["省级主平台"]
    assert list(Node.objects.filter(kind=NodeKind.CITY).values_list("name", flat=True)) == CITIES


@pytest.mark.django_db
def test_provider_credit_code_is_validated():
    first17 = "91370100MA3C00001"
    good = ProviderFactory(credit_code=first17 + credit_code_check_char(first17))
    good.full_clean()
    bad = Provider(
        name="坏代码公司",
        slug="bad",
        credit_code=first17 + "0" if credit_code_check_char(first17) != "0" else first17 + "1",
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert list(error.value.message_dict) == ["credit_code"]


@pytest.mark.django_db
def test_taxonomy_menu_groups_the_four_snippets(admin_client):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    from cms.demo import ensure_user

    # Serve one admin page first: viewsets join the menu when the admin URLs load, and a menu read
    # before that would be cached without them (breaking later tests that expect the 大赛 menu).
    assert admin_client.get("/admin/").status_code == 200
    request = RequestFactory().get("/admin/")
    request.user = ensure_user("root@shuyong.example", "pw", is_staff=True, is_superuser=True)
    group = next(item for item in admin_menu.menu_items_for_request(request) if item.label == "场景分类")
    assert [str(item.label) for item in group.menu.menu_items_for_request(request)] == [
        "平台节点",
        "应用领域",
        "数据资源",
        "方案提供单位",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "query", "expected"),
    [
        ("wagtailsnippets_scenes_node:list", {"q": "济"}, ["济南", "济宁"]),
        ("wagtailsnippets_scenes_node:list", {"kind": "province"}, ["省级主平台"]),
        ("wagtailsnippets_scenes_domain:list", {"q": "养老"}, ["智慧养老"]),
        ("wagtailsnippets_scenes_dataresource:list", {"q": "公安"}, ["户籍信息（省公安厅）"]),
    ],
)
def test_taxonomy_admin_lists_filter_and_search_chinese(admin_client, url_name, query, expected):
    DomainFactory(name="智慧养老", slug="elderly-care")
    DomainFactory(name="教育", slug="education")
    DataResourceFactory(name="户籍信息", slug="household", department="省公安厅")
    DataResourceFactory(name="纳税信息", slug="tax", department="省税务局")
    response = admin_client.get(reverse(url_name), query)
    assert response.status_code == 200
    assert [str(obj) for obj in response.context["object_list"]] == expected


@pytest.mark.django_db
def test_taxonomy_admin_exports_nodes_as_csv(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_scenes_node:list"), {"export": "csv", "kind": "province"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1].startswith("省级主平台,province,")


def _exported_rows(admin_client, export_format, search):
    response = admin_client.get(
        reverse("wagtailsnippets_scenes_dataresource:list"), {"export": export_format, "q": search}
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)][1:]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_taxonomy_admin_exports_write_formula_like_text_as_inert_text(admin_client, export_format):
    DataResourceFactory(name="=1+1", slug="formula", department="@省大数据局", description="-2+3")
    # list_export = name, department, node, slug, description
    no_node = "" if export_format == "csv" else None
    assert _exported_rows(admin_client, export_format, "1+1") == [
        ["'=1+1", "'@省大数据局", no_node, "formula", "'-2+3"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_taxonomy_admin_exports_survive_text_pasted_from_word(admin_client, export_format):
    # Word's soft line break is a vertical tab, which the XLSX format refuses (it answered 500).
    DataResourceFactory(name="户籍信息", slug="household", description="第一行\x0b第二行")
    assert [row[4] for row in _exported_rows(admin_client, export_format, "户籍")] == ["第一行\n第二行"]


@pytest.fixture
def admin_client(client, db):
    from cms.demo import ensure_user

    client.force_login(ensure_user("root@shuyong.example", "pw", is_staff=True, is_superuser=True))
    return client
