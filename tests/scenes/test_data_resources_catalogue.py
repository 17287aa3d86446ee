"""/data/: the data resource catalogue — facets with counts, Chinese search, sorting, pages, the
open-data figures on top, and a constant number of queries whatever the number of resources."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scenes.cache import bump_resources_version
from scenes.choices import Openness, OpenRequestStatus
from scenes.models import DataResource, OpenDataRequest
from tests.contests.factories import UserFactory
from tests.scenes.factories import DataResourceFactory, DomainFactory, city

pytestmark = pytest.mark.django_db


def names(response):
    return [resource.name for resource in response.context["listing"].page_obj.object_list]


def facet(response, key):
    """{option label: count} of one facet."""
    for found, options in response.context["listing"].facets:
        if found.key == key:
            return {option.label: option.count for option in options}
    return {}


@pytest.fixture
def catalogue():
    education = DomainFactory(name="教育", slug="education")
    transport = DomainFactory(name="交通出行", slug="transport")
    hukou = DataResourceFactory(
        name="户籍信息",
        slug="household",
        department="省公安厅",
        node=city("jinan"),
        openness=Openness.CLOSED,
        description="全省常住人口的户籍登记信息，按需共享。",
    )
    hukou.domains.set([education])
    school = DataResourceFactory(
        name="学籍信息", slug="student-status", department="省教育厅", node=city("qingdao"), openness=Openness.OPEN
    )
    school.domains.set([education])
    bus = DataResourceFactory(
        name="公交线路数据",
        slug="bus-lines",
        department="省交通运输厅",
        node=city("jinan"),
        openness=Openness.CONDITIONAL,
        description="济南市公共交通线路与站点。",
    )
    bus.domains.set([transport])
    return {"hukou": hukou, "school": school, "bus": bus}


def test_catalogue_lists_every_resource_by_name_with_facet_counts(client, catalogue):
    response = client.get("/data/")
    assert response.status_code == 200
    assert names(response) == ["公交线路数据", "学籍信息", "户籍信息"]  # by name (code point order)
    assert facet(response, "owner") == {"省交通运输厅": 1, "省公安厅": 1, "省教育厅": 1}
    assert facet(response, "domain") == {"教育": 2, "交通出行": 1}
    assert facet(response, "node") == {"济南": 2, "青岛": 1}
    assert facet(response, "openness") == {"无条件开放": 1, "有条件开放": 1, "暂未开放": 1}
    html = response.content.decode()
    assert '<a href="/data/household/">户籍信息</a>' in html


def test_facets_filter_and_count_against_the_other_facets(client, catalogue):
    response = client.get("/data/?node=jinan&domain=education")
    assert names(response) == ["户籍信息"]
    # The city facet is counted under the domain filter only, so a click says what it gives.
    assert facet(response, "node") == {"济南": 1, "青岛": 1}
    assert facet(response, "openness") == {"暂未开放": 1}
    assert names(client.get("/data/?openness=open")) == ["学籍信息"]
    assert names(client.get("/data/?owner=省交通运输厅")) == ["公交线路数据"]


def test_chinese_search_finds_words_inside_names_and_descriptions(client, catalogue):
    assert names(client.get("/data/?q=户籍")) == ["户籍信息"]
    assert names(client.get("/data/?q=公交")) == ["公交线路数据"]
    assert names(client.get("/data/?q=常住人口")) == ["户籍信息"]  # from the description
    # Search and facets together; a traditional-character query finds the simplified words.
    assert names(client.get("/data/?q=信息&node=qingdao")) == ["学籍信息"]
    assert names(client.get("/data/?q=戶籍")) == ["户籍信息"]
    empty = client.get("/data/?q=不存在的数据")
    assert names(empty) == []
    assert "没有符合条件的结果" in empty.content.decode()


def test_sort_by_last_update(client, catalogue):
    DataResource.objects.filter(pk=catalogue["school"].pk).update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    DataResource.objects.filter(pk=catalogue["hukou"].pk).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    DataResource.objects.filter(pk=catalogue["bus"].pk).update(updated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    bump_resources_version()  # updates bypass save(): start a new version as a save would
    assert names(client.get("/data/?sort=updated")) == ["户籍信息", "公交线路数据", "学籍信息"]


def test_pages_of_twenty(client):
    DataResource.objects.bulk_create(
        [DataResource(name=f"资源{number:02d}", slug=f"r{number:02d}", department="省大数据局") for number in range(25)]
    )
    bump_resources_version()  # as load_demo does after its bulk inserts
    first, second = client.get("/data/"), client.get("/data/?page=2")
    assert len(names(first)) == 20
    assert names(second) == [f"资源{number:02d}" for number in range(20, 25)]
    assert response_total(first) == 25


def response_total(response):
    return response.context["listing"].total


def test_most_requested_and_median_answer_time_on_top(client, catalogue):
    owner = UserFactory(is_superuser=True)
    asker = UserFactory()
    others = [UserFactory() for _ in range(2)]
    for user in [asker, *others]:
        OpenDataRequest.objects.create(
            resource=catalogue["hukou"], requester=user, purpose="研究", due_at=dt.datetime(2026, 12, 14, tzinfo=dt.UTC)
        )
    answered = OpenDataRequest.objects.create(
        resource=catalogue["bus"], requester=asker, purpose="导航", due_at=dt.datetime(2026, 12, 14, tzinfo=dt.UTC)
    )
    # Asked on Monday 7 December, answered on Wednesday 9 December (Beijing): 2 working days.
    OpenDataRequest.objects.filter(pk=answered.pk).update(
        created_at=dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC),
        answered_at=dt.datetime(2026, 12, 9, 2, 0, tzinfo=dt.UTC),
        status=OpenRequestStatus.PLANNED,
        answered_by=owner,
    )
    html = client.get("/data/").content.decode()
    top = re.search(r'<ol class="most-requested">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", top) == ["户籍信息", "公交线路数据"]
    assert "3 次申请" in top
    assert "<strong>2<small> 个工作日</small></strong><span>答复数据开放申请的用时中位数</span>" in html


def add_resources(count, start):
    domains = [DomainFactory(name="教育", slug="education"), DomainFactory(name="交通出行", slug="transport")]
    cities = ["jinan", "qingdao", "zibo"]
    for number in range(start, start + count):
        resource = DataResourceFactory(
            name=f"测试数据{number}",
            slug=f"test-{number}",
            department=f"部门{number % 4}",
            node=city(cities[number % 3]),
            openness=[Openness.OPEN, Openness.CLOSED][number % 2],
        )
        resource.domains.set([domains[number % 2]])


def count_queries(client, url):
    """Queries of a page built afresh (the stored page of ``url`` is not reused: the address differs),
    once the per-process caches (facet index, site root paths) are warm, as in production."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + ("&" if "?" in url else "?") + "fresh=1")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/data/", "/data/?q=测试", "/data/?domain=education&node=jinan", "/data/test-1/"])
def test_queries_do_not_grow_with_the_number_of_resources(client, url):
    add_resources(5, 0)
    small = count_queries(client, url)
    add_resources(45, 5)
    large = count_queries(client, url)
    assert small == large
