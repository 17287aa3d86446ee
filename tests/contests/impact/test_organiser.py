"""/admin/impact/: organisers see the unconfirmed milestones and per-entry rows; nobody else gets in."""

import csv
import io

import pytest

from tests.contests.factories import OrganiserFactory, UserFactory
from tests.contests.impact import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(demo_site):
    return world.build(demo_site)


def test_organiser_sees_unconfirmed_counts_and_entry_rows(client, w):
    client.force_login(OrganiserFactory())
    response = client.get("/admin/impact/", {"contest": "impact-2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "待确认里程碑" in html
    assert "获奖作品 2 件，已上线 1 件，待确认里程碑 2 个。" in html
    assert "社区巡检" in html and "城市停车" not in html


def test_organiser_csv_has_the_unconfirmed_column(client, w):
    client.force_login(OrganiserFactory())
    response = client.get("/admin/impact/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "待确认里程碑"
    assert {row[3]: row[-1] for row in rows[1:]} == {"城市停车": "0", "助老餐桌": "0", "社区巡检": "2"}


def test_others_may_not_open_it(client, w):
    client.force_login(UserFactory())
    response = client.get("/admin/impact/")
    assert response.status_code in (302, 403)
    assert "待确认里程碑" not in response.content.decode()


def test_organiser_downloads_the_open_data_workbook_of_the_chosen_contest(client, w):
    from openpyxl import load_workbook

    client.force_login(OrganiserFactory())
    html = client.get("/admin/impact/", {"contest": "impact-2025"}).content.decode()
    assert "?contest=impact-2025&amp;format=open-data" in html
    response = client.get("/admin/impact/", {"contest": "impact-2025", "format": "open-data"})
    assert "open-data-use-" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert [row[2] for row in book["成果明细"].iter_rows(values_only=True)] == ["作品名称", "助老餐桌"]
    assert client.get("/admin/impact/", {"contest": "impact-2026", "format": "open-data"}).status_code == 200


def test_nobody_else_gets_the_open_data_workbook(client, w):
    client.force_login(UserFactory())
    response = client.get("/admin/impact/", {"format": "open-data"})
    assert response.status_code in (302, 403)
    assert response.get("Content-Disposition") is None


def test_menu_item_names_an_existing_icon_and_shows_to_organisers_only(rf):
    import re

    from wagtail.admin.icons import get_icons

    from contests.organiser.impact import menu_item

    item = menu_item()
    assert (str(item.label), item.url) == ("落地成效", "/admin/impact/")
    assert item.icon_name in set(re.findall(r'id="icon-([\w-]+)"', get_icons()))
    request = rf.get("/admin/")
    request.user = OrganiserFactory()
    assert item.is_shown(request) is True
    request.user = UserFactory()
    assert item.is_shown(request) is False
