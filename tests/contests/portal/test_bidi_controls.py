"""Team names, organisations and entry titles refuse invisible bidi controls (cms.validators): a
right-to-left override would make a name read as something else on every list that shows it."""

import pytest

from contests.portal.forms.entries import EntryForm
from contests.portal.forms.teams import TeamForm
from scenes.models import Node
from tests.contests.factories import ContestFactory, TrackFactory

pytestmark = pytest.mark.django_db

BIDI_MESSAGE = (
    "内容含有不可见的文字方向控制字符，会使文字显示得与实际内容不同。请删除后重新输入（常见于从网页或文档复制的文字）。"
)
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "数智\u202e队先" shows as "数智先队"


def team_form(**changes):
    data = {
        "name": "数智先锋",
        "organisation": "济南数据公司",
        "organisation_type": "enterprise",
        "city": Node.objects.get(slug="jinan").pk,
        "credit_code": "",
        **changes,
    }
    return TeamForm(data=data)


def entry_form(**changes):
    track = TrackFactory(contest=ContestFactory())
    data = {"track": track.pk, "title": "智慧养老服务平台", "abstract": "基于共享数据的养老服务精准匹配。", **changes}
    return EntryForm(data=data, contest=track.contest, track=track)


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_team_form_refuses_a_bidi_control_in_the_name_and_organisation(field):
    form = team_form(**{field: f"数智{RLO}队先"})
    assert form.errors == {field: [BIDI_MESSAGE]}


def test_team_form_accepts_the_same_text_without_the_control():
    form = team_form(name="数智队先", organisation="济南数据公司")
    assert form.errors == {}


@pytest.mark.parametrize("control", ["\u2066", "\u200f"])
def test_entry_form_refuses_a_bidi_control_in_the_title(control):
    form = entry_form(title=f"智慧养老{control}服务平台")
    assert form.errors == {"title": [BIDI_MESSAGE]}


def test_entry_form_accepts_a_plain_title():
    assert entry_form().errors == {}
