"""The impact figures: final, unrevoked awards and confirmed milestones only; filters; constant queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests.services.impact import Filters, filter_choices, impact, parse_filters
from tests.contests.impact import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(demo_site):
    return world.build(demo_site)


def _by_key(figures):
    return {f.key: f for f in figures}


def test_totals_count_final_unrevoked_winners_and_confirmed_milestones_only(w):
    result = impact()
    assert [x.title for x in result.winners] == ["城市停车", "助老餐桌", "社区巡检"]
    total = result.total
    assert (total.winner_count, total.live_count, total.pilots, total.go_lives) == (3, 2, 1, 2)
    # e1: 1000 in 济南; e5: the larger of 2000 and 5000 in 青岛. Unconfirmed, revoked, provisional
    # and non-winning figures (99999, 77777, 88888, 66666) never count.
    assert total.beneficiaries == 6000
    assert total.investment == Decimal("50")
    assert total.unconfirmed == 0
    assert total.rate_percent == 66.7


def test_an_entry_with_two_awards_counts_once_at_its_best_level(w):
    winner = next(x for x in impact().winners if x.entry_id == w.e1.pk)
    assert (winner.level, sorted(winner.award_names)) == ("first", ["一等奖", "优秀奖"])
    assert winner.cities == {w.jinan.pk: w.jinan.name, w.qingdao.pk: w.qingdao.name}
    assert winner.live_cities == {w.jinan.pk: w.jinan.name}


def test_breakdowns_by_contest_year_track_city_and_domain(w):
    result = impact()
    years = _by_key(result.by_year)
    assert (years["2025"].winner_count, years["2025"].live_count, years["2025"].rate_percent) == (2, 1, 50.0)
    assert (years["2026"].winner_count, years["2026"].rate_percent) == (1, 100.0)
    assert [c.key for c in result.by_contest] == ["impact-2026", "impact-2025"]
    cities = _by_key(result.by_city)
    assert (cities["jinan"].winner_count, cities["jinan"].go_lives, cities["jinan"].beneficiaries) == (1, 1, 1000)
    assert (cities["qingdao"].winner_count, cities["qingdao"].pilots, cities["qingdao"].go_lives) == (2, 1, 1)
    assert cities["yantai"].winner_count == 0  # every city has its row
    domains = _by_key(result.by_domain)
    assert (domains["elderly"].winner_count, domains["elderly"].go_lives) == (1, 1)
    assert domains[""].winner_count == 2  # 未归类
    assert [t.label for t in result.by_track if t.winner_count == 2] == ["2025 数据应用大赛 · 民生服务"]


def test_unconfirmed_milestones_are_counted_apart_for_the_organiser(w):
    result = impact(with_unconfirmed=True)
    assert result.total.unconfirmed == 2
    assert result.total.go_lives == 2 and result.total.investment == Decimal("50")
    winner = next(x for x in result.winners if x.entry_id == w.e2.pk)
    assert (winner.unconfirmed, winner.go_lives) == (2, 0)


def test_filters_narrow_winners_and_the_city_narrows_milestones(w):
    choices = filter_choices()
    assert impact(Filters(contest=w.a.contest), choices=choices).total.winner_count == 2
    assert impact(Filters(year=2026), choices=choices).total.winner_count == 1
    elderly = impact(Filters(domain=w.elderly), choices=choices)
    assert [x.title for x in elderly.winners] == ["助老餐桌"]
    qingdao = impact(Filters(city=w.qingdao), choices=choices)
    assert (qingdao.total.winner_count, qingdao.total.go_lives, qingdao.total.pilots) == (3, 1, 1)
    assert qingdao.total.beneficiaries == 5000
    assert [c.key for c in qingdao.by_city] == ["qingdao"]


def test_provisional_contest_is_not_a_filter_choice(w):
    assert [c.slug for c in filter_choices()["contests"]] == ["impact-2026", "impact-2025"]


@pytest.mark.parametrize(
    "params",
    [
        {"contest": "impact-notice", "year": "1999", "city": "nowhere", "domain": "x" * 500},
        {"year": "２０２５"},
        {"year": "99999999999999999999"},
        {"year": "-1"},
        {"contest": ""},
    ],
)
def test_unknown_or_absurd_filter_values_are_ignored(w, params):
    assert parse_filters(params, filter_choices()) == Filters()


def test_known_filter_values_are_taken(w):
    filters = parse_filters(
        {"contest": "impact-2025", "year": "2025", "city": "jinan", "domain": "elderly"}, filter_choices()
    )
    assert filters == Filters(contest=w.a.contest, year=2025, city=w.jinan, domain=w.elderly)


def _count(**kwargs):
    with CaptureQueriesContext(connection) as captured:
        impact(with_unconfirmed=True, **kwargs)
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_winners(demo_site):
    small = world.build(demo_site)
    before = _count()
    for n in range(6):
        entry = world.EntryFactory(contest=small.b.contest, team__contest=small.b.contest, title=f"新作品{n}")
        world.award(small.b, entry)
        world.milestone(entry, world.MilestoneKind.GO_LIVE, small.jinan, beneficiaries=n)
        world.milestone(entry, world.MilestoneKind.PILOT, small.qingdao, status=world.MilestoneStatus.SUBMITTED)
    assert _count() == before


def test_a_milestone_at_a_provincial_or_industry_node_counts_after_the_cities(w):
    from scenes.models import Node

    province = Node.objects.exclude(kind="city").order_by("pk").first()
    assert province is not None
    world.milestone(w.e2, world.MilestoneKind.GO_LIVE, province, beneficiaries=300)
    result = impact()
    assert (result.by_city[-1].key, result.by_city[-1].label, result.by_city[-1].go_lives) == ("", province.name, 1)
    assert (result.total.go_lives, result.total.live_count, result.total.beneficiaries) == (3, 3, 6300)
