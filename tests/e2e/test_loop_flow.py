"""Issue #16's "Done when" chain in Chromium, each step as its user sees it and with its effect in the
database: a department proposes a need in the admin → a moderator approves it (published) → a unit
makes it a 赛题 with an agreement-level resource and a data file → a team sets the 赛题 on its entry,
applies and accepts the agreement → the unit approves (confirmation step) → the team downloads the
file (logged) → the entry declares how it used the data and reports a finding → the unit answers it
→ the resource's public page shows the 赛题 and the answered finding, the need's page the 赛题.

On the way, axe over the unit workspace (dashboard, new 赛题, 赛题 page, offer form, findings, open
requests) and the needs (/needs/, a need's page signed in, with its comment form): no serious or
critical violation. The contest's dates are relative to now (the live server reads the real clock).
"""

import json
import re

from cms.demo import ensure_child
from cms.models import HomePage
from contests.choices import AccessLevel, DataRequestStatus, FindingStatus
from contests.models import (
    Challenge,
    ContestIndexPage,
    ContestPage,
    DataDownload,
    DataFinding,
    DataRequest,
    Entry,
    EntryDataUse,
    OfferedResource,
)
from scenes.choices import NeedStatus, Openness
from scenes.models import NeedPage, UnitMember
from scenes.services import open_data
from scenes.services.need_editorial import ensure_need_editorial_setup
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member
from tests.contests.loop import helpers
from tests.e2e.conftest import SCREENSHOT_DIR, save_screenshot
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in
from tests.e2e.test_entry_flow import new_context_page
from tests.scenes.factories import DataResourceFactory, DomainFactory, city

NEED_TITLE = "社区老年助餐服务覆盖不足"
CHALLENGE_TITLE = "社区老年助餐服务精准覆盖"
AGREEMENT = "数据仅用于本次大赛作品研发，不得向第三方提供；大赛结束后 30 日内删除。"
CSV = "区县,助餐点数,老年人口\n历下区,42,98000\n市中区,37,91000\n".encode()
HOW = "按区县统计助餐点覆盖率，找出服务空白社区"
FINDING = "缺少社区编码字段，无法与人口数据关联。"
RESPONSE = "已在新版数据中补充社区编码字段，请重新下载。"


def _world():
    home = HomePage.objects.get()
    need_index = helpers.need_index(home)
    groups = ensure_need_editorial_setup(need_index)
    dept = UserFactory(email="dept@loop.example", real_name="民政厅需求联络员", is_staff=True)
    dept.groups.add(groups["proposers"])
    moderator = UserFactory(email="moderator@loop.example", real_name="省级审核员", is_staff=True)
    moderator.groups.add(groups["moderators"])

    unit = helpers.unit("省民政厅", slug="minzheng")
    unit_user = UserFactory(email="unit@loop.example", real_name="民政厅数据管理员")
    UnitMember.objects.create(unit=unit, user=unit_user)
    resource = DataResourceFactory(
        name="社区助餐点名录", slug="meal-points", department="省民政厅", owner_unit=unit, openness=Openness.CONDITIONAL
    )
    elderly = DomainFactory(name="智慧养老", slug="elderly-care")

    contest = ContestFactory(name="2026 数据应用创新大赛", slug="da-sai-2026")
    contests = ensure_child(home, ContestIndexPage, "contests", title="数据应用创新创业大赛", show_in_menus=True)
    ensure_child(contests, ContestPage, contest.slug, title=contest.name, contest=contest)
    track = TrackFactory(contest=contest, name="智慧养老", sort_order=1)

    leader = UserFactory(email="leader@loop.example", real_name="林海燕")
    team = TeamFactory(contest=contest, name="银发守护队", created_by=leader)
    add_member(team)
    entry = EntryFactory(team=team, contest=contest, track=track, title="助餐点布局优化")
    # Someone asks the unit to open its resource: the unit's open-requests page has a row.
    open_data.ask(resource, UserFactory(email="citizen@loop.example"), "研究助餐点布局，希望开放该数据。")
    return locals()


