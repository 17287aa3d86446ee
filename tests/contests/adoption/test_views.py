"""The adoption pages: the team's portal pages, the node editors' admin queue, the unit workspace's,
evidence downloads, and the public 落地情况 on solution, scene and contest pages."""

import pytest
from django.urls import reverse

from contests.models import AdoptionMilestone, MilestoneKind, MilestoneStatus, Promotion
from scenes.choices import NeedStatus
from scenes.models import NeedPage
from tests.contests.adoption.conftest import make_milestone
from tests.contests.factories.entries import pdf_upload
from tests.contests.loop import helpers
from tests.scenes.conftest import scene_index  # noqa: F401 (fixture)
from tests.scenes.factories import ScenePageFactory, SolutionPageFactory, city

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    values = {
        "kind": MilestoneKind.GO_LIVE,
        "title": "在济南市 12 个社区正式上线",
        "description": "",
        "happened_on": "2025-10-01",
        "node": city("jinan").pk,
        "unit": "",
        "unit_name": "",
        "scene": "",
        "beneficiaries": "120000",
        "investment_wan": "150.5",
        "programme": "",
    }
    return values | overrides


def adoption_url(entry):
    return reverse("contests:entry_adoption", kwargs={"uuid": entry.uuid})


# --- the team's pages ------------------------------------------------------------------------------


def test_the_team_logs_a_milestone_and_sees_it(client, world):
    client.force_login(world.leader)
    assert client.get(reverse("contests:milestone_create", kwargs={"uuid": world.entry.uuid})).status_code == 200
    response = client.post(reverse("contests:milestone_create", kwargs={"uuid": world.entry.uuid}), form_data())
    assert response.status_code == 302
    milestone = AdoptionMilestone.objects.get()
    assert (milestone.beneficiaries, milestone.created_by) == (120000, world.leader)
    page = client.get(adoption_url(world.entry)).content.decode()
    assert "在济南市 12 个社区正式上线" in page and "待确认" in page


def test_the_dashboard_and_entry_page_link_to_the_adoption_page(client, world):
    client.force_login(world.member)
    url = adoption_url(world.entry)
    assert url in client.get(reverse("contests:dashboard")).content.decode()
    assert url in client.get(reverse("contests:entry_detail", kwargs={"uuid": world.entry.uuid})).content.decode()
    client.force_login(world.other_leader)
    assert url not in client.get(reverse("contests:dashboard")).content.decode()
    other = adoption_url(world.other_entry)
    assert other not in client.get(reverse("contests:dashboard")).content.decode()


def test_others_get_404_and_anonymous_the_login(client, world):
    url = adoption_url(world.entry)
    assert client.get(url).status_code == 302
    for user in (world.other_leader, world.jinan_editor, world.unit_member, world.boss):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(world.other_leader)
    assert client.get(adoption_url(world.other_entry)).status_code == 404  # its own entry, but no award


def test_an_adviser_reads_but_may_not_write(client, world):
    make_milestone(world.entry)
    client.force_login(world.adviser)
    assert client.get(adoption_url(world.entry)).status_code == 200
    assert client.get(reverse("contests:milestone_create", kwargs={"uuid": world.entry.uuid})).status_code == 404


def test_editing_with_a_stale_version_shows_the_conflict(client, world):
    milestone = make_milestone(world.entry)
    AdoptionMilestone.objects.filter(pk=milestone.pk).update(version=2)
    client.force_login(world.leader)
    url = reverse("contests:milestone_edit", kwargs={"uuid": world.entry.uuid, "pk": milestone.pk})
    response = client.post(url, form_data(title="改了", version=1))
    assert response.status_code == 400 and "已被他人修改或审核" in response.content.decode()
    assert client.post(url, form_data(title="改了", version=2)).status_code == 302
    assert AdoptionMilestone.objects.get().title == "改了"


def test_a_rejected_milestone_stays_visible_with_its_reason_and_is_not_editable(client, world):
    milestone = make_milestone(world.entry, status=MilestoneStatus.REJECTED, review_note="协议未盖章")
    client.force_login(world.leader)
    page = client.get(adoption_url(world.entry)).content.decode()
    assert "协议未盖章" in page and "不予确认" in page
    assert reverse("contests:milestone_edit", kwargs={"uuid": world.entry.uuid, "pk": milestone.pk}) not in page
    url = reverse("contests:milestone_edit", kwargs={"uuid": world.entry.uuid, "pk": milestone.pk})
    client.post(url, form_data(title="改了", version=milestone.version))
    assert AdoptionMilestone.objects.get().title != "改了"


