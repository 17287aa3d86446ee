"""The expert pool demo: 40 experts (some paused, two applications waiting), one recorded draw of the
2026 contest's last round that reproduces, expert@ drawn and accepted — and nothing more on a second run."""

import pytest

from contests.demo.contest import load_contest
from contests.demo.experts import EXPERT_EMAIL, load_experts
from contests.models import Expert, ExpertDraw, ExpertStatus, JudgeProfile, JudgeStatus
from contests.services.experts.draw import reproduces
from scenes.models import Domain
from tests.scenes.factories import DomainFactory

pytestmark = pytest.mark.django_db


def test_demo_expert_pool_draw_and_login_loaded_once(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    if Domain.objects.count() < 3:
        for slug in ("elderly", "health", "urban"):
            DomainFactory(slug=slug, name=f"演示{slug}")
    logins = load_experts(None, {})
    assert logins == [("专家库专家（已抽中并接受评委邀请）expert", EXPERT_EMAIL, "shuyong-judge")]
    statuses = [e.status for e in Expert.objects.all()]
    assert len(statuses) == 40
    assert statuses.count(ExpertStatus.APPLIED) == 2 and statuses.count(ExpertStatus.PAUSED) >= 3
    draw = ExpertDraw.objects.get()
    assert draw.seed.startswith("2026-provincial-") and draw.drawn.count() == 6 and reproduces(draw)
    judge = JudgeProfile.objects.get(expert__email=EXPERT_EMAIL)
    assert (judge.contest.slug, judge.status, judge.user.email) == ("2026", JudgeStatus.ACTIVE, EXPERT_EMAIL)
    assert JudgeProfile.objects.filter(expert__isnull=False, status=JudgeStatus.DECLINED).count() == 1
    before = (Expert.objects.count(), ExpertDraw.objects.count(), JudgeProfile.objects.count())
    load_experts(None, {})
    assert (Expert.objects.count(), ExpertDraw.objects.count(), JudgeProfile.objects.count()) == before
