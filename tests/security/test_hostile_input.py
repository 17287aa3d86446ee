"""Hostile input: stored XSS in every field a team, judge or editor fills, rendered wherever it shows
(portal, judging, admin, public pages, feeds, API, exports); SQL-looking query parameters; oversized
and malformed posts; path traversal in file URLs.

The contest is built once per test through the real portal and judging views (see hostile_fixtures).
"""

import csv
import io
from urllib.parse import quote

import pytest
from django.urls import reverse

from contests.choices import EntryStatus
from contests.models import Entry, Score
from contests.services.entries import content_of
from contests.services.exports import ExportContext, build_workbook
from contests.services.exports.workbook import KINDS
from tests.scenes.conftest import education, scene_index, solution_index  # noqa: F401 (fixtures)
from tests.security.hostile_fixtures import (
    APPEAL,
    COMMENT,
    CONTROL_NAMES,
    ENTRY_ABSTRACT,
    ENTRY_TITLE,
    FILE_NAME,
    FORMULA,
    IDENTITY_TAGS,
    IMG,
    JS_URL,
    JUDGE_REASON,
    REAL_NAME,
    SCRIPT,
    TEAM_NAME,
    TEAM_ORG,
    assert_cell_inert,
    assert_inert,
    build_hostile_contest,
    client_for,
    payload,
    publish_hostile_results,
    shows_escaped,
    workbook_cells,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile():
    return build_hostile_contest()


def assert_shown(html, tags, where):
    """Each tag's payload is on the page, escaped: the inertness check had something to check."""
    missing = [tag for tag in tags if not shows_escaped(html, tag)]
    context = {tag: [html[max(0, i - 60) : i + 100] for i in _positions(html, tag)][:2] for tag in missing}
    assert missing == [], f"{where}: {context}"


def _positions(html, tag):
    start = html.find(tag)
    while start != -1:
        yield start
        start = html.find(tag, start + 1)


def get_html(client, url, where=None, **params):
    response = client.get(url, params, follow=True)
    assert response.status_code == 200, f"{where or url}: {response.status_code}"
    html = response.content.decode()
    assert_inert(html, where or url)
    return html


# --- the team portal ---------------------------------------------------------------------------------


def test_portal_pages_show_the_teams_own_hostile_text_escaped(hostile):
    client, entry, team = hostile["leader_client"], hostile["entry"], hostile["team"]
    receipt = entry.revisions.get()
    pages = {
        "dashboard": (reverse("contests:dashboard"), [TEAM_NAME, ENTRY_TITLE]),
        "team": (reverse("contests:team_detail", kwargs={"pk": team.pk}), [TEAM_NAME, TEAM_ORG, REAL_NAME]),
        "entry": (reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}), [ENTRY_TITLE, ENTRY_ABSTRACT]),
        "receipt": (
            reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": receipt.receipt_code}),
            [ENTRY_TITLE],
        ),
        "profile": (reverse("contests:profile"), [REAL_NAME]),
    }
    for where, (url, tags) in pages.items():
        html = get_html(client, url, where)
        assert_shown(html, tags, where)
    # The file name keeps its quotes as text: never an attribute of its own.
    entry_html = get_html(client, pages["entry"][0])
    assert f"{FILE_NAME}&#x27; onmouseover=&#x27;alert(1)&#x27;" in entry_html


def test_file_download_header_carries_the_hostile_name_quoted(hostile):
    entry, stored = hostile["entry"], hostile["file"]
    url = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": stored.pk})
    response = hostile["leader_client"].get(url)
    disposition = response["Content-Disposition"]
    b"".join(response.streaming_content)
    assert response.status_code == 200
    assert disposition.startswith("attachment;")
    # The ASCII fallback keeps no quote or brace; the full name is percent-encoded (RFC 5987).
    assert disposition == (
        'attachment; filename="SUM_1_1_xFN__onmouseover__alert_1_____7_7.pdf"; '
        "filename*=UTF-8''%40SUM%281%2B1%29xFN%27%20onmouseover%3D%27alert%281%29%27%20%7B%7B7_7%7D%7D.pdf"
    )


# --- the judge ---------------------------------------------------------------------------------------


def test_judging_pages_escape_the_entry_and_never_show_the_team(hostile):
    client, assignment = hostile["judge_client"], hostile["assignment"]
    pages = {
        "dashboard": reverse("contests:judging:dashboard"),
        "round": reverse("contests:judging:round", kwargs={"round_id": hostile["round"].pk}),
        "assignment": reverse("contests:judging:assignment", kwargs={"code": assignment.code}),
        "recuse": reverse("contests:judging:recuse", kwargs={"code": assignment.code}),
    }
    for where, url in pages.items():
        html = get_html(client, url, where)
        assert [tag for tag in IDENTITY_TAGS if tag in html] == [], where
    assignment_html = get_html(client, pages["assignment"])
    assert_shown(assignment_html, [ENTRY_TITLE, ENTRY_ABSTRACT, COMMENT], "assignment")


# --- the organiser in the admin ----------------------------------------------------------------------


def admin_pages(hostile):
    entry, team, score = hostile["entry"], hostile["team"], Score.objects.get()
    membership = team.memberships.order_by("pk").first()
    round_id = hostile["round"].pk
    return {
        "teams": (reverse("contest_teams:index"), [TEAM_NAME]),
        "teams search": (reverse("contest_teams:index") + "?q=xTN", [TEAM_NAME]),
        "team edit": (reverse("contest_teams:edit", args=[team.pk]), [TEAM_NAME, TEAM_ORG]),
        "team inspect": (reverse("contest_teams:inspect", args=[team.pk]), [TEAM_NAME, TEAM_ORG]),
        "members": (reverse("contest_members:index"), [REAL_NAME]),
        "member inspect": (reverse("contest_members:inspect", args=[membership.pk]), []),
        "entries": (reverse("contest_entries:index"), [ENTRY_TITLE]),
        "entry inspect": (reverse("contest_entries:inspect", args=[entry.pk]), [ENTRY_TITLE, ENTRY_ABSTRACT]),
        "eligibility": (reverse("contest_eligibility"), [ENTRY_TITLE]),
        "eligibility entry": (reverse("contest_eligibility_entry", args=[entry.pk]), [ENTRY_TITLE]),
        "scores": (reverse("judging_scores:index"), []),
        "score inspect": (reverse("judging_scores:inspect", args=[score.pk]), [COMMENT]),
        "assignments": (reverse("judging_assignments:index"), []),
        "round dashboard": (reverse("judging_rounds:round", args=[round_id]), []),
        "results": (reverse("judging_rounds:results", args=[round_id]), []),
        "audit": (reverse("contest_audit:index"), []),
    }


