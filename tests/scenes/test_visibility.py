"""Nothing unpublished is reachable anonymously: not in listings, landing pages, facets, search,
exports, details, nor through the relations shown on other pages."""

import csv
import io

import pytest
from wagtail.models import PageViewRestriction

from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city

DRAFT_TITLE = "绝密草稿场景ZX"


@pytest.fixture
def published_and_draft(scene_index, solution_index, education):
    published = ScenePageFactory(
        parent=scene_index, title="公开场景", slug="public", node=city("jinan"), domains=[education]
    )
    draft = ScenePageFactory(
        parent=scene_index,
        title=DRAFT_TITLE,
        slug="draft",
        node=city("heze"),
        domains=[education],
        tags=["草稿标签"],
        live=False,
    )
    # A published solution that names both scenes, and a draft solution that names the public one.
    solution = SolutionPageFactory(
        parent=solution_index, title="公开方案", slug="open", reference_scenes=[published, draft]
    )
    SolutionPageFactory(
        parent=solution_index, title="草稿方案QX", slug="draft-solution", reference_scenes=[published], live=False
    )
    return published, draft, solution


@pytest.mark.django_db
def test_draft_exists_in_the_database_for_the_leak_checks(published_and_draft):
    _published, draft, _solution = published_and_draft
    assert draft.live is False
    assert draft.pk is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/scenes/",
        "/scenes/?node=heze",
        "/scenes/?tag=草稿标签",
        "/scenes/?q=绝密草稿场景ZX",
        "/scenes/city/heze/",
        "/scenes/domain/education/",
        "/solutions/",
    ],
)
def test_draft_scene_is_absent_from_every_listing(client, published_and_draft, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    listing = response.context["listing"]
    assert DRAFT_TITLE not in [page.title for page in listing.page_obj.object_list]
    assert "草稿方案QX" not in [page.title for page in listing.page_obj.object_list]
    # Not as a card, and not as a facet option (the draft's city, tag).
    assert f">{DRAFT_TITLE}</a>" not in html
    assert ">草稿方案QX</a>" not in html
    options = [o.label for _f, opts in listing.facets for o in opts]
    assert "菏泽" not in options
    assert "草稿标签" not in options


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_draft_scene_is_absent_from_exports(client, published_and_draft, fmt):
    response = client.get(f"/scenes/?format={fmt}")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row[0] for row in rows] == ["标题", "公开场景"]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["标题", "公开场景"]


@pytest.mark.django_db
def test_draft_scene_detail_is_not_found(client, published_and_draft):
    assert client.get("/scenes/draft/").status_code == 404
    assert client.get("/solutions/draft-solution/").status_code == 404


@pytest.mark.django_db
def test_relations_show_only_live_pages_on_both_sides(client, published_and_draft):
    scene_html = client.get("/scenes/public/").content.decode()
    assert "公开方案" in scene_html
    assert "草稿方案QX" not in scene_html
    solution_html = client.get("/solutions/open/").content.decode()
    assert "公开场景" in solution_html
    assert DRAFT_TITLE not in solution_html


@pytest.mark.django_db
def test_private_scene_is_absent_from_listings_and_exports(client, published_and_draft):
    published, _draft, _solution = published_and_draft
    PageViewRestriction.objects.create(page=published, restriction_type=PageViewRestriction.LOGIN)
    assert "公开场景" not in client.get("/scenes/").content.decode()
    assert "公开场景" not in client.get("/scenes/?format=csv").content.decode("utf-8-sig")
    assert client.get("/scenes/public/").status_code == 302  # to the login page
