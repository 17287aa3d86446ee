"""The entry and team forms as a team fills them in: labels without ASCII colons, the data
resources as a checklist grouped by the department that offers them (with a filter box when the
list is long), 所属单位 prefilled from the profile and 单位类型 a required choice."""

import re

import pytest
from django.urls import reverse

from contests.models import Team
from contests.portal.forms.teams import TeamForm
from tests.contests.factories import UserFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory, leader_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(client):
    entry = EntryFactory()
    client.force_login(leader_of(entry.team))
    return entry


def edit_page(client, entry):
    return client.get(reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})).content.decode()


def test_entry_form_labels_have_no_ascii_colon(client, entry):
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", edit_page(client, entry))
    assert "作品名称" in labels
    assert [label for label in labels if label.strip().endswith(":")] == []


def test_data_resources_are_grouped_by_department(client, entry):
    DataResourceFactory(name="养老机构名录", department="省民政厅")
    DataResourceFactory(name="低保对象信息", department="省民政厅")
    DataResourceFactory(name="医保结算数据", department="省医保局")
    html = edit_page(client, entry)
    groups = re.findall(r'<fieldset class="checklist-group">\s*<legend>([^<]*)</legend>(.*?)</fieldset>', html, re.S)
    named = {legend: re.findall(r"<label[^>]*>\s*<input[^>]*>\s*([^<]*?)\s*</label>", body) for legend, body in groups}
    assert named == {"省医保局": ["医保结算数据"], "省民政厅": ["低保对象信息", "养老机构名录"]}


def test_the_track_offered_resources_come_first(client, entry):
    offered = DataResourceFactory(name="老年人口信息", department="省民政厅")
    DataResourceFactory(name="医保结算数据", department="省医保局")
    entry.track.data_resources.add(offered)
    html = edit_page(client, entry)
    legends = re.findall(r'<fieldset class="checklist-group">\s*<legend>([^<]*)</legend>', html)
    assert legends == ["本赛道开放的数据资源", "省医保局"]


def test_a_long_checklist_gets_a_filter_box(client, entry):
    for _n in range(5):
        DataResourceFactory(department="省民政厅")
    assert "data-checklist-filter" not in edit_page(client, entry)
    for _n in range(8):
        DataResourceFactory(department="省医保局")
    html = edit_page(client, entry)
    assert re.search(r'<input type="search"[^>]*data-checklist-filter[^>]*hidden', html)
    assert 'aria-label="筛选数据资源"' in html


def test_team_form_prefills_the_organisation_and_asks_for_its_type(client, contest):
    user = UserFactory(organisation="济南某大学计算机学院")
    client.force_login(user)
    html = client.get(reverse("contests:team_create", kwargs={"contest_slug": contest.slug})).content.decode()
    assert re.search(r'<input[^>]*name="organisation"[^>]*value="济南某大学计算机学院"', html)
    select = re.search(r'<select name="organisation_type".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', select)[0] == ""
    # "请选择" is what is selected, not the model's default 企业.
    assert re.findall(r'<option value="([^"]*)" selected>', select) == [""]


def test_team_form_refuses_a_missing_organisation_type():
    form = TeamForm(data={"name": "银龄守护队", "organisation": "济南某大学", "organisation_type": ""})
    assert form.is_valid() is False
    assert form.errors["organisation_type"] == ["请选择单位类型。"]
    assert not Team.objects.exists()
