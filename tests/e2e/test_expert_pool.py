"""The expert pool in Chromium: a signed-in user applies to the pool, the organiser approves the
application on its confirmation page, then draws the judges of a round with a seed — and the draw's
record page shows the seed, the reproduction check and why each candidate was left out."""

from contests.models import Expert, ExpertDraw, ExpertStatus, JudgeProfile
from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
from tests.contests.factories.experts import ExpertFactory
from tests.contests.factories.judging import eligible_entry, make_rubric, open_round, organiser
from tests.e2e.test_accessibility import sign_in
from tests.scenes.factories import DomainFactory, city


def _world():
    contest = ContestFactory(slug="experts-e2e", name="2026 数据应用创新创业大赛")
    round_ = open_round(contest)
    make_rubric(round_)
    track = TrackFactory(contest=contest, name="智慧养老")
    entry = eligible_entry(contest, track)
    entry.team.organisation = "济南数据公司"
    entry.team.save()
    domain = DomainFactory(name="智慧养老", slug="elderly-e2e")
    for n in range(3):
        ExpertFactory(domains=[domain], name=f"库内专家{n}", city=city("yantai"))
    ExpertFactory(domains=[domain], name="同单位专家", organisation="济南数据公司")
    return round_, domain, organiser(email="boss@experts-e2e.example"), UserFactory(email="apply@experts-e2e.example")


def test_apply_approve_and_draw_with_a_seed(page, live_site, screenshot):
    round_, domain, boss, applicant = _world()
    domain_box = f'input[name=domains][value="{domain.pk}"]'

    sign_in(page, live_site, applicant)
    page.goto(f"{live_site}/experts/apply/")
    page.fill("#id_name", "申请专家")
    page.fill("#id_organisation", "山东大学")
    page.select_option("#id_city", str(city("qingdao").pk))
    page.fill("#id_title", "教授")
    page.check(domain_box)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{live_site}/experts/me/")
    assert "待审核" in page.inner_text("main")
    expert = Expert.objects.get(user=applicant)
    assert expert.status == ExpertStatus.APPLIED

    sign_in(page, live_site, boss)
    page.goto(f"{live_site}/admin/experts/?status=applied")
    page.click(f"a[href='/admin/experts/{expert.pk}/approve/']")
    assert "可被随机抽取为评委" in page.inner_text("main")  # the step says what will happen
    page.click("main button:has-text('审核通过')")
    page.wait_for_url(f"{live_site}/admin/experts/")
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE

    page.goto(f"{live_site}/admin/experts/draws/")
    page.click(f"a[href='/admin/experts/draws/rounds/{round_.pk}/']")
    assert "此操作不能撤销" in page.inner_text("main")
    page.fill("#id_count", "2")
    page.check(domain_box)
    page.fill("#id_seed", "e2e-seed-7")
    page.check("#id_confirm")
    screenshot("draw-form")
    page.click("main button:has-text('抽取并发送邀请')")
    draw = ExpertDraw.objects.get()
    page.wait_for_url(f"{live_site}/admin/experts/draws/{draw.pk}/")
    text = page.inner_text("main")
    screenshot("draw-record")
    assert "e2e-seed-7" in text and "✓" in text
    assert "回避：与参赛团队同一单位" in text
    assert JudgeProfile.objects.filter(expert__in=draw.drawn.all()).count() == 2
