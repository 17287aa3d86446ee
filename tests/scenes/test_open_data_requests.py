"""数据开放申请 as a service: asking (5 working days to answer, one pending request per person and
resource), answering (owner unit members or superusers only, once, legal basis for a refusal, an
opened resource becomes open), the working-day clock across a weekend and a public holiday."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError

from cms.models.holidays import CalendarDay
from cms.workdays import add_working_days
from scenes.choices import Openness, OpenRequestStatus
from scenes.models import OpenDataRequest, Unit, UnitMember
from scenes.services.open_data import OpenDataRefused, answer, ask, open_data_figures
from tests.contests.factories import UserFactory
from tests.scenes.factories import DataResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def beijing(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def unit():
    return Unit.objects.create(name="省民政厅", slug="civil-affairs")


@pytest.fixture
def member(unit):
    user = UserFactory()
    UnitMember.objects.create(unit=unit, user=user)
    return user


@pytest.fixture
def resource(unit):
    return DataResourceFactory(name="养老服务机构信息", slug="elderly", owner_unit=unit, openness=Openness.CONDITIONAL)


# The answer is due at the end (23:59:59 Beijing) of the 5th working day after the day it was asked.
def test_working_days_skip_the_weekend():
    # Thursday 3 December 2026, 15:00 in Beijing: Fri, Mon, Tue, Wed, Thu → Thursday 10 December.
    assert add_working_days(beijing(2026, 12, 3, 15, 0), 5) == beijing(2026, 12, 10, 23, 59, 59)


def test_working_days_skip_a_holiday_and_count_a_make_up_working_sunday():
    CalendarDay.objects.create(date=dt.date(2026, 12, 7), name="测试假日", is_working_day=False)
    CalendarDay.objects.create(date=dt.date(2026, 12, 6), name="调休上班", is_working_day=True)
    # Friday 4 December: Sun 6 (调休), Tue 8, Wed 9, Thu 10, Fri 11 (Mon 7 is a holiday).
    assert add_working_days(beijing(2026, 12, 4, 9, 30), 5) == beijing(2026, 12, 11, 23, 59, 59)


def test_working_days_follow_the_beijing_date_not_utc():
    # 23:30 UTC on Friday is already Saturday morning in Beijing: counting starts from Saturday.
    start = dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)
    assert add_working_days(start, 1) == beijing(2026, 12, 7, 23, 59, 59)


def test_ask_sets_the_answer_due_date_five_working_days_later(resource):
    CalendarDay.objects.create(date=dt.date(2026, 12, 8), name="测试假日", is_working_day=False)
    with time_machine.travel(beijing(2026, 12, 4, 10, 0), tick=False):
        request = ask(resource, UserFactory(), "  开发养老床位查询  ")
    request.refresh_from_db()
    assert request.purpose == "开发养老床位查询"
    assert request.status == OpenRequestStatus.PENDING
    assert request.created_at == beijing(2026, 12, 4, 10, 0)
    # Mon 7, (Tue 8 holiday), Wed 9, Thu 10, Fri 11, Mon 14.
    assert request.due_at.astimezone(SHANGHAI) == beijing(2026, 12, 14, 23, 59, 59)


def test_one_pending_request_per_person_and_resource(resource):
    person = UserFactory()
    first = ask(resource, person, "研究")
    with pytest.raises(OpenDataRefused) as refused:
        ask(resource, person, "再问一次")
    assert str(refused.value) == "您对该数据资源已有一条待答复的申请，请等待答复后再提交。"
    # The database says so too, whatever the code path.
    with pytest.raises(IntegrityError):
        OpenDataRequest.objects.create(resource=resource, requester=person, purpose="绕过", due_at=first.due_at)


def test_asking_again_after_an_answer_is_allowed(resource, member):
    person = UserFactory()
    answer(ask(resource, person, "研究"), member, OpenRequestStatus.PLANNED, "明年开放")
    assert ask(resource, person, "明年再看").status == OpenRequestStatus.PENDING


@pytest.mark.parametrize(
    ("purpose", "message"),
    [("", "请说明数据的用途。"), ("字" * 1001, "用途说明不能超过 1000 字。")],
)
def test_bad_purpose_is_refused_and_nothing_saved(resource, purpose, message):
    with pytest.raises(OpenDataRefused) as refused:
        ask(resource, UserFactory(), purpose)
    assert str(refused.value) == message
    assert not OpenDataRequest.objects.exists()


def test_an_open_resource_cannot_be_asked_for(resource):
    resource.openness = Openness.OPEN
    resource.save()
    with pytest.raises(OpenDataRefused) as refused:
        ask(resource, UserFactory(), "研究")
    assert str(refused.value) == "该数据资源已无条件开放，无需申请。"


def test_member_answers_planned_once(resource, member):
    request = ask(resource, UserFactory(), "研究")
    with time_machine.travel(beijing(2026, 12, 9, 16, 0), tick=False):
        answered = answer(request, member, OpenRequestStatus.PLANNED, "计划下季度开放")
    assert (answered.status, answered.answer, answered.answered_by) == ("planned", "计划下季度开放", member)
    assert answered.answered_at == beijing(2026, 12, 9, 16, 0)
    with pytest.raises(OpenDataRefused) as refused:
        answer(request, member, OpenRequestStatus.OPENED, "改为开放")
    assert str(refused.value) == "该申请已答复，不能再次答复。"
    request.refresh_from_db()
    assert request.status == OpenRequestStatus.PLANNED


def test_opened_makes_the_resource_open(resource, member):
    answer(ask(resource, UserFactory(), "研究"), member, OpenRequestStatus.OPENED, "已在开放平台上线")
    resource.refresh_from_db()
    assert resource.openness == Openness.OPEN


def test_a_refusal_needs_its_legal_basis(resource, member):
    request = ask(resource, UserFactory(), "研究")
    with pytest.raises(OpenDataRefused) as refused:
        answer(request, member, OpenRequestStatus.REFUSED, "涉及隐私")
    assert str(refused.value) == "不予开放时必须写明法律依据。"
    request.refresh_from_db()
    assert request.status == OpenRequestStatus.PENDING
    answer(request, member, OpenRequestStatus.REFUSED, "涉及隐私", legal_basis="《个人信息保护法》第十三条")
    request.refresh_from_db()
    assert (request.status, request.legal_basis) == ("refused", "《个人信息保护法》第十三条")


@pytest.mark.parametrize("who", ["stranger", "other_unit", "anonymous"])
def test_only_members_of_the_owner_unit_answer(resource, who):
    from django.contrib.auth.models import AnonymousUser

    request = ask(resource, UserFactory(), "研究")
    if who == "anonymous":
        user = AnonymousUser()
    else:
        user = UserFactory()
        if who == "other_unit":
            UnitMember.objects.create(unit=Unit.objects.create(name="省公安厅", slug="public-security"), user=user)
    with pytest.raises(OpenDataRefused) as refused:
        answer(request, user, OpenRequestStatus.PLANNED, "计划开放")
    assert str(refused.value) == "只有数据责任单位的成员才能答复该申请。"
    request.refresh_from_db()
    assert request.status == OpenRequestStatus.PENDING


def test_a_superuser_may_answer_and_a_bad_status_is_refused(resource):
    request = ask(resource, UserFactory(), "研究")
    admin = UserFactory(is_superuser=True)
    with pytest.raises(OpenDataRefused):
        answer(request, admin, OpenRequestStatus.PENDING, "还在考虑")
    assert answer(request, admin, OpenRequestStatus.PLANNED, "计划开放").status == OpenRequestStatus.PLANNED


def test_figures_median_in_working_days_across_a_weekend(resource, member):
    # Asked Friday 4 December, answered Monday 7 (1 working day) and Wednesday 9 (3 working days).
    for answered_on, purpose in ((7, "一"), (9, "二"), (9, "三")):
        with time_machine.travel(beijing(2026, 12, 4, 10, 0), tick=False):
            request = ask(resource, UserFactory(), purpose)
        with time_machine.travel(beijing(2026, 12, answered_on, 10, 0), tick=False):
            answer(request, member, OpenRequestStatus.PLANNED, "计划开放")
    figures = open_data_figures()
    assert figures["median_working_days"] == 3
    assert figures["answered"] == 3
    assert figures["most_requested"] == [(resource, 3)]
