"""An entry's data page: declared uses (kept in sync with Entry.data_resources, optimistic lock) and
data-quality findings (only on declared resources, only the team's own), refused after the deadline."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from contests.choices import AccessLevel, FindingCategory, FindingStatus, TeamRole
from contests.models import DataFinding, Entry, EntryDataUse, EntryDraftVersion
from contests.services import ContestError
from contests.services.data_use import declare_uses, report_finding
from contests.services.entries import content_of, save_draft
from tests.contests.factories import OrganiserFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory, add_member, leader_of
from tests.contests.loop import helpers

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(entry):
    return reverse("contests:entry_data", kwargs={"uuid": entry.uuid})


def uses_post(entry, rows, version=None):
    data = {
        "action": "uses",
        "version": entry.version if version is None else version,
        "uses-TOTAL_FORMS": len(rows),
        "uses-INITIAL_FORMS": 0,
        "uses-MIN_NUM_FORMS": 0,
        "uses-MAX_NUM_FORMS": 50,
    }
    for index, (slug, how) in enumerate(rows):
        data[f"uses-{index}-resource"], data[f"uses-{index}-how"] = slug, how
    return data


def test_declaring_uses_through_the_page_keeps_data_resources_in_sync():
    entry = EntryFactory()
    offered = DataResourceFactory(name="助餐点数据")
    other = DataResourceFactory(name="人口数据")
    item = helpers.challenge(entry.track)
    helpers.offer(item, AccessLevel.AGREEMENT, resource=offered)
    Entry.objects.filter(pk=entry.pk).update(challenge=item)
    client = client_for(leader_of(entry.team))
    page = client.get(url(entry))
    assert f'<option value="{offered.slug}">助餐点数据（省大数据局）</option>' in page.text
    rows = [(offered.slug, "统计覆盖率"), (other.slug, "估算需求"), ("", "")]
    response = client.post(url(entry), uses_post(entry, rows))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert set(entry.data_resources.all()) == {offered, other}
    assert dict(EntryDataUse.objects.values_list("resource__slug", "how")) == {
        offered.slug: "统计覆盖率",
        other.slug: "估算需求",
    }
    assert entry.version == 2
    assert sorted(EntryDraftVersion.objects.get(entry=entry, version=2).data["data_resources"]) == sorted(
        [offered.pk, other.pk]
    )
    # Clearing a row removes the use and the resource from the list.
    entry.refresh_from_db()
    client.post(url(entry), uses_post(entry, [(offered.slug, "统计覆盖率（更新）")]))
    entry.refresh_from_db()
    assert list(entry.data_resources.all()) == [offered]
    assert list(EntryDataUse.objects.values_list("how", flat=True)) == ["统计覆盖率（更新）"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("no-such-slug", "用途")], "没有网址标识为“no-such-slug”的数据资源。"),
        ([("{slug}", "")], "请填写使用方式（一句话）。"),
        ([("{slug}", "长" * 201)], "200"),
        ([("{slug}", "一"), ("{slug}", "二")], "这项数据资源已在上面填写过。"),
    ],
)
def test_bad_rows_are_refused_and_nothing_changes(rows, message):
    entry = EntryFactory()
    resource = DataResourceFactory()
    rows = [(slug.format(slug=resource.slug), how) for slug, how in rows]
    response = client_for(leader_of(entry.team)).post(url(entry), uses_post(entry, rows))
    assert response.status_code == 200
    assert message in response.text
    assert EntryDataUse.objects.count() == 0 and Entry.objects.get(pk=entry.pk).version == 1


def test_a_stale_version_is_refused():
    entry = EntryFactory()
    resource = DataResourceFactory()
    save_draft(entry, leader_of(entry.team), {**content_of(entry), "title": "别人改过"}, base_version=1)
    response = client_for(leader_of(entry.team)).post(url(entry), uses_post(entry, [(resource.slug, "用途")], 1))
    assert response.status_code == 200
    assert "其他成员修改了作品" in response.text
    assert EntryDataUse.objects.count() == 0


def test_the_service_refuses_stale_versions_and_repeats():
    entry = EntryFactory()
    resource = DataResourceFactory()
    user = leader_of(entry.team)
    with pytest.raises(ContestError) as info:
        declare_uses(entry, [(resource, "一"), (resource, "二")], user, 1)
    assert info.value.code == "duplicate"
    assert declare_uses(entry, [(resource, "一")], user, 1) == 2
    with pytest.raises(ContestError) as info:
        declare_uses(entry, [(resource, "二")], user, 1)
    assert info.value.code == "stale"


def test_removing_a_resource_in_the_entry_form_removes_its_declared_use():
    entry = EntryFactory()
    resource = DataResourceFactory()
    declare_uses(entry, [(resource, "用途")], leader_of(entry.team), 1)
    entry.refresh_from_db()
    save_draft(entry, leader_of(entry.team), {**content_of(entry), "data_resources": []}, base_version=2)
    assert EntryDataUse.objects.count() == 0


def test_findings_only_on_declared_resources_and_shown_with_the_owners_answer():
    entry = EntryFactory()
    declared, undeclared = DataResourceFactory(name="助餐点数据"), DataResourceFactory(name="未声明的数据")
    declare_uses(entry, [(declared, "用途")], leader_of(entry.team), 1)
    client = client_for(leader_of(entry.team))
    bad = client.post(
        url(entry),
        {"action": "finding", "finding-resource": undeclared.pk, "finding-category": "errors",
         "finding-description": "有错"},
    )  # fmt: skip
    assert "只能对作品已声明使用的数据资源报告问题。" in bad.text and DataFinding.objects.count() == 0
    response = client.post(
        url(entry),
        {"action": "finding", "finding-resource": declared.pk, "finding-category": FindingCategory.MISSING_FIELDS,
         "finding-description": "缺少助餐点坐标字段"},
    )  # fmt: skip
    assert response.status_code == 302
    finding = DataFinding.objects.get()
    assert (finding.resource, finding.reported_by, finding.status) == (
        declared,
        leader_of(entry.team),
        FindingStatus.RECEIVED,
    )
    DataFinding.objects.filter(pk=finding.pk).update(status=FindingStatus.HANDLED, response="已补充坐标字段")
    page = client.get(url(entry)).text
    assert "缺少助餐点坐标字段" in page and "已补充坐标字段" in page and "已处理" in page


def test_the_service_refuses_findings_on_undeclared_resources_and_empty_text():
    entry = EntryFactory()
    resource = DataResourceFactory()
    user = leader_of(entry.team)
    with pytest.raises(ContestError) as info:
        report_finding(entry, resource, FindingCategory.ERRORS, "有错", user)
    assert info.value.code == "resource"
    with pytest.raises(ContestError) as info:
        report_finding(entry, resource, FindingCategory.ERRORS, "  ", user)
    assert info.value.code == "description"
    assert DataFinding.objects.count() == 0


def test_teams_never_see_other_teams_findings():
    entry, other = EntryFactory(), EntryFactory()
    resource = DataResourceFactory()
    for item in (entry, other):
        declare_uses(item, [(resource, "用途")], leader_of(item.team), 1)
    report_finding(other, resource, FindingCategory.ERRORS, "别队发现的问题", leader_of(other.team))
    page = client_for(leader_of(entry.team)).get(url(entry)).text
    assert "别队发现的问题" not in page


def test_another_team_gets_404_and_advisers_and_organisers_only_read():
    entry, other = EntryFactory(), EntryFactory()
    resource = DataResourceFactory()
    stranger = client_for(leader_of(other.team))
    assert stranger.get(url(entry)).status_code == 404
    assert stranger.post(url(entry), uses_post(entry, [(resource.slug, "用途")])).status_code == 404
    adviser = add_member(entry.team, role=TeamRole.ADVISER)
    assert client_for(adviser).get(url(entry)).status_code == 200
    assert client_for(adviser).post(url(entry), uses_post(entry, [(resource.slug, "用途")])).status_code == 403
    boss = OrganiserFactory()
    assert client_for(boss).get(url(entry)).status_code == 200
    assert client_for(boss).post(url(entry), uses_post(entry, [(resource.slug, "用途")])).status_code == 403
    assert EntryDataUse.objects.count() == 0


@pytest.mark.clock
def test_after_the_deadline_the_server_refuses_both_actions():
    entry = EntryFactory()
    resource = DataResourceFactory()
    declare_uses(entry, [(resource, "用途")], leader_of(entry.team), 1)
    entry.refresh_from_db()
    with time_machine.travel(entry.contest.submission_deadline, tick=False):
        client = client_for(leader_of(entry.team))  # signed in then: sessions expire
        page = client.get(url(entry))
        assert "只能查看" in page.text and 'name="uses-TOTAL_FORMS"' not in page.text
        response = client.post(url(entry), uses_post(entry, [(resource.slug, "截止后改")]))
        assert "作品提交已截止" in response.text
        response = client.post(
            url(entry),
            {"action": "finding", "finding-resource": resource.pk, "finding-category": "errors",
             "finding-description": "截止后报告"},
        )  # fmt: skip
        assert "作品提交已截止" in response.text
    assert list(EntryDataUse.objects.values_list("how", flat=True)) == ["用途"]
    assert DataFinding.objects.count() == 0


def test_resources_ticked_in_the_entry_form_start_as_rows_to_complete():
    entry = EntryFactory()
    ticked = DataResourceFactory(name="已勾选的数据")
    entry.data_resources.add(ticked)
    client = client_for(leader_of(entry.team))
    page = client.get(url(entry)).text
    assert f'value="{ticked.slug}"' in page and "作品已勾选但尚未说明使用方式的数据资源：已勾选的数据" in page
    missing_how = client.post(url(entry), uses_post(entry, [(ticked.slug, "")]))
    assert "请填写使用方式（一句话）。" in missing_how.text
    assert list(Entry.objects.get(pk=entry.pk).data_resources.all()) == [ticked]
    client.post(url(entry), uses_post(entry, [(ticked.slug, "用于统计")]))
    assert list(EntryDataUse.objects.values_list("resource", "how")) == [(ticked.pk, "用于统计")]