def test_admin_pages_escape_every_hostile_field(hostile):
    client = client_for(hostile["organiser"])
    for where, (url, tags) in admin_pages(hostile).items():
        html = get_html(client, url, where)
        assert_shown(html, tags, where)


@pytest.mark.parametrize("viewset", ["contest_teams", "contest_members", "contest_entries", "judging_scores"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_admin_list_exports_neutralise_formulas(hostile, viewset, export_format):
    client = client_for(hostile["organiser"])
    response = client.get(reverse(f"{viewset}:index"), {"export": export_format})
    if response.status_code == 404:
        pytest.skip(f"{viewset} has no list export")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        cells = [value for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for value in row]
        for value in cells:
            assert_cell_inert(value, f"{viewset}.csv")
    else:
        # Wagtail writes XLSX text that looks like a formula as a text cell: no formula cells at all.
        cells = workbook_cells(data)
        assert [(value, kind) for _sheet, value, kind in cells if kind == "f"] == []
    assert any("xT" in str(value) or "xJ" in str(value) for value in cells), viewset


@pytest.mark.parametrize("kind", KINDS)
def test_contest_workbooks_neutralise_formulas(hostile, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    build_workbook(ExportContext.build(hostile["contest"], round_number=1), kind, path)
    cells = workbook_cells(path.read_bytes())
    for sheet, value, data_type in cells:
        assert data_type != "f", f"{kind}/{sheet}: formula {value!r}"
        assert_cell_inert(value, f"{kind}/{sheet}")
    texts = [value for _sheet, value, _type in cells if isinstance(value, str)]
    # The hostile text did reach the workbook (as text): the check above had something to check. The
    # results, judges and appeals sheets hold no team-written text until results are computed.
    reached = any("xT" in value or "xE" in value or "xJ" in value for value in texts)
    assert reached or kind in {"results", "judges", "appeals"}, kind


# --- oversized and malformed posts -------------------------------------------------------------------


# --- the showcase: an editor's hostile scene on the public pages -------------------------------------

SCENE_TITLE, SCENE_SUMMARY, TAG, BODY = "xST", "xSS", "xTG", "xSB"


def editor_rich_text(html):
    """Rich text as the admin's Draftail editor stores it: through its contentstate round trip."""
    import json

    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    features = ["bold", "italic", "link", "ol", "ul", "hr", "document-link"]
    converter = ContentstateConverter(features)
    return converter.to_database_format(json.dumps(json.loads(converter.from_database_format(html))))


@pytest.fixture
def hostile_scene(scene_index, education):  # noqa: F811 (the imported fixtures)
    from tests.scenes.factories import ScenePageFactory

    rich = editor_rich_text(f'<p>{BODY}养老 <a href="{JS_URL}">点我</a> <script>alert(1)</script></p>')
    body = [
        ("background", {"heading": payload("xSH"), "content": [("paragraph", rich), ("quote", {"text": IMG})]}),
        ("approach", {"heading": "做法", "content": [("heading", {"text": SCRIPT, "level": "h2"})]}),
    ]
    return ScenePageFactory(
        parent=scene_index,
        title=payload(SCENE_TITLE) + "养老",
        slug="hostile",
        summary=payload(SCENE_SUMMARY) + " 智慧养老服务",
        lead_department=FORMULA,
        domains=[education],
        tags=[payload(TAG, short=True)],
        body=body,
    )


def test_the_editor_path_drops_script_and_javascript_links_from_rich_text():
    stored = editor_rich_text(f'<p>正文<a href="{JS_URL}">点我</a><script>alert(1)</script></p>')
    assert "<script" not in stored and "javascript:" not in stored


def test_url_blocks_refuse_javascript_addresses():
    from django.core.exceptions import ValidationError
    from wagtail import blocks

    with pytest.raises(ValidationError):
        blocks.URLBlock().clean(JS_URL)


def test_public_pages_escape_an_editors_hostile_scene(client, hostile_scene):
    pages = {
        "listing": ("/scenes/", {}, [SCENE_TITLE]),
        "detail": (hostile_scene.url, {}, [SCENE_TITLE, SCENE_SUMMARY, TAG, "xSH"]),
        "tag facet": ("/scenes/", {"tag": hostile_scene.tags.get().slug}, [SCENE_TITLE]),
        "listing search": ("/scenes/", {"q": "养老"}, [SCENE_TITLE]),
        # Highlighting wraps matches in <mark>: the payload around them stays escaped.
        "site search": ("/search/", {"q": "养老 alert script"}, []),
        "home": ("/", {}, []),
    }
    for where, (url, params, tags) in pages.items():
        html = get_html(client, url, where, **params)
        assert_shown(html, tags, where)
    search_html = get_html(client, "/search/", "search", q="养老")
    assert "<mark>养老</mark>" in search_html
    assert SCENE_TITLE in search_html


def test_feeds_and_api_carry_the_hostile_text_as_data(client, hostile_scene):
    for url in ("/scenes/feed/rss/", "/scenes/feed/atom/"):
        xml = client.get(url).content.decode()
        assert_inert(xml, url)
        assert f"{SCENE_TITLE}&quot;&gt;&lt;img" in xml or f'{SCENE_TITLE}"&gt;&lt;img' in xml or SCENE_TITLE in xml
    response = client.get(f"/api/v2/pages/{hostile_scene.pk}/")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    # JSON is data, not HTML: the text comes back exactly as typed, for the consumer to escape.
    assert data["title"] == payload(SCENE_TITLE) + "养老"
    assert data["summary"] == payload(SCENE_SUMMARY) + " 智慧养老服务"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_scene_exports_neutralise_formulas(client, hostile_scene, export_format):
    response = client.get("/scenes/", {"format": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [value for row in rows for value in row]
        for value in cells:
            assert_cell_inert(value, "scenes.csv")
    else:
        cells = workbook_cells(response.content)
        for _sheet, value, kind in cells:
            assert kind != "f"
            assert_cell_inert(value, "scenes.xlsx")
        cells = [value for _sheet, value, _kind in cells]
    assert "'" + FORMULA in cells


# --- SQL-looking and absurd query parameters ---------------------------------------------------------

SQLISH = [
    "' OR 1=1 --",
    "2024) UNION SELECT password FROM cms_user --",
    "title; DROP TABLE wagtailcore_page; --",
    "-launch_date",
    "__class__",
    "node__name",
    "%",
    "\\",
    "'\"%_\\",
    "\x00",
    "养老' AND '1'='1",
    "x" * 10_000,
]
NUMBERS = ["-1", "0", "abc", "99999999999999999999"]
LISTING_PARAMS = ["sort", "node", "domain", "tag", "level", "year", "q", "page", "format"]


@pytest.mark.parametrize("url", ["/scenes/", "/solutions/", "/search/", "/scenes/statistics/"])
def test_sql_looking_parameters_never_break_a_listing(client, hostile_scene, solution_index, url):  # noqa: F811
    tried = 0
    for name in LISTING_PARAMS:
        for value in [*SQLISH, *NUMBERS] if name in ("page", "year") else SQLISH:
            response = client.get(url, {name: value})
            tried += 1
            assert response.status_code in (200, 400, 404), f"{url}?{name}={value[:40]!r}: {response.status_code}"
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert_inert(response.content.decode(), f"{url}?{name}")
    assert tried == len(LISTING_PARAMS) * len(SQLISH) + 2 * len(NUMBERS)


def test_unknown_sort_keys_fall_back_to_the_default_order(client, scene_index):  # noqa: F811
    from tests.scenes.factories import ScenePageFactory

    ScenePageFactory(parent=scene_index, title="甲场景", slug="a")
    ScenePageFactory(parent=scene_index, title="乙场景", slug="b")
    default = client.get("/scenes/").context["listing"]
    for sort in ("password", "-id; DROP TABLE x", "owner__password", "?"):
        listing = client.get("/scenes/", {"sort": sort}).context["listing"]
        assert (listing.sort, [p.pk for p in listing.page_obj]) == (default.sort, [p.pk for p in default.page_obj])


def test_a_sql_looking_search_is_only_text(client, hostile_scene, scene_index):  # noqa: F811
    from tests.scenes.factories import ScenePageFactory

    plain = ScenePageFactory(parent=scene_index, title="入学一网通办", slug="plain")
    assert client.get("/scenes/").context["listing"].page_obj.paginator.count == 2
    # The hostile scene's text holds "1"; the plain one holds nothing of the query: SQL would match both.
    found = [p.pk for p in client.get("/scenes/", {"q": "' OR 1=1 --"}).context["listing"].page_obj]
    assert plain.pk not in found
    filtered = [p.pk for p in client.get("/scenes/", {"node": "' OR 1=1 --"}).context["listing"].page_obj]
    assert filtered in (
        [],
        sorted([plain.pk, hostile_scene.pk]),
        [hostile_scene.pk, plain.pk],
        [plain.pk, hostile_scene.pk],
    )


def test_admin_list_parameters_never_break_the_admin(hostile):
    client = client_for(hostile["organiser"])
    for viewset in ("contest_teams", "contest_entries", "contest_members", "judging_scores"):
        for name in ("ordering", "q", "p", "contest", "status"):
            for value in ("' OR 1=1 --", "-team__created_by__password", "x" * 2000):
                response = client.get(reverse(f"{viewset}:index"), {name: value})
                assert response.status_code in (200, 400, 404), f"{viewset}?{name}={value[:30]!r}"
                if response.status_code == 200:
                    assert_inert(response.content.decode(), viewset)


# --- oversized and malformed posts -------------------------------------------------------------------

MEGABYTE = "数" * (1024 * 1024 // 3 + 1)


def test_oversized_and_malformed_entry_posts_save_nothing(hostile):
    entry, client = hostile["entry"], hostile["leader_client"]
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.DRAFT)
    entry.refresh_from_db()
    before = content_of(entry)
    url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    base = {**before, "version": entry.version, "video_url": ""}
    posts = [
        {},
        {**base, "title": MEGABYTE},
        {**base, "abstract": MEGABYTE},
        {**base, "track": "' OR 1=1 --"},
        {**base, "track": "999999999"},
        {**base, "data_resources": ["abc", "-1"]},
        {**base, "version": "NaN"},
        {**base, "version": "-5"},
        {**base, "version": "1e309"},
        {**base, "video_url": JS_URL},
        {**base, "video_url": "https://bilibili.com@evil.example/x"},
        {**base, "video_url": "https://["},  # urlsplit raised ValueError: a 500 before the fix
        {**base, "title": ""},
    ]
    for data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 400), f"{list(data)[:3]}: {response.status_code}"
        entry.refresh_from_db()
        assert content_of(entry) == before
    response = client.post(url, b"\xff\xfe\xfa title=\x80", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    entry.refresh_from_db()
    assert content_of(entry) == before


def test_oversized_and_malformed_score_posts_save_nothing(hostile):
    client, assignment = hostile["judge_client"], hostile["assignment"]
    score = Score.objects.get(assignment=assignment)
    url = reverse("contests:judging:assignment", kwargs={"code": assignment.code})
    criterion = assignment.round.criteria.order_by("sort_order").first()
    field = f"criterion_{criterion.pk}"
    base = {"version": score.version, "comment": "好", "action": "save"}
    posts = [
        {},
        {**base, "comment": MEGABYTE},
        {**base, field: "NaN"},
        {**base, field: "Infinity"},
        {**base, field: "-1"},
        {**base, field: "1e400"},
        {**base, field: "' OR 1=1 --"},
        {**base, field: str(criterion.max_score + 1)},
        {**base, "version": "abc"},
    ]
    for data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400), f"{data}: {response.status_code}"
        fresh = Score.objects.get(pk=score.pk)
        assert (fresh.comment, fresh.version, list(fresh.items.values_list("value", flat=True))) == (
            score.comment,
            score.version,
            list(score.items.values_list("value", flat=True)),
        ), data


def test_oversized_and_malformed_signups_create_nothing(client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.count()
    url = reverse("contests:signup")
    strong = "a-Long-test-passw0rd"
    posts = [
        {},
        {"email": "x" * 10_000 + "@example.org", "real_name": "张三", "password1": strong, "password2": strong},
        {"email": "a@example.org", "real_name": MEGABYTE, "password1": strong, "password2": strong},
        {"email": "' OR 1=1 --", "real_name": "张三", "password1": strong, "password2": strong},
        {
            "email": "a@example.org\r\nBcc: all@example.org",
            "real_name": "张三",
            "password1": strong,
            "password2": strong,
        },
        {"email": ["a@example.org", "b@example.org"], "real_name": ["张三", "李四"], "password1": strong},
    ]
    for data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 400), f"{list(data)}: {response.status_code}"
    assert get_user_model().objects.count() == users


# --- path traversal in file URLs ---------------------------------------------------------------------


def test_path_traversal_in_file_urls_is_not_found(hostile):
    entry, client = hostile["entry"], hostile["leader_client"]
    base = f"/portal/entries/{entry.uuid}/files/"
    attempts = [
        "..%2f..%2fsettings/",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e/%2e%2e/cms/settings/base.py",
        "..%5c..%5csettings/",
        "%252e%252e%252fsettings/",
        "1/..%2f..%2f..%2fmanage.py",
        f"{hostile['file'].pk}%00.pdf/",
        "-1/",
        "1.0/",
    ]
    for attempt in attempts:
        response = client.get(base + attempt)
        # 400: a NUL character is refused before any view (cms.middleware.RejectNullCharactersMiddleware).
        assert response.status_code in (400, 404), f"{attempt}: {response.status_code}"
    for url in (
        "/judging/a/..%2f..%2fsettings/files/1/",
        f"/judging/a/{hostile['assignment'].code}/files/..%2f1/",
        "/portal/certificates/..%2f..%2fsettings.pdf",
        "/exports/..%2f1/download/",
        "/media/..%2f..%2fcms/settings/base.py",
        "/documents/1/..%2f..%2fmanage.py",
    ):
        response = hostile["judge_client"].get(url)
        assert response.status_code == 404, f"{url}: {response.status_code}"


# --- published results: feedback, appeals, awards and the public winners ---------------------------


@pytest.fixture
def published(hostile, demo_site):
    return publish_hostile_results(hostile, demo_site)


def test_results_pages_escape_the_hostile_text(published, client):
    entry, round_id = published["entry"], published["round"].pk
    appeal = entry.team.appeals.get()
    team_pages = {
        "feedback": (
            reverse("contests:entry_feedback", kwargs={"uuid": entry.uuid, "round_id": round_id}),
            [COMMENT],
        ),
        "appeal": (reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_id}), [APPEAL]),
        "entry": (reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}), [ENTRY_TITLE]),
    }
    for where, (url, tags) in team_pages.items():
        assert_shown(get_html(published["leader_client"], url, where), tags, where)

    organiser = client_for(published["organiser"])
    admin = {
        "publication": (reverse("outcomes_publication:index"), []),
        "publication round": (reverse("outcomes_publication:round", args=[round_id]), [ENTRY_TITLE]),
        "appeal review": (reverse("outcomes_publication:appeal", args=[appeal.pk]), [APPEAL, ENTRY_TITLE]),
        "awards": (reverse("awards:round", args=[round_id]), [ENTRY_TITLE]),
        "overview": (reverse("outcomes_dashboard:contest", args=[published["contest"].pk]), []),
        "promotion": (reverse("outcomes_promotion:contest", args=[published["contest"].pk]), [ENTRY_TITLE]),
        "promote entry": (reverse("outcomes_promotion:promote", args=[entry.pk]), [ENTRY_TITLE]),
        "advancement": (reverse("outcomes_advancement:round", args=[round_id]), []),
        "why": (reverse("judging_rounds:why", args=[round_id, entry.pk]), [ENTRY_TITLE]),
    }
    for where, (url, tags) in admin.items():
        assert_shown(get_html(organiser, url, where), tags, where)

    page = published["page"]
    public = {
        "contest page": (page.url, [ENTRY_TITLE, TEAM_NAME]),
        "winner": (page.url + f"winners/{entry.uuid}/", [ENTRY_TITLE]),
        "certificate verification": (
            reverse("contests:verify_certificate", kwargs={"number": published["award"].certificate_number}),
            [ENTRY_TITLE, TEAM_NAME, TEAM_ORG],
        ),
    }
    for where, (url, tags) in public.items():
        assert_shown(get_html(client, url, where), tags, where)


