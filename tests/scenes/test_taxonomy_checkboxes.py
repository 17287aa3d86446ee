"""The scene and solution editors offer 应用领域 as a checkbox list (no Ctrl-click) and 数据资源 with
the resource picker (a catalogue too long to list; tests/scenes/test_resource_picker.py); ticking
boxes saves exactly the ticked items."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.demo import ensure_user
from scenes.models import ScenePage, SolutionPage
from tests.scenes.factories import DataResourceFactory, DomainFactory, ProviderFactory, city


@pytest.fixture
def jinan_editor(client, editorial):
    editor = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True)
    editor.groups.add(editorial["cities"]["jinan"])
    client.force_login(editor)
    return editor


@pytest.fixture
def taxonomy():
    names = ["教育", "智慧养老", "医疗健康"]
    domains = [DomainFactory(name=name, slug=f"d{i}", sort_order=i) for i, name in enumerate(names)]
    departments = ["省公安厅", "省人社厅", "省卫健委"]
    resources = [
        DataResourceFactory(name=f"资源{i:02d}", slug=f"r{i:02d}", department=departments[i % 3]) for i in range(24)
    ]
    return {"domains": domains, "resources": resources}


def add_url(index, model):
    return reverse("wagtailadmin_pages:add", args=["scenes", model, index.pk])


def checkbox_list(soup, name):
    return soup.find("div", class_="taxonomy-checkboxes", id=f"id_{name}")


@pytest.mark.django_db
def test_scene_editor_shows_domains_as_checkboxes_and_picks_resources(client, jinan_editor, scene_index, taxonomy):
    soup = BeautifulSoup(client.get(add_url(scene_index, "scenepage")).content, "html.parser")
    assert soup.find("select", attrs={"name": "domains"}) is None
    assert soup.find("select", attrs={"name": "data_resources"}) is None

    domains = checkbox_list(soup, "domains")
    assert [box.parent.get_text(strip=True) for box in domains.find_all("input", type="checkbox")] == [
        "教育",
        "智慧养老",
        "医疗健康",
    ]
    assert "taxonomy-checkboxes--filterable" not in domains["class"]  # three need no filter

    # A new scene has no resource yet: the picker lists none of the 24, only its search box.
    assert checkbox_list(soup, "data_resources") is None
    assert soup.find("div", attrs={"data-resource-picker": True}).find_all("input", type="checkbox") == []
    assert soup.find("input", id="id_data_resources_search") is not None
    # The widget's stylesheet and filter script are on the page.
    assert soup.find("script", src=lambda src: src and "js/admin-checkbox-filter" in src) is not None
    assert soup.find("link", href=lambda href: href and "css/admin-checkboxes" in href) is not None


@pytest.mark.django_db
def test_ticked_boxes_are_what_the_scene_saves(client, jinan_editor, scene_index, taxonomy):
    url = add_url(scene_index, "scenepage")
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    education, _care, health = taxonomy["domains"]
    resources = taxonomy["resources"]
    fields = {"title": "新场景", "slug": "new-scene", "summary": "摘要", "lead_department": "市大数据局"}
    for key, value in {**fields, "node": str(city("jinan").pk)}.items():
        data[key] = value
    data.setlist("domains", [str(education.pk), str(health.pk)])
    data.setlist("data_resources", [str(resources[0].pk), str(resources[5].pk)])

    # A QueryDict posted as such sends only the last value of each field; post every ticked box.
    assert client.post(url, dict(data.lists())).status_code == 302
    scene = ScenePage.objects.get(slug="new-scene").get_latest_revision_as_object()
    assert sorted(d.name for d in scene.domains.all()) == sorted(["教育", "医疗健康"])
    assert sorted(r.name for r in scene.data_resources.all()) == ["资源00", "资源05"]

    # The edit form shows the same boxes ticked.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[scene.pk]))
    soup = BeautifulSoup(edit.content, "html.parser")
    ticked = [box.parent.get_text(strip=True) for box in soup.select("#id_domains input[checked]")]
    assert ticked == ["教育", "医疗健康"]
    chosen = [box.parent.get_text(strip=True) for box in soup.select("#id_data_resources input[checked]")]
    assert chosen == ["资源00（省公安厅）", "资源05（省卫健委）"]


@pytest.mark.django_db
def test_solution_editor_uses_the_same_checkbox_list_and_picker(client, editorial, solution_index, taxonomy):
    moderator = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    moderator.groups.add(editorial["moderators"])
    client.force_login(moderator)
    ProviderFactory()
    soup = BeautifulSoup(client.get(add_url(solution_index, "solutionpage")).content, "html.parser")
    assert len(checkbox_list(soup, "domains").find_all("input", type="checkbox")) == 3
    assert soup.find("div", id="id_data_resources", attrs={"data-resource-picker": True}) is not None
    assert soup.find("input", attrs={"name": "data_resources"}) is None  # none of the 24 is listed
    assert SolutionPage.objects.count() == 0