def _check(findings):
    summary = {where: {f"{v['impact']}:{v['id']}": v["count"] for v in found} for where, found in findings.items()}
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        where: [v for v in found if v["impact"] in BLOCKING]
        for where, found in findings.items()
        if any(v["impact"] in BLOCKING for v in found)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)


def _messages(page):
    return " ".join(page.locator(".messages .message").all_inner_texts())


def test_from_a_departments_need_to_the_resource_page(browser, page, page_errors, live_site, screenshot, tmp_path):
    w = _world()
    axe = {}

    # 1. The department proposes the need in the admin and submits it for moderation.
    sign_in(page, live_site, w["dept"])
    page.goto(f"{live_site}/admin/pages/add/scenes/needpage/{w['need_index'].pk}/")
    page.fill("#id_title", NEED_TITLE)
    page.locator("#id_title").press("Tab")
    page.fill("#id_summary", "午餐时段社区助餐点排队长、部分社区没有助餐点，独居老人吃饭难。")
    page.click("button:has-text('选择 平台节点')")  # a snippet chooser: its modal lists the nodes
    page.locator(".modal").get_by_role("link", name="济南", exact=True).click()
    page.wait_for_function(f"() => document.querySelector('#id_node').value === '{city('jinan').pk}'")
    page.select_option("#id_proposing_unit", str(w["unit"].pk))
    page.fill("#id_department", "省民政厅养老服务处")
    page.fill("#id_affected", "全省约 120 万独居和高龄老人")
    page.fill("#id_data_wanted", "助餐点名录、老年人口分布")
    page.check(f"input[name=domains][value='{w['elderly'].pk}']")
    # Resources are searched, never all listed (150,000 of them): find it and add it.
    picker = page.locator(".resource-picker", has=page.locator("[data-picker-search]")).first
    picker.locator("[data-picker-search]").fill("社区助餐")
    picker.locator("[data-picker-search]").press("Enter")
    picker.locator("[data-picker-results] li button").first.click()
    assert page.is_checked(f"input[name=data_resources][value='{w['resource'].pk}']")
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    page.click("button[name=action-submit]")
    page.wait_for_url(f"{live_site}/admin/pages/{w['need_index'].pk}/")
    assert f"页面 '{NEED_TITLE}' 已创建并提交审核。" in page.inner_text(".messages")
    need = NeedPage.objects.get(title=NEED_TITLE)
    assert (need.live, need.owner_id, need.current_workflow_state.status) == (False, w["dept"].pk, "in_progress")
    screenshot("1-need-submitted")
    page.context.clear_cookies()
    assert page.goto(f"{live_site}/needs/").ok and NEED_TITLE not in page.inner_text("main")

    # 2. The moderator approves it: published, at /needs/<slug>/.
    sign_in(page, live_site, w["moderator"])
    page.goto(f"{live_site}/admin/pages/{need.pk}/edit/")
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    page.click("button[data-workflow-action-name=approve]")
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    need.refresh_from_db()
    assert need.live and need.status == NeedStatus.COLLECTING
    page.context.clear_cookies()
    page.goto(f"{live_site}/needs/")
    page.click(f"text={NEED_TITLE}")
    page.wait_for_selector(f"h1:has-text('{NEED_TITLE}')")
    assert page.url == f"{live_site}{need.url}"
    axe["/needs/"] = (page.goto(f"{live_site}/needs/"), axe_violations(page))[1]

    # 3. The unit makes it a 赛题 of the 2026 contest, offers its resource by agreement, uploads a file.
    sign_in(page, live_site, w["unit_user"])
    page.goto(f"{live_site}/unit/")
    axe["/unit/"] = axe_violations(page)
    page.goto(f"{live_site}/unit/challenges/new/?need={need.pk}")
    assert page.locator("#id_need option:checked").inner_text().startswith(NEED_TITLE)
    axe["challenge new"] = axe_violations(page)
    page.select_option("#id_track", str(w["track"].pk))
    page.fill("#id_title", CHALLENGE_TITLE)
    page.fill("#id_description", "结合助餐点名录和老年人口分布，找出服务空白社区，提出助餐点布局建议。")
    page.fill("#id_contact_name", "王老师")
    page.fill("#id_contact_phone", "0531-86000000")
    page.fill("#id_contact_email", "yanglao@minzheng.example")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/unit/challenges/\d+/$"))
    challenge = Challenge.objects.get()
    assert (challenge.need_id, challenge.unit_id, challenge.track_id) == (need.pk, w["unit"].pk, w["track"].pk)
    need.refresh_from_db()
    assert need.status == NeedStatus.CHALLENGE_SET
    assert "来源需求已标为“已出题”" in _messages(page)
    axe["challenge page"] = axe_violations(page)

    page.click("text=添加数据")
    page.wait_for_url(re.compile(r".*/offers/new/$"))
    axe["offer form"] = axe_violations(page)
    # The need's resources are offered as choices; the rest would be searched.
    page.check(f"input[name=resource][value='{w['resource'].pk}']")
    page.check(f"input[name=access_level][value={AccessLevel.AGREEMENT}]")
    page.fill("#id_agreement_text", AGREEMENT)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{live_site}/unit/challenges/{challenge.pk}/")
    offer = OfferedResource.objects.get(challenge=challenge)
    assert offer.access_level == AccessLevel.AGREEMENT
    assert offer.agreements.get().text == AGREEMENT

    data_file = tmp_path / "助餐点名录.csv"
    data_file.write_bytes(CSV)
    page.set_input_files(f"#file-{offer.pk}", str(data_file))
    page.locator("form", has=page.locator(f"#file-{offer.pk}")).locator("button").click()
    page.wait_for_url(f"{live_site}/unit/challenges/{challenge.pk}/")
    assert "已上传“助餐点名录.csv”" in _messages(page)
    offered_file = offer.files.get()
    assert offered_file.size == len(CSV)
    screenshot("3-challenge")

    # 4. The team's leader answers the 赛题 with the entry, applies for the data and accepts the agreement.
    entry = w["entry"]
    sign_in(page, live_site, w["leader"])
    page.goto(f"{live_site}/portal/entries/{entry.uuid}/edit/")
    page.select_option("select[name=challenge]", str(challenge.pk))
    page.click("form.entry-form button[type=submit]")
    page.wait_for_url(f"{live_site}/portal/entries/{entry.uuid}/")
    assert Entry.objects.get(pk=entry.pk).challenge_id == challenge.pk

    team_data = f"{live_site}/portal/teams/{w['team'].pk}/data/"
    page.goto(team_data)
    assert page.is_visible(f"h2:has-text('{CHALLENGE_TITLE}')")
    page.check(f"#apply-offer-{offer.pk}")
    page.fill("#id_purpose", "分析各社区助餐点覆盖率，提出新增助餐点的选址建议。")
    page.check(f"#agree-{offer.agreements.get().pk}")
    page.click("text=下一步：确认申请")
    page.wait_for_selector("h1:has-text('确认数据申请')")
    assert not DataRequest.objects.exists()  # nothing is filed before the confirmation
    page.click("button:has-text('确认提交申请')")
    page.wait_for_selector("text=还剩")
    data_request = DataRequest.objects.get()
    assert (data_request.status, data_request.team_id) == (DataRequestStatus.PENDING, w["team"].pk)
    assert offer.agreements.get().acceptances.filter(user=w["leader"]).exists()
    screenshot("4-applied")

    # 5. The unit approves, through the confirmation step.
    sign_in(page, live_site, w["unit_user"])
    page.goto(f"{live_site}/unit/")
    page.click("a:has-text('待审批的数据申请：1 件')")
    page.wait_for_url(f"{live_site}/unit/requests/")
    page.click(f"a[href='/unit/requests/{data_request.pk}/']")
    page.check("input[name=decision][value=approve]")
    page.click("text=下一步：确认")
    page.wait_for_selector("h1:has-text('确认批准')")
    data_request.refresh_from_db()
    assert data_request.status == DataRequestStatus.PENDING
    page.click("button:has-text('确认批准')")
    page.wait_for_selector("text=已批准该申请")
    data_request.refresh_from_db()
    assert data_request.status == DataRequestStatus.APPROVED

    # 6. The team downloads the file: logged.
    sign_in(page, live_site, w["leader"])
    page.goto(team_data)
    with page.expect_download() as download_info:
        page.click("a:has-text('助餐点名录.csv')")
    download = download_info.value
    assert download.suggested_filename == "助餐点名录.csv"
    assert download.path().read_bytes() == CSV
    logged = DataDownload.objects.get()
    assert (logged.user_id, logged.file_id) == (w["leader"].pk, offered_file.pk)
    screenshot("6-downloaded")

    # 7. The entry declares how it used the data, and reports a data-quality finding.
    page.goto(f"{live_site}/portal/entries/{entry.uuid}/data/")
    page.fill("#id_uses-0-resource", w["resource"].slug)
    page.fill("#id_uses-0-how", HOW)
    page.click("button:has-text('保存数据使用情况')")
    page.wait_for_selector(f"td:has-text('{HOW}')")
    assert list(EntryDataUse.objects.values_list("entry_id", "resource_id", "how")) == [
        (entry.pk, w["resource"].pk, HOW)
    ]
    page.select_option("#id_finding-resource", str(w["resource"].pk))
    page.select_option("#id_finding-category", "missing")
    page.fill("#id_finding-description", FINDING)
    page.click("button:has-text('提交问题')")
    page.wait_for_selector(f"text={FINDING}")
    finding = DataFinding.objects.get()
    assert (finding.entry_id, finding.status) == (entry.pk, FindingStatus.RECEIVED)
    screenshot("7-entry-data")

    # 8. The unit answers the finding.
    sign_in(page, live_site, w["unit_user"])
    page.goto(f"{live_site}/unit/findings/")
    assert w["team"].name not in page.inner_text("main")  # the unit does not see who reported it
    axe["/unit/findings/"] = axe_violations(page)
    page.click(f"a[href='/unit/findings/{finding.pk}/']")
    page.wait_for_url(f"{live_site}/unit/findings/{finding.pk}/")
    axe["finding"] = axe_violations(page)
    page.fill("#id_response", RESPONSE)
    page.click("button:has-text('提交答复')")
    page.wait_for_load_state()
    finding.refresh_from_db()
    assert (finding.status, finding.response, finding.responded_by_id) == (
        FindingStatus.HANDLED,
        RESPONSE,
        w["unit_user"].pk,
    )
    page.goto(f"{live_site}/unit/open-requests/")
    assert w["resource"].name in page.inner_text("main")
    axe["/unit/open-requests/"] = axe_violations(page)
    page.goto(f"{live_site}/unit/challenges/{challenge.pk}/")
    axe["challenge page (with a file)"] = axe_violations(page)

    # A signed-in person's view of the need, with the comment form.
    sign_in(page, live_site, w["leader"])
    page.goto(f"{live_site}{need.url}")
    assert page.is_visible("#comment-body")
    axe["need page (signed in)"] = axe_violations(page)

    # 9. Anyone: the resource's page shows the 赛题 and the answered finding; the need's page the 赛题.
    anonymous, public = new_context_page(browser)
    assert public.goto(f"{live_site}/data/{w['resource'].slug}/").ok
    uses = public.locator("section[aria-labelledby=uses-challenges]").inner_text()
    assert CHALLENGE_TITLE in uses and "协议开放" in uses
    feedback = public.locator("section[aria-labelledby=findings-title]").inner_text()
    assert "数据质量反馈（1）" in feedback and "字段缺失" in feedback and RESPONSE in feedback
    assert FINDING not in public.content() and w["team"].name not in public.content()
    axe["/data/<slug>/"] = axe_violations(public)
    save_screenshot(public, SCREENSHOT_DIR / "test_loop_flow-9-resource-page.png")
    assert public.goto(f"{live_site}{need.url}").ok
    challenges = public.locator("section.need-challenges").inner_text()
    assert "由此需求设立的赛题" in challenges and CHALLENGE_TITLE in challenges
    assert "已出题" in public.inner_text("main")
    save_screenshot(public, SCREENSHOT_DIR / "test_loop_flow-9-need-page.png")
    anonymous.close()

    _check(axe)
    assert page_errors == []