# --- adoption milestones (落地): what a winning team types, seen by its reviewers and the public -------

MILESTONE_TITLE, MILESTONE_TEXT = "xMT", "xMD"


def test_adoption_milestones_refuse_absurd_figures_and_escape_hostile_text(published, client, solution_index, tmp_path):  # noqa: F811
    from contests.models import AdoptionMilestone, Promotion
    from scenes.models import Node
    from tests.contests.factories import UserFactory
    from tests.scenes.factories import SolutionPageFactory

    entry, leader = published["entry"], published["leader_client"]
    jinan = Node.objects.get(slug="jinan")
    url = reverse("contests:milestone_create", kwargs={"uuid": entry.uuid})
    form = {"kind": "go_live", "title": "在济南上线", "happened_on": "2025-10-01", "node": jinan.pk}
    absurd = [
        {"beneficiaries": "9" * 30},
        {"beneficiaries": "-1"},
        {"beneficiaries": "1.5"},
        {"investment_wan": "1e400"},
        {"investment_wan": "NaN"},
        {"investment_wan": "-0.01"},
        {"happened_on": "2025-13-45"},
        {"node": "1 OR 1=1"},
        {"kind": "<script>"},
    ]
    for values in absurd:
        assert leader.post(url, form | values).status_code == 400, values
    assert not AdoptionMilestone.objects.exists()

    hostile = form | {
        "title": payload(MILESTONE_TITLE, short=True),
        "description": FORMULA + payload(MILESTONE_TEXT),
        "programme": "@SUM(1+1)*cmd|' /C calc'!A0",
        "unit_name": "=1+1",
        "beneficiaries": "120000",
    }
    assert leader.post(url, hostile).status_code == 302
    milestone = AdoptionMilestone.objects.get()
    assert milestone.description.startswith(FORMULA)  # kept as typed; pages show it as text
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(published["contest"]), "all", path)
    cells = [(sheet, value, kind) for sheet, value, kind in workbook_cells(path.read_bytes()) if sheet == "落地里程碑"]
    assert any(isinstance(value, str) and MILESTONE_TITLE in value for _sheet, value, _kind in cells)
    for _sheet, value, kind in cells:
        assert kind != "f", value
        assert_cell_inert(value, "落地里程碑")
    adoption = reverse("contests:entry_adoption", kwargs={"uuid": entry.uuid})
    assert_shown(get_html(leader, adoption, "team adoption"), [MILESTONE_TITLE, MILESTONE_TEXT], "team adoption")

    editor = UserFactory(email="jinan.editor@hostile.example", is_staff=True)
    editor.groups.add(jinan.editor_group)
    editor_client = client_for(editor)
    for where, page_url in {
        "review list": reverse("adoption_review"),
        "review": reverse("adoption_review_milestone", args=[milestone.pk]),
        "decide": reverse("adoption_review_decide", args=[milestone.pk, "confirm"]),
    }.items():
        assert_shown(get_html(editor_client, page_url, where), [MILESTONE_TITLE], where)
    decide = reverse("adoption_review_decide", args=[milestone.pk, "confirm"])
    assert editor_client.post(decide, {"note": payload("xRN2"), "version": milestone.version}).status_code == 302

    solution = SolutionPageFactory(parent=solution_index, title="落地方案")
    Promotion.objects.create(
        entry=entry, provider=solution.provider, solution_page=solution, promoted_by=published["organiser"]
    )
    assert_shown(get_html(client, solution.url, "solution"), [MILESTONE_TITLE], "solution")
    assert_shown(get_html(leader, adoption, "team adoption, reviewed"), ["xRN2"], "team adoption, reviewed")


