"""axe-core in Chromium over the data resource catalogue and a resource's page (anonymous, then
signed in with the open-data request form and its error): no serious or critical violation."""

import json

from cms.demo import ensure_child
from cms.models import HomePage
from scenes.choices import Openness
from scenes.models import SceneIndexPage
from tests.contests.factories import UserFactory
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in
from tests.scenes.factories import DataResourceFactory, DomainFactory, ScenePageFactory, city


def test_data_resource_pages_have_no_serious_axe_violations(page, live_site):
    home = HomePage.objects.get()
    scenes = ensure_child(home, SceneIndexPage, "scenes", title="应用场景", show_in_menus=True)
    resource = DataResourceFactory(
        name="养老服务机构信息",
        slug="elderly-services",
        department="省民政厅",
        node=city("jinan"),
        openness=Openness.CONDITIONAL,
        portal_url="https://data.sd.example.gov.cn/catalogue/elderly-services",
    )
    resource.domains.set([DomainFactory(name="智慧养老", slug="elderly-care")])
    ScenePageFactory(parent=scenes, title="老年人助餐一卡通", data_resources=[resource])

    findings = {}
    for path in ("/data/", "/data/?q=养老&domain=elderly-care", "/data/elderly-services/"):
        assert page.goto(f"{live_site}{path}").status == 200, path
        findings[path] = axe_violations(page)
    sign_in(page, live_site, UserFactory())
    page.goto(f"{live_site}/data/elderly-services/")
    findings["signed in, the form"] = axe_violations(page)
    page.click("form.open-request-form button[type=submit]")  # no purpose: the browser stops it
    page.fill("#id_purpose", " ")
    page.click("form.open-request-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    findings["the form with its error"] = axe_violations(page)

    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps(blocking, ensure_ascii=False, indent=1)
