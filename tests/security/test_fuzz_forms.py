"""Property-based fuzz of the two forms that matter most: the entry draft and the judge's score.

Whatever is typed, the answer is a page or a redirect (never a 500), and either the data saved is
exactly what was valid or nothing changed and the page says why.
"""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contests.models import Entry, Score
from contests.services.entries import content_of
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory, leader_of
from tests.contests.factories.judging import JudgeFactory, assign, eligible_entry, make_rubric, open_round
from tests.security.hostile_fixtures import IMG, SCRIPT, client_for

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# Text a user might paste: any Unicode (emoji, RTL marks, control characters), markup, or a lot of it.
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            SCRIPT,
            IMG,
            "{{7*7}}",
            "' OR 1=1 --",
            "\u202e\u200b",
            "😀" * 50,
            "\x00",
            "数" * 3000,
            "https://[",
            "//evil.example",
        ]
    ),
)
junk_numbers = st.one_of(
    st.sampled_from(["", "NaN", "Infinity", "-Infinity", "1e400", "-0", "0x10", "１０", "5,5", " 7 "]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats().map(str),
    st.text(max_size=20),
)
video_urls = st.one_of(st.sampled_from(["", "https://www.bilibili.com/video/BV1xx"]), texts)
titles = st.one_of(st.sampled_from(["智慧养老服务平台", " 数据惠民 "]), texts)
# Half the time the field gets what the form expects, so that valid saves are exercised as well.
numbers = st.one_of(st.none(), junk_numbers)
scores = st.one_of(st.decimals(min_value=0, max_value=10, places=1).map(str), junk_numbers)


def explained(response):
    """A refusal the user can read: a message for the next page, or an alert on this one."""
    if [str(m) for m in get_messages(response.wsgi_request)]:
        return True
    return response.status_code in (200, 400) and 'role="alert"' in response.content.decode()


@pytest.fixture
def draft():
    entry = EntryFactory()
    return entry, client_for(leader_of(entry.team))


@FUZZ
@given(
    title=st.one_of(st.sampled_from(["智慧养老服务平台", " 数据惠民 "]), texts),
    abstract=texts,
    problem=texts,
    video_url=video_urls,
    track=numbers,
    version=numbers,
)
def test_entry_form_saves_valid_input_or_explains(draft, title, abstract, problem, video_url, track, version):
    entry, client = draft
    entry.refresh_from_db()
    before = content_of(entry)
    data = {
        **before,
        "title": title,
        "abstract": abstract,
        "problem": problem,
        "video_url": video_url,
        "track": entry.track_id if track is None else track,
        "version": entry.version if version is None else version,
    }
    response = client.post(reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), data)
    assert response.status_code in (200, 302, 400), response.status_code
    entry.refresh_from_db()
    after = content_of(entry)
    event("entry refused" if after == before else "entry saved")  # see --hypothesis-show-statistics
    if after == before:
        # Nothing saved: the page (or the message on the page it sent us to) says why.
        assert explained(response), data
    else:
        assert response.status_code == 302
        assert Entry.objects.get(pk=entry.pk).title.strip() == title.strip()
        assert "\x00" not in after["title"] + after["abstract"] + after["problem"]
        assert len(after["title"]) <= 120


@pytest.fixture
def scoring():
    contest = ContestFactory()
    round_ = open_round(contest)
    criteria = make_rubric(round_)
    track = TrackFactory(contest=contest)
    judge = JudgeFactory(contest=contest, tracks=[track])
    assignment = assign(round_, eligible_entry(contest, track), judge)
    return assignment, criteria, client_for(judge.user)


@FUZZ
@given(values=st.lists(scores, min_size=5, max_size=5), comment=texts, action=st.sampled_from(["save", "submit", "x"]))
def test_score_form_saves_valid_input_or_explains(scoring, values, comment, action):
    assignment, criteria, client = scoring
    score = Score.objects.filter(assignment=assignment).first()
    version = score.version if score else 0
    before = (version, score.comment if score else None, score.status if score else None)
    data = {"version": version, "comment": comment, "action": action}
    data.update({f"criterion_{c.pk}": value for c, value in zip(criteria, values, strict=True)})
    response = client.post(reverse("contests:judging:assignment", kwargs={"code": assignment.code}), data)
    assert response.status_code in (200, 302, 400), response.status_code
    score = Score.objects.filter(assignment=assignment).first()
    after = (score.version, score.comment, score.status) if score else (0, None, None)
    event("score refused" if after == before else "score saved")
    if after == before and action == "submit" and 'name="confirm" value="yes"' in response.content.decode():
        # Valid input to submit: the confirmation page shows what would be locked, nothing is written yet.
        event("submit confirmation shown")
        assert response.status_code == 200 and "提交后评分将被锁定，不能再修改。" in response.content.decode()
        return
    if after == before:
        assert explained(response), data
        return
    assert response.status_code == 302
    # Saved: every stored value is a number within its criterion's scale, one decimal at most.
    for item in score.items.select_related("criterion"):
        if item.value is not None:
            assert Decimal(0) <= item.value <= item.criterion.max_score
            assert item.value == item.value.quantize(Decimal("0.1"))
    assert "\x00" not in score.comment and len(score.comment) <= 5000


STALE_PAGE = "页面已过期或不完整，请刷新页面后重试。"


@pytest.mark.parametrize("version", ["", "abc", "-5"])
def test_a_broken_version_field_is_explained_on_both_forms(draft, scoring, version):
    # The fuzz found it: the hidden version's error was not shown anywhere, only "correct the errors below".
    entry, client = draft
    data = {**content_of(entry), "title": "新标题", "video_url": "", "version": version}
    response = client.post(reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), data)
    assert (response.status_code, STALE_PAGE in response.content.decode()) == (200, True)
    assignment, _criteria, judge_client = scoring
    url = reverse("contests:judging:assignment", kwargs={"code": assignment.code})
    response = judge_client.post(url, {"version": version, "comment": "好", "action": "save"})
    assert (response.status_code, STALE_PAGE in response.content.decode()) == (200, True)
    assert not Score.objects.filter(assignment=assignment).exists()