# --- what judges and invitees type: recusal reasons, their own names ---------------------------------

JUDGE_NAME, INVITE_NAME = "xJN", "xIN"


def test_judge_recusal_reason_and_signup_name_are_escaped_for_the_organiser(hostile, client):
    from contests.models import JudgeStatus
    from contests.services.judging.judges import invitation_token, invite_judge
    from tests.contests.factories.judging import JudgeFactory, assign

    contest, entry, round_ = hostile["contest"], hostile["entry"], hostile["round"]
    recusing = JudgeFactory(contest=contest, tracks=[hostile["track"]])
    assignment = assign(round_, entry, recusing)
    url = reverse("contests:judging:recuse", kwargs={"code": assignment.code})
    response = client_for(recusing.user).post(url, {"reason": payload(JUDGE_REASON)})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert payload(JUDGE_REASON) in str(assignment.recusal_reason)

    invited = JudgeFactory(contest=contest, user=None, email="new.judge@judges.example", status=JudgeStatus.NEW)
    token = invitation_token(invite_judge(invited, actor=hostile["organiser"]))
    url = reverse("contests:judging:invitation", kwargs={"token": token})
    password = "a-Long-test-passw0rd"
    data = {"real_name": payload(JUDGE_NAME, short=True), "password1": password, "password2": password}
    response = client.post(url, data)
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.user.real_name == payload(JUDGE_NAME, short=True)

    organiser = client_for(hostile["organiser"])
    pages = {
        "assignments": (reverse("judging_assignments:index"), []),
        "assignment inspect": (reverse("judging_assignments:inspect", args=[assignment.pk]), [JUDGE_REASON]),
        "round dashboard": (reverse("judging_rounds:round", args=[round_.pk]), []),
        "judge report": (reverse("judging_rounds:judges", args=[round_.pk]), []),
        "judges": (reverse("judging_judges:index"), []),
        "members": (reverse("contest_members:index"), []),
    }
    for where, (url, tags) in pages.items():
        assert_shown(get_html(organiser, url, where), tags, where)


