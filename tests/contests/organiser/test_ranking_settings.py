"""The round's ranking settings: tie-break rules chosen by their Chinese names, in order, stored in
the format the results service reads; the random seed of the assignment is an explained, folded
advanced option."""

import re

import pytest
from django.urls import reverse

from contests.models import AuditEvent
from tests.contests.factories.judging import judging_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    _contest, round_, _tracks, _judges, _entries = judging_setup(judges=3, entries=2, k=2)
    return round_


@pytest.fixture
def page_url(round_):
    return reverse("judging_rounds:round", args=[round_.pk])


def test_settings_show_the_stored_chain_as_named_rules_in_order(client, signed_in_boss, round_, page_url):
    round_.tie_break_chain = "trimmed_mean,total,criteria"  # as saved before this form existed
    round_.save()

    html = client.get(page_url).content.decode()

    selected = re.findall(r'<option value="(\w+)" selected>([^<]+)</option>', html)
    assert selected == [
        ("trimmed_mean", "去掉最高分和最低分后的平均分"),
        ("total", "全部评委总分之和"),
        ("criteria", "按评分项顺序比较各项平均分"),
    ]
    assert "并列时第 1 项比较" in html
    assert "trimmed_mean,total,criteria" not in html
    assert "<code>trimmed_mean</code>" not in html


def test_settings_save_the_chosen_order_in_the_stored_format(client, signed_in_boss, round_, page_url):
    data = {"action": "settings", "tie_break_1": "median", "tie_break_2": "", "tie_break_3": "criteria"}
    data["extra_judge_on_disagreement"] = "on"

    response = client.post(page_url, data)

    round_.refresh_from_db()
    assert response.status_code == 302
    assert (round_.tie_break_chain, round_.extra_judge_on_disagreement) == ("median,criteria", True)
    assert round_.tie_break_display == "中位数 → 按评分项顺序比较各项平均分"
    ranking = client.get(reverse("judging_rounds:results", args=[round_.pk])).content.decode()
    assert "并列时依次比较：中位数 → 按评分项顺序比较各项平均分。" in ranking


def test_a_rule_chosen_twice_is_refused_in_chinese(client, signed_in_boss, round_, page_url):
    before = round_.tie_break_chain

    response = client.post(page_url, {"action": "settings", "tie_break_1": "total", "tie_break_2": "total"})

    round_.refresh_from_db()
    assert response.status_code == 200
    assert "并列比较项目不能重复：全部评委总分之和。" in response.content.decode()
    assert round_.tie_break_chain == before


def test_the_seed_is_an_explained_advanced_option_and_still_reproduces_a_draw(client, signed_in_boss, page_url):
    html = client.get(page_url).content.decode()

    assert re.search(r"<details><summary>高级选项</summary>\s*<p><label for=\"assign_seed\">随机种子（高级选项）", html)
    assert "相同的作品、评委和种子总会得到相同的分配，便于复核和重现" in html
    client.post(page_url, {"action": "assign", "seed": "7", "confirm": "on"})
    event = AuditEvent.objects.filter(action__startswith="judging.assign").latest("pk")
    assert event.after["seed"] == 7
