"""validate_answers: one test per kind's rules, conditions, word limits and required questions."""

import pytest

from contests.models.entry_forms import FieldKind
from contests.services.entry_forms import count_words, fields_for, missing_answers, validate_answers
from tests.contests.entry_forms.helpers import question
from tests.contests.factories import RoundFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return EntryFactory()


def answers_to(entry, data, **kwargs):
    return validate_answers(entry, {f"extra__{k}": v for k, v in data.items()}, **kwargs)


def test_count_words_counts_each_chinese_character_and_each_latin_word():
    assert count_words("数据 data-driven 应用 v2.0") == 6
    assert count_words("") == 0


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        (FieldKind.TEXT, "  试点单位  ", "试点单位"),
        (FieldKind.LONG_TEXT, "第一行\r\n第二行", "第一行\n第二行"),
        (FieldKind.NUMBER, "1,200.50", "1200.5"),
        (FieldKind.NUMBER, "100", "100"),
        (FieldKind.NUMBER, "1，200", "1200"),
        (FieldKind.NUMBER, "１２０", "120"),
        (FieldKind.URL, "https://demo.example.cn/a?b=1", "https://demo.example.cn/a?b=1"),
        (FieldKind.DATE, "2026-05-01", "2026-05-01"),
    ],
)
def test_valid_answers_are_stored_cleaned(entry, kind, raw, stored):
    question(entry.contest, "q", kind)
    assert answers_to(entry, {"q": raw}) == ({"q": stored}, {})


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (FieldKind.NUMBER, "十二", "请输入数字。"),
        (FieldKind.NUMBER, "NaN", "数字超出允许范围。"),
        (FieldKind.NUMBER, "1e20", "数字超出允许范围。"),
        (FieldKind.NUMBER, "1.123456", "最多保留 4 位小数。"),
        (FieldKind.URL, "javascript:alert(1)", "请输入以 http:// 或 https:// 开头的有效网址。"),
        (FieldKind.URL, "ftp://files.example.cn/x", "请输入以 http:// 或 https:// 开头的有效网址。"),
        (FieldKind.URL, "https://user:pw@example.cn/", "网址不能包含用户名或密码。"),
        (FieldKind.DATE, "2026/05/01", "请按“年-月-日”格式填写日期，如 2026-05-01。"),
        (FieldKind.DATE, "2026-02-30", "请按“年-月-日”格式填写日期，如 2026-05-01。"),
        (FieldKind.DATE, "0001-01-01", "请按“年-月-日”格式填写日期，如 2026-05-01。"),
        (FieldKind.TEXT, "名称\x00注入", "不能包含控制字符或不可见的文字方向字符。"),
        (FieldKind.TEXT, "第一行\n第二行", "不能包含控制字符或不可见的文字方向字符。"),
        (FieldKind.TEXT, "abc\u202eexe.pdf", "不能包含控制字符或不可见的文字方向字符。"),
        (FieldKind.TEXT, "长" * 501, "不能超过 500 个字符（现有 501 个）。"),
    ],
)
def test_invalid_answers_are_refused_with_a_message(entry, kind, raw, message):
    question(entry.contest, "q", kind)
    assert answers_to(entry, {"q": raw}) == ({}, {"q": message})


def test_choice_must_be_one_of_the_options(entry):
    question(entry.contest, "use", FieldKind.CHOICE, choices="直接调用\n脱敏后使用\n")
    assert answers_to(entry, {"use": "直接调用"}) == ({"use": "直接调用"}, {})
    assert answers_to(entry, {"use": "'; DROP TABLE x;--"}) == ({}, {"use": "“'; DROP TABLE x;--”不是可选的选项。"})


def test_multi_choice_keeps_the_options_order_and_refuses_unknown_ones(entry):
    question(entry.contest, "m", FieldKind.MULTI_CHOICE, choices="甲\n乙\n丙")
    assert answers_to(entry, {"m": ["丙", "甲", "甲"]}) == ({"m": ["甲", "丙"]}, {})
    assert answers_to(entry, {"m": ["丁"]}) == ({}, {"m": "“丁”不是可选的选项。"})


def test_a_list_where_one_value_belongs_is_refused(entry):
    question(entry.contest, "q")
    assert answers_to(entry, {"q": ["a", "b"]}) == ({}, {"q": "格式不正确。"})


def test_word_limit_counts_chinese_characters_one_each(entry):
    question(entry.contest, "unit", word_limit=5)
    assert answers_to(entry, {"unit": "济南市民政局"}) == ({}, {"unit": "不能超过 5 字（现有 6 字）。"})
    assert answers_to(entry, {"unit": "济南民政局"}) == ({"unit": "济南民政局"}, {})


def test_required_is_checked_only_when_not_partial(entry):
    question(entry.contest, "q", required=True, label="试点单位")
    assert answers_to(entry, {}) == ({}, {})
    assert answers_to(entry, {}, partial=False) == ({}, {"q": "请填写“试点单位”。"})


def test_a_hidden_conditional_question_is_neither_required_nor_checked_but_its_answer_is_kept(entry):
    question(entry.contest, "use", FieldKind.CHOICE, choices="是\n否")
    question(entry.contest, "why", required=True, condition_key="use", condition_value="是", label="原因")
    question(entry.contest, "n", FieldKind.NUMBER, condition_key="use", condition_value="是", label="人数")
    assert answers_to(entry, {"use": "否", "why": "旧答案"}, partial=False) == ({"use": "否", "why": "旧答案"}, {})
    # A hidden question's bad value is no error the team cannot see; it is simply not kept.
    assert answers_to(entry, {"use": "否", "n": "很多"}) == ({"use": "否"}, {})
    assert answers_to(entry, {"use": "是"}, partial=False) == ({"use": "是"}, {"why": "请填写“原因”。"})


def test_fields_for_narrows_by_track_and_round(entry):
    other_track = TrackFactory(contest=entry.contest)
    final = RoundFactory(contest=entry.contest, number=2)
    first = RoundFactory(contest=entry.contest, number=1)
    everyone = question(entry.contest, "all", sort_order=2)
    mine = question(entry.contest, "mine", track=entry.track, sort_order=1)
    question(entry.contest, "theirs", track=other_track)
    question(entry.contest, "off", active=False)
    ppt = question(entry.contest, "ppt", FieldKind.FILE, round=final)
    assert fields_for(entry) == [mine, everyone]
    entry.current_round = first
    assert fields_for(entry) == [mine, everyone]
    entry.current_round = final
    assert fields_for(entry) == [mine, everyone, ppt]
    assert fields_for(entry, final) == [ppt]


def test_missing_answers_lists_required_shown_questions(entry):
    question(entry.contest, "a", required=True, label="甲")
    question(entry.contest, "b", required=True, label="乙", condition_key="a", condition_value="x")
    assert missing_answers(entry) == ["填写“甲”"]
    entry.extra = {"a": "x"}
    assert missing_answers(entry) == ["填写“乙”"]