def test_team_invitation_shows_the_hostile_team_name_escaped(hostile, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    from tests.contests.factories import UserFactory

    team = hostile["team"]
    with django_capture_on_commit_callbacks(execute=True):
        response = hostile["leader_client"].post(
            reverse("contests:team_invite", kwargs={"pk": team.pk}), {"email": "invitee@example.org", "role": "member"}
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    # Plain-text e-mail: the name as typed, no HTML part that could carry it as markup.
    assert payload(TEAM_NAME) in message.body
    assert all(mimetype != "text/html" for _content, mimetype in getattr(message, "alternatives", []))
    path = re.search(r"http://testserver(/portal/invitations/\S+/)", message.body).group(1)
    invitee = client_for(UserFactory(email="invitee@example.org"))
    assert_shown(get_html(invitee, path, "invitation"), [TEAM_NAME], "invitation")


def test_wagtail_admin_escapes_the_hostile_scene(admin_client, hostile_scene):
    # The page explorer, the editor (StreamField data travels as JSON inside the page), history,
    # admin search and the tag autocomplete all carry the editor's text.
    pages = {
        "explorer": (reverse("wagtailadmin_explore", args=[hostile_scene.get_parent().pk]), [SCENE_TITLE]),
        "edit": (reverse("wagtailadmin_pages:edit", args=[hostile_scene.pk]), [SCENE_TITLE]),
        "history": (reverse("wagtailadmin_pages:history", args=[hostile_scene.pk]), [SCENE_TITLE]),
        "search": (reverse("wagtailadmin_pages:search"), [SCENE_TITLE]),
    }
    for where, (url, tags) in pages.items():
        params = {"q": "养老"} if where == "search" else {}
        assert_shown(get_html(admin_client, url, where, **params), tags, where)
    response = admin_client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "xTG"})
    assert response.status_code == 200
    # JSON data, served as JSON (never text/html), with the name exactly as typed.
    assert (response["Content-Type"], response.json()) == ("application/json", [payload(TAG, short=True)])


def test_control_characters_in_an_uploaded_file_name_are_refused_through_the_view():
    from django.contrib.messages import get_messages
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contests.demo.entries import make_pdf
    from contests.models import EntryFile
    from tests.contests.factories.entries import EntryFactory, leader_of

    entry = EntryFactory()
    client = client_for(leader_of(entry.team))
    url = reverse("contests:entry_file_upload", kwargs={"uuid": entry.uuid, "kind": "proposal"})
    for name in CONTROL_NAMES:
        upload = SimpleUploadedFile(name, make_pdf(["Proposal"]), content_type="application/pdf")
        response = client.post(url, {"file": upload})
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert response.status_code == 302, repr(name)
        stored = list(EntryFile.objects.filter(entry=entry).values_list("original_name", flat=True))
        # Refused with the reason, nothing stored (the messages pile up: no page consumed them).
        assert (stored, messages[-1].endswith("未保存。")) == ([], True), repr(name)


# --- certificate verification: whatever is typed as a number ------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        SCRIPT,
        IMG,
        "{{7*7}}",
        "' OR '1'='1",
        "ABCDEF123456' OR 1=1 --",
        "%",
        "_" * 12,
        "../../etc/passwd",
        "A" * 10_000,
        "\u202eABCDEF123456",
        "ＡＢＣＤＥＦ１２３４５６" + SCRIPT,
    ],
)
def test_certificate_lookup_treats_any_input_as_text(client, typed):
    """The lookup form refuses what is not a number, escaped; the page answers the one "not found"."""
    lookup = client.get(reverse("contests:verify_lookup"), {"number": typed})
    assert lookup.status_code == 400
    assert_inert(lookup.content.decode(), "lookup")
    assert "证书编号为 12 位字母和数字。" in lookup.content.decode()
    page = client.get("/verify/" + quote(typed[:300], safe="") + "/")
    assert page.status_code == 404
    html = page.content.decode()
    assert_inert(html, "verify page")
    if "/" not in typed:  # a slash leaves /verify/<number>/ for the site's own 404
        assert "未找到该证书" in html