def test_evidence_upload_and_download_by_team_reviewer_and_organiser_only(client, world):
    milestone = make_milestone(world.entry)
    client.force_login(world.leader)
    upload_url = reverse("contests:milestone_evidence_upload", kwargs={"uuid": world.entry.uuid, "pk": milestone.pk})
    assert client.post(upload_url, {"file": pdf_upload("协议.pdf")}).status_code == 302
    evidence = milestone.evidence.get()
    url = reverse("contests:milestone_evidence", kwargs={"file_id": evidence.pk})
    for user in (world.leader, world.jinan_editor, world.unit_member, world.boss):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "attachment" in response["Content-Disposition"]
        # Read to the end: the test client then closes the file without closing the database
        # connection (response.close() alone would, and PostgreSQL loses the test's transaction).
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for user in (world.other_leader, world.qingdao_editor, world.other_unit_member):
        client.force_login(user)
        assert client.get(url).status_code == 404, user


# --- reviewers -------------------------------------------------------------------------------------


def test_the_city_editor_confirms_in_the_admin_after_a_confirmation_step(client, world):
    milestone = make_milestone(world.entry)
    client.force_login(world.jinan_editor)
    listing = client.get(reverse("adoption_review")).content.decode()
    assert milestone.title in listing
    detail = client.get(reverse("adoption_review_milestone", kwargs={"pk": milestone.pk}))
    assert detail.status_code == 200
    url = reverse("adoption_review_decide", kwargs={"pk": milestone.pk, "decision": "confirm"})
    step = client.get(url).content.decode()
    assert "公开展示" in step and "已落地" in step  # says what will happen
    assert AdoptionMilestone.objects.get().status == MilestoneStatus.SUBMITTED
    assert client.post(url, {"note": "", "version": 1}).status_code == 302
    assert AdoptionMilestone.objects.get().status == MilestoneStatus.CONFIRMED
    assert NeedPage.objects.get(pk=world.need.pk).status == NeedStatus.ADOPTED


def test_asking_for_more_needs_a_reason(client, world):
    milestone = make_milestone(world.entry)
    client.force_login(world.jinan_editor)
    url = reverse("adoption_review_decide", kwargs={"pk": milestone.pk, "decision": "more_info"})
    assert client.post(url, {"note": "", "version": 1}).status_code == 400
    assert client.post(url, {"note": "请补充上线通知", "version": 1}).status_code == 302
    assert AdoptionMilestone.objects.get().status == MilestoneStatus.MORE_INFO


