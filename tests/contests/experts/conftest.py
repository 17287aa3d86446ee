import pytest

from contests.models import Division
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.factories.judging import eligible_entry, make_rubric, open_round, organiser
from tests.scenes.factories import DomainFactory, city


@pytest.fixture
def boss(db):
    return organiser(email="boss@experts.example")


@pytest.fixture
def domain(db):
    return DomainFactory(name="智慧养老", slug="elderly")


@pytest.fixture
def other_domain(db):
    return DomainFactory(name="城市治理", slug="urban")


@pytest.fixture
def provincial(db):
    """A contest with an open round, a track, and two eligible entries: one of a 济南 team in the
    济南 division (单位 济南数据公司), one of a 青岛 team in the 青岛 division (单位 青岛软件公司)."""
    contest = ContestFactory()
    round_ = open_round(contest)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan")
    qingdao = Division.objects.create(contest=contest, node=city("qingdao"), name="青岛分赛区", slug="qingdao")
    jinan_entry = eligible_entry(contest, track)
    jinan_entry.team.organisation = "济南数据公司"
    jinan_entry.team.credit_code = "91370100MA3C5L2X7N"
    jinan_entry.team.city = city("jinan")
    jinan_entry.team.division = jinan
    jinan_entry.team.save()
    qingdao_entry = eligible_entry(contest, track)
    qingdao_entry.team.organisation = "青岛软件公司"
    qingdao_entry.team.city = city("qingdao")
    qingdao_entry.team.division = qingdao
    qingdao_entry.team.save()
    return type(
        "World",
        (),
        {
            "contest": contest, "round": round_, "track": track, "jinan": jinan, "qingdao": qingdao,
            "jinan_entry": jinan_entry, "qingdao_entry": qingdao_entry,
        },
    )  # fmt: skip