# --- tracking surveys (#17): hostile questions from the editor, hostile answers from a team ---------

SURVEY_TITLE, QUESTION_LABEL, QUESTION_HELP, QUESTION_CHOICE, SURVEY_ANSWER = "xSV", "xQL", "xQH", "xQC", "xSA"


def _hostile_survey_post(**overrides):
    data = {
        "title": payload(SURVEY_TITLE, short=True),
        "months_after_award": "6",
        "open_days": "30",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-key": "notes",
        "q-0-label": FORMULA + payload(QUESTION_LABEL, short=True),
        "q-0-kind": "text",
        "q-0-help": payload(QUESTION_HELP),
        "q-0-required": "on",
        "q-1-key": "stage",
        "q-1-label": "阶段",
        "q-1-kind": "choice",
        "q-1-choices": f"{payload(QUESTION_CHOICE, short=True)}\n推广",
    }
    data.update(overrides)
    return data


@pytest.fixture
def hostile_survey():
    from contests.models import TrackingSurvey
    from tests.contests.surveys.helpers import judged_contest

    judged = judged_contest()
    boss_client = client_for(judged.boss)
    response = boss_client.post(reverse("outcomes_surveys:create", args=[judged.contest.pk]), _hostile_survey_post())
    assert response.status_code == 302, response.content[:3000]
    return judged, boss_client, TrackingSurvey.objects.get()


def test_survey_pages_and_workbook_keep_hostile_questions_and_answers_inert(hostile_survey, tmp_path):
    import time_machine

    from tests.contests.surveys.helpers import in_window

    judged, boss_client, survey = hostile_survey
    team_client = client_for(judged.member)
    url = reverse("contests:entry_survey", kwargs={"uuid": judged.winner.uuid, "survey_id": survey.pk})
    with time_machine.travel(in_window(), tick=False):
        html = get_html(team_client, url, "team survey form")
        assert_shown(html, [SURVEY_TITLE, QUESTION_LABEL, QUESTION_HELP, QUESTION_CHOICE], "team survey form")
        answer = {"q_notes": "@SUM(1+1)" + payload(SURVEY_ANSWER), "q_stage": "推广", "confirm": "on"}
        assert team_client.post(url, answer).status_code == 302
        html = get_html(team_client, url, "team survey answers")
        assert_shown(html, [SURVEY_ANSWER, QUESTION_LABEL], "team survey answers")
        html = get_html(team_client, reverse("contests:dashboard"), "portal dashboard")
        assert_shown(html, [SURVEY_TITLE], "portal dashboard")
    for name, args, tags in (
        ("outcomes_surveys:contest", [judged.contest.pk], [SURVEY_TITLE]),
        ("outcomes_surveys:answers", [survey.pk], [SURVEY_TITLE, QUESTION_LABEL, QUESTION_CHOICE, SURVEY_ANSWER]),
        ("outcomes_surveys:edit", [survey.pk], [SURVEY_TITLE, QUESTION_LABEL, QUESTION_HELP, QUESTION_CHOICE]),
    ):
        html = get_html(boss_client, reverse(name, args=args), name)
        assert_shown(html, tags, name)
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(judged.contest), "all", path)
    cells = [cell for cell in workbook_cells(path.read_bytes()) if cell[0] == "跟踪问卷"]
    for sheet, value, data_type in cells:
        assert data_type != "f", f"{sheet}: formula {value!r}"
        assert_cell_inert(value, sheet)
    texts = [value for _sheet, value, _type in cells if isinstance(value, str)]
    assert any(QUESTION_LABEL in text for text in texts) and any(SURVEY_ANSWER in text for text in texts)


def test_oversized_and_malformed_survey_posts_save_nothing(hostile_survey):
    import time_machine

    from contests.models import SurveyResponse
    from tests.contests.surveys.helpers import in_window

    judged, boss_client, survey = hostile_survey
    questions = survey.questions
    team_client = client_for(judged.member)
    url = reverse("contests:entry_survey", kwargs={"uuid": judged.winner.uuid, "survey_id": survey.pk})
    good = {"q_notes": "好", "q_stage": "推广", "confirm": "on"}
    with time_machine.travel(in_window(), tick=False):
        for data in (
            {},
            {**good, "q_notes": MEGABYTE},
            {**good, "q_stage": "' OR 1=1 --"},
            {**good, "q_stage": ["推广", "试点"]},
            {**good, "q_notes": ""},
            {**good, "confirm": ""},
        ):
            response = team_client.post(url, data)
            assert response.status_code in (302, 400), f"{list(data)[:3]}: {response.status_code}"
            assert not SurveyResponse.objects.exists(), list(data)[:3]
        response = team_client.post(url, b"\xff\xfe q_notes=\x80", content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 400)
        assert not SurveyResponse.objects.exists()
    edit = reverse("outcomes_surveys:edit", args=[survey.pk])
    for data in (
        {},
        _hostile_survey_post(**{"q-TOTAL_FORMS": "999999"}),
        _hostile_survey_post(**{"q-TOTAL_FORMS": "NaN"}),
        _hostile_survey_post(**{"q-0-label": MEGABYTE}),
        _hostile_survey_post(**{"q-0-key": payload("xQK", short=True)}),
        _hostile_survey_post(**{"q-0-kind": SCRIPT}),
        _hostile_survey_post(months_after_award="1e309"),
        _hostile_survey_post(months_after_award="-5"),
        _hostile_survey_post(open_days="NaN"),
        _hostile_survey_post(**{"q-1-choices": "\n".join(f"选项{i}" for i in range(500))}),
        _hostile_survey_post(**{"q-0-ORDER": "' OR 1=1 --"}),
        _hostile_survey_post(title=""),
    ):
        response = boss_client.post(edit, data)
        assert response.status_code in (200, 400), f"{list(data)[:3]}: {response.status_code}"
        survey.refresh_from_db()
        assert survey.questions == questions


# --- finalist confirmation: the decline reason a team types ------------------------------------------

DECLINE_REASON, FINALIST_TITLE = "xFD", "xFT"