def test_other_city_editors_get_404_and_organisers_read_only(client, world):
    milestone = make_milestone(world.entry)
    detail = reverse("adoption_review_milestone", kwargs={"pk": milestone.pk})
    decide = reverse("adoption_review_decide", kwargs={"pk": milestone.pk, "decision": "confirm"})
    client.force_login(world.qingdao_editor)
    assert milestone.title not in client.get(reverse("adoption_review")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.post(decide, {"version": 1}).status_code == 404
    client.force_login(world.boss)
    assert client.get(detail).status_code == 200
    assert client.post(decide, {"version": 1}).status_code in (302, 403)  # Wagtail: denied → admin home
    client.force_login(world.leader)
    assert client.get(reverse("adoption_review")).status_code in (302, 403)
    assert AdoptionMilestone.objects.get().status == MilestoneStatus.SUBMITTED


def test_the_unit_member_confirms_in_the_workspace_and_another_unit_gets_404(client, world):
    milestone = make_milestone(world.entry, node="qingdao")
    decide = reverse("contests:units:adoption_decide", kwargs={"pk": milestone.pk, "decision": "reject"})
    client.force_login(world.other_unit_member)
    assert milestone.title not in client.get(reverse("contests:units:adoption")).content.decode()
    assert client.get(reverse("contests:units:adoption_milestone", kwargs={"pk": milestone.pk})).status_code == 404
    assert client.post(decide, {"note": "x", "version": 1}).status_code == 404
    client.force_login(world.unit_member)
    assert milestone.title in client.get(reverse("contests:units:adoption")).content.decode()
    assert "不会公开" in client.get(decide).content.decode()
    assert client.post(decide, {"note": "", "version": 1}).status_code == 400
    assert client.post(decide, {"note": "数据与上线通知不符", "version": 1}).status_code == 302
    assert AdoptionMilestone.objects.get().status == MilestoneStatus.REJECTED


# --- public display --------------------------------------------------------------------------------


@pytest.fixture
def published_solution(world, solution_index):
    page = SolutionPageFactory(parent=solution_index, title="银龄助餐地图解决方案")
    Promotion.objects.create(entry=world.entry, provider=page.provider, solution_page=page, promoted_by=world.boss)
    return page


def test_the_solution_page_shows_confirmed_adoption_only(client, world, published_solution):
    make_milestone(world.entry, status="confirmed", beneficiaries=100_000)
    make_milestone(world.entry, node="qingdao", status="confirmed", kind=MilestoneKind.PILOT, beneficiaries=20_000)
    make_milestone(world.entry, node="zibo", status="submitted", title="待确认的淄博上线")
    html = client.get(published_solution.url).content.decode()
    assert "落地情况" in html and "已在 2 个市落地，服务 12 万人次" in html
    assert "待确认的淄博上线" not in html


def test_no_block_without_confirmed_milestones(client, world, published_solution):
    make_milestone(world.entry, status="submitted")
    assert "落地情况" not in client.get(published_solution.url).content.decode()


def test_solution_page_queries_do_not_grow_with_milestones(client, world, published_solution):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_milestone(world.entry, status="confirmed")
    client.get(published_solution.url)
    with CaptureQueriesContext(connection) as small:
        client.get(published_solution.url)
    for i in range(5):
        make_milestone(world.entry, node="qingdao", status="confirmed", title=f"再上线{i}")
    client.get(published_solution.url)
    with CaptureQueriesContext(connection) as large:
        assert "再上线4" in client.get(published_solution.url).content.decode()
    assert len(large) == len(small)


def test_the_contest_page_shows_its_adoption_rate(client, world):
    page = helpers.contest_page(world.home, world.contest)
    make_milestone(world.entry, status="confirmed")
    html = client.get(page.url).content.decode()
    assert "落地率 100%" in html and "1 / 1 件获奖作品已确认正式上线" in html


def test_the_scene_page_shows_the_deployment_that_became_it(client, world, scene_index):  # noqa: F811
    scene = ScenePageFactory(parent=scene_index, title="济南银龄助餐")
    make_milestone(world.entry, status="confirmed", scene=scene, beneficiaries=5000, title="济南上线")
    html = client.get(scene.url).content.decode()
    assert "落地情况" in html and "济南上线" in html and "已在 1 个市落地" in html


def test_milestone_form_refuses_absurd_numbers_and_shows_formula_text_as_text(client, world):
    client.force_login(world.leader)
    url = reverse("contests:milestone_create", kwargs={"uuid": world.entry.uuid})
    for bad in ({"beneficiaries": "1" + "0" * 15}, {"beneficiaries": "-5"}, {"investment_wan": "1e308"}):
        assert client.post(url, form_data(**bad)).status_code == 400, bad
    assert not AdoptionMilestone.objects.exists()
    formula = '=HYPERLINK("http://evil.example","点我")'
    assert client.post(url, form_data(title=formula, programme="@SUM(1+1)*cmd|' /C calc'!A0")).status_code == 302
    html = client.get(adoption_url(world.entry)).content.decode()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;点我&quot;)" in html


def test_the_contest_page_links_its_impact_fact_sheet(client, world):
    page = helpers.contest_page(world.home, world.contest)
    make_milestone(world.entry, status="confirmed")
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("contests:impact_fact_sheet", args=[world.contest.slug])}">落地成效简报</a>' in html


def test_the_milestone_form_names_the_cities_in_english_on_the_english_site(client, world):
    client.force_login(world.leader)
    path = reverse("contests:milestone_create", kwargs={"uuid": world.entry.uuid})
    english = client.get("/en" + path).content.decode()
    assert f'<option value="{city("jinan").pk}">Jinan</option>' in english
    chinese = client.get(path).content.decode()
    assert f'<option value="{city("jinan").pk}">济南</option>' in chinese
