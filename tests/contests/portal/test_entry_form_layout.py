"""The entry and team forms as a team fills them in: labels without ASCII colons, the data
resources as a picker (the chosen ones and the track's open data as checkboxes, a search for the
rest of a catalogue too long to list), 所属单位 prefilled from the profile and 单位类型 a required
choice."""

import re

import pytest
from django.urls import reverse

from contests.models import Team
from contests.portal.forms.teams import TeamForm
from scenes.models import DataResource
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


def picker_boxes(html):
    picker = re.search(r"<div class=\"resource-picker\".*?</div>", html, re.S).group(0)
    return re.findall(r"<label><input[^>]*?( checked)?>\s*([^<]*?)<span", picker)


def test_the_picker_lists_the_chosen_and_the_track_open_data_only(client, entry):
    offered = DataResourceFactory(name="老年人口信息", department="省民政厅")
    chosen = DataResourceFactory(name="医保结算数据", department="省医保局")
    DataResource.objects.bulk_create(
        DataResource(name=f"批量资源{n}", slug=f"other-{n}", department="省大数据局") for n in range(200)
    )
    entry.track.data_resources.add(offered)
    entry.data_resources.add(chosen)
    html = edit_page(client, entry)
    assert picker_boxes(html) == [(" checked", "医保结算数据"), ("", "老年人口信息")]
    assert "本赛道开放的数据资源" in html
    assert "批量资源" not in html
    assert 'data-search-url="/portal/resource-search/"' in html
    assert re.search(r'<label[^>]*for="id_data_resources_search"', html)
    assert "js/resource-picker.js" in html and "css/resource-picker.css" in html


def test_the_portal_resource_search_finds_by_chinese_name_for_signed_in_users(client, entry):
    DataResourceFactory(name="养老机构名录", department="省民政厅")
    url = reverse("contests:resource_search")
    found = client.get(url, {"q": "养老"}).json()
    assert [row["label"] for row in found["results"]] == ["养老机构名录（省民政厅）"]
    client.logout()
    response = client.get(url, {"q": "养老"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_draft_saves_a_resource_found_by_search(client, entry):
    found = DataResourceFactory(name="养老机构名录", department="省民政厅")
    url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in ("track", "challenge", "title", "abstract", "problem")}
    data |= {"approach": "", "expected_benefits": "", "video_url": "", "version": entry.version}
    data["data_resources"] = [found.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(entry.data_resources.all()) == [found]


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