def test_finalist_decline_reason_is_escaped_wherever_it_shows():
    from datetime import timedelta

    import time_machine

    from contests.models import Entry
    from tests.contests.finalists.helpers import DECIDED, build, confirmation_of, leader

    with time_machine.travel(DECIDED + timedelta(hours=1), tick=False):
        world = build()
        declining, waiting = world.h[1], world.h[2]
        Entry.objects.filter(pk=declining.pk).update(title=payload(FINALIST_TITLE))
        Entry.objects.filter(pk=waiting.pk).update(title=payload(FINALIST_TITLE + "W"))
        team = client_for(leader(declining))
        confirmation = confirmation_of(world, declining)
        url = reverse("contests:finalist_decline", kwargs={"pk": confirmation.pk})
        assert_shown(get_html(team, url, "decline page"), [FINALIST_TITLE], "decline page")
        # Oversized reasons are refused by the form and change nothing.
        team.post(url, {"confirmed": "on", "reason": "长" * 2001})
        assert confirmation_of(world, declining).status == "pending"
        team.post(url, {"confirmed": "on", "reason": payload(DECLINE_REASON)})
        assert confirmation_of(world, declining).decline_reason == payload(DECLINE_REASON)
        entry_page = reverse("contests:entry_detail", kwargs={"uuid": declining.uuid})
        assert_shown(get_html(team, entry_page, "entry"), [DECLINE_REASON, FINALIST_TITLE], "entry")
        organiser = client_for(world.boss)
        pages = {
            "decision": (reverse("outcomes_finalists:decision", args=[world.decision.pk]), [DECLINE_REASON]),
            "replace": (reverse("outcomes_finalists:replace", args=[confirmation.pk]), [FINALIST_TITLE]),
        }
        for where, (page_url, tags) in pages.items():
            assert_shown(get_html(organiser, page_url, where), tags, where)


# --- winner due diligence: instructions, file names and review reasons -------------------------------

DD_TEXT, DD_REASON = "xDI", "xDR"


