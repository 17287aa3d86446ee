"""The certificates demo loader: in the finished 2025 contest one award revoked (the special award,
audited, back-dated), the addresses of a valid and of the revoked verification page in the logins —
and nothing more on a second run."""

import pytest

from cms.demo import ensure_child
from contests.demo.certificates import load_certificates
from contests.demo.contest import load_contest
from contests.demo.outcomes import CONTEST_SLUG, SPECIAL_AWARD, load_outcomes
from contests.models import AuditEvent, Award, Contest
from scenes.models import SolutionIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    return Contest.objects.get(slug=CONTEST_SLUG)


def test_demo_revokes_the_special_award_once_and_prints_both_verification_pages(outcomes_demo, client):
    contest = outcomes_demo
    lines = load_certificates(None, {})
    # Due diligence revoked one 优秀奖 of 智慧养老 before the results were final; this is the other one.
    revoked = Award.objects.get(category__contest=contest, category__name=SPECIAL_AWARD, revoked_at__isnull=False)
    assert Award.objects.filter(category__contest=contest, revoked_at__isnull=False).count() == 2
    assert (revoked.revoked_at.year, revoked.revoked_at.month) == (2025, 9)
    assert revoked.track.slug == "chengshi-zhili"  # not 智慧养老, the due-diligence demo's track
    # The entry keeps its level award: it is still a winner.
    assert Award.objects.filter(entry=revoked.entry, revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="award.revoke", object_id=str(revoked.pk)).count() == 1
    valid = Award.objects.get(category__contest=contest, track__slug="yiliao-jiankang", category__name="一等奖")
    assert lines == [
        ("证书核验（有效）", f"http://testserver/verify/{valid.certificate_number}/", "无需登录"),
        ("证书核验（已撤销）", f"http://testserver/verify/{revoked.certificate_number}/", "无需登录"),
    ]
    valid_page = client.get(f"/verify/{valid.certificate_number}/").content.decode()
    assert "有效" in valid_page and "已撤销" not in valid_page
    revoked_page = client.get(f"/verify/{revoked.certificate_number}/").content.decode()
    assert "已撤销" in revoked_page and "2025年9月15日" in revoked_page

    # A second run changes nothing and prints the same lines.
    awards = list(Award.objects.order_by("pk").values_list("pk", "revoked_at"))
    events = AuditEvent.objects.count()
    assert load_certificates(None, {}) == lines
    assert list(Award.objects.order_by("pk").values_list("pk", "revoked_at")) == awards
    assert AuditEvent.objects.count() == events


def test_demo_certificates_without_the_2025_contest_do_nothing(demo_site):
    assert load_certificates(None, {}) == []