def test_due_diligence_pages_escape_the_hostile_text(published, client):
    """The organiser's instructions and fail reason, and the team's hostile file name, wherever they show;
    the download header quotes the name; the public record shows neither reason nor file."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from contests.demo.entries import make_pdf
    from contests.models import DueDiligenceCase, ResultPublication
    from contests.services.outcomes.due_diligence import require_due_diligence
    from tests.security.hostile_fixtures import HOSTILE_FILENAME

    round_, boss = published["round"], published["organiser"]
    ResultPublication.objects.filter(round=round_).update(finalised_at=None)
    require_due_diligence(
        round_, actor=boss, documents=["licences"], instructions=payload(DD_TEXT),
        deadline=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    case = DueDiligenceCase.objects.get(award=published["award"])
    leader = published["leader_client"]
    upload = SimpleUploadedFile(HOSTILE_FILENAME, make_pdf(["licence"]), content_type="application/pdf")
    url = reverse("contests:due_diligence_upload", kwargs={"case_id": case.pk, "kind": "licences"})
    assert leader.post(url, {"licences-file": upload}).status_code == 302
    document = case.documents.get()
    response = leader.get(reverse("contests:due_diligence_document", args=[case.pk, document.pk]))
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith('attachment; filename="SUM_1_1_xFN__onmouseover__alert_1_')
    case.refresh_from_db()
    submit = reverse("contests:due_diligence_submit", args=[case.pk])
    assert leader.post(submit, {"version": case.version, "confirm": "on"}).status_code == 302
    team_html = get_html(leader, reverse("contests:due_diligence_case", args=[case.pk]), "team case")
    assert_shown(team_html, [DD_TEXT, FILE_NAME], "team case")

    organiser = client_for(boss)
    case.refresh_from_db()
    review = reverse("awards:due_diligence_review", args=[case.pk])
    data = {"decision": "failed", "reason": payload(DD_REASON), "version": case.version}
    step = organiser.post(review, data)
    assert_inert(step.content.decode(), "review confirmation")
    assert_shown(step.content.decode(), [DD_REASON, ENTRY_TITLE], "review confirmation")
    organiser.post(review, {**data, "step": "confirm", "confirm": "on"})
    case.refresh_from_db()
    assert case.status == "failed"
    for where, url, tags in (
        ("dd round", reverse("awards:due_diligence", args=[round_.pk]), [ENTRY_TITLE, TEAM_NAME]),
        ("dd case", reverse("awards:due_diligence_case", args=[case.pk]), [DD_REASON, FILE_NAME, ENTRY_TITLE]),
        ("dd successor", reverse("awards:due_diligence_successor", args=[case.pk]), [ENTRY_TITLE]),
    ):
        assert_shown(get_html(organiser, url, where), tags, where)

    ResultPublication.objects.filter(round=round_).update(finalised_at=timezone.now())
    public = get_html(client, published["page"].url, "contest page with the due diligence record")
    assert "尽职调查未通过，奖项空缺" in public
    assert DD_REASON not in public and FILE_NAME not in public


# --- the impact dashboard (#17): hostile titles in the fact sheet, organiser view and downloads ------


def _confirmed_go_live(published):
    import datetime

    from contests.models import AdoptionMilestone
    from tests.scenes.factories import city

    entry = published["entry"]
    AdoptionMilestone.objects.create(
        entry=entry, kind="go_live", title=payload("xMT"), happened_on=datetime.date(2026, 3, 1),
        node=city("jinan"), status="confirmed", beneficiaries=10, created_by=entry.created_by,
    )  # fmt: skip


def test_impact_pages_escape_the_hostile_text(published, client):
    _confirmed_go_live(published)
    slug = published["contest"].slug
    assert_shown(get_html(client, f"/impact/{slug}/", "fact sheet"), [ENTRY_TITLE, TEAM_NAME], "fact sheet")
    get_html(client, "/impact/", "impact", contest=slug)
    organiser = client_for(published["organiser"])
    assert_shown(get_html(organiser, "/admin/impact/", "organiser impact"), [ENTRY_TITLE, TEAM_NAME], "admin impact")


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_impact_downloads_neutralise_formulas(published, client, export_format):
    _confirmed_go_live(published)
    response = client.get("/impact/", {"format": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        cells = [value for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for value in row]
    else:
        found = workbook_cells(response.content)
        assert [value for _sheet, value, kind in found if kind == "f"] == []
        cells = [value for _sheet, value, _kind in found]
    for value in cells:
        assert_cell_inert(value, f"impact.{export_format}")
    assert any(isinstance(value, str) and "xET" in value for value in cells)


IMPACT_PARAMS = ["contest", "year", "city", "domain", "format"]


def test_sql_looking_parameters_never_break_the_impact_pages(published, client):
    slug = published["contest"].slug
    tried = 0
    for url in ("/impact/", f"/impact/{slug}/"):
        for name in IMPACT_PARAMS:
            for value in [*SQLISH, *NUMBERS]:
                response = client.get(url, {name: value})
                tried += 1
                assert response.status_code in (200, 400), f"{url}?{name}={value[:40]!r}: {response.status_code}"
                if response["Content-Type"].startswith("text/html"):
                    assert_inert(response.content.decode(), f"{url}?{name}")
    assert tried == 2 * len(IMPACT_PARAMS) * (len(SQLISH) + len(NUMBERS))


# --- branch sms: the SMS sign-in and phone verification forms ------------------------------------


def test_hostile_sms_forms_send_nothing_and_show_input_escaped(client):
    from django.contrib.auth import get_user_model

    from contests.models import SmsCode
    from contests.services import sms
    from tests.contests.factories import PASSWORD, UserFactory

    sms.outbox.clear()
    login_sms, phone = reverse("contests:login_sms"), reverse("contests:phone")
    numbers = [
        SCRIPT,
        "' OR 1=1 --",
        "1" * 10_000,
        "13800000001\r\nBcc: x",
        ["13800000001", "not-a-number"],  # the last value counts
        "１３８００００００01",
        "+86 1380000000\x00",
        "",
    ]
    for number in numbers:
        response = client.post(login_sms, {"action": "send", "phone": number})
        assert response.status_code in (200, 400)
        assert SCRIPT not in response.content.decode()
    for code in [SCRIPT, "' OR 1=1 --", "9" * 10_000, "１２３４５６", ["123456", "654321"], ""]:
        response = client.post(login_sms, {"action": "sign_in", "code": code})
        assert response.status_code in (200, 400)
    for action in ["", "nonsense", SCRIPT, "remove"]:
        assert client.post(login_sms, {"action": action, "phone": "13800000001"}).status_code in (200, 400)
    user = UserFactory()
    client.force_login(user)
    for number in numbers:
        response = client.post(phone, {"action": "send", "phone": number, "password": PASSWORD})
        assert response.status_code in (200, 400, 429)
        assert SCRIPT not in response.content.decode()
    for action in ["confirm", "nonsense", SCRIPT]:
        assert client.post(phone, {"action": action, "code": SCRIPT}).status_code in (200, 302, 400)
    assert SmsCode.objects.count() == 0 and sms.outbox == []
    assert not get_user_model().objects.filter(phone_verified_at__isnull=False).exists()


# --- entry form questions (branch entry-forms, #18) ----------------------------------------------------


def _hostile_questions(contest):
    from contests.models import EntryFormField
    from contests.models.entry_forms import FieldKind

    kinds = {
        "q_text": FieldKind.TEXT,
        "q_long": FieldKind.LONG_TEXT,
        "q_number": FieldKind.NUMBER,
        "q_choice": FieldKind.CHOICE,
        "q_multi": FieldKind.MULTI_CHOICE,
        "q_url": FieldKind.URL,
        "q_date": FieldKind.DATE,
    }
    for key, kind in kinds.items():
        EntryFormField.objects.create(
            contest=contest,
            key=key,
            label=key,
            kind=kind,
            word_limit=50,
            choices="甲\n乙" if "choice" in key or "multi" in key else "",
        )


def test_oversized_and_malformed_question_answers_save_nothing(hostile):
    entry, client = hostile["entry"], hostile["leader_client"]
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.DRAFT)
    entry.refresh_from_db()
    _hostile_questions(entry.contest)
    before = content_of(entry)
    url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    base = {key: value for key, value in before.items() if key != "extra"}
    base = {**base, "version": entry.version, "video_url": ""}
    posts = [
        {**base, "extra__q_text": MEGABYTE},
        {**base, "extra__q_text": "名称\x00\x1b[31m"},
        {**base, "extra__q_text": "' OR 1=1; DROP TABLE contests_entry; --" * 20},
        {**base, "extra__q_long": MEGABYTE},
        {**base, "extra__q_number": "' OR 1=1 --"},
        {**base, "extra__q_number": "1e309"},
        {**base, "extra__q_number": "NaN"},
        {**base, "extra__q_choice": "'; DELETE FROM contests_entry; --"},
        {**base, "extra__q_multi": ["甲", "<script>alert(1)</script>"]},
        {**base, "extra__q_url": JS_URL},
        {**base, "extra__q_url": "https://["},
        {**base, "extra__q_url": "data:text/html,<script>alert(1)</script>"},
        {**base, "extra__q_date": "2026-13-45"},
        {**base, "extra__q_date": "'; --"},
    ]
    for data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 400), f"{list(data)[-1]}: {response.status_code}"
        if response.status_code == 200:
            assert "请更正下面标出的错误后再提交。" in response.content.decode()
        entry.refresh_from_db()
        assert content_of(entry) == before


def test_hostile_question_answers_are_escaped_for_the_team_and_the_judge(hostile):
    entry, client = hostile["entry"], hostile["leader_client"]
    _hostile_questions(entry.contest)
    answer = payload("xQA", short=True)
    Entry.objects.filter(pk=entry.pk).update(extra={"q_text": answer, "q_long": answer})
    html = get_html(client, reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}))
    assert_shown(html, ["xQA"], "entry detail")
    judge_html = get_html(
        hostile["judge_client"],
        reverse("contests:judging:assignment", kwargs={"code": hostile["assignment"].code}),
    )
    assert_shown(judge_html, ["xQA"], "judge view")


def test_a_file_question_refuses_control_names_and_never_shows_the_hostile_name_to_the_judge(hostile):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contests.demo.entries import make_pdf
    from contests.models import EntryFile, EntryFormField
    from contests.models.entry_forms import FieldKind
    from tests.security.hostile_fixtures import HOSTILE_FILENAME

    entry, client = hostile["entry"], hostile["leader_client"]
    EntryFormField.objects.create(contest=entry.contest, key="q_file", label="合作证明", kind=FieldKind.FILE)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.DRAFT)
    url = reverse("contests:entry_field_upload", kwargs={"uuid": entry.uuid, "key": "q_file"})
    answers = EntryFile.objects.filter(entry=entry, field_key="q_file")
    for name in CONTROL_NAMES:
        client.post(url, {"file": SimpleUploadedFile(name, make_pdf(["x"]), content_type="application/pdf")})
        assert not answers.exists(), repr(name)
    upload = SimpleUploadedFile(HOSTILE_FILENAME, make_pdf(["x"]), content_type="application/pdf")
    assert client.post(url, {"file": upload}).status_code == 302
    assert answers.count() == 1
    # The team's page shows the name it gave, escaped (get_html checks every page is inert).
    get_html(client, reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}))
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)
    judge_html = get_html(
        hostile["judge_client"], reverse("contests:judging:assignment", kwargs={"code": hostile["assignment"].code})
    )
    assert FILE_NAME not in judge_html
    assert "合作证明" in judge_html
