"""Drafting entries in the portal: creation limits, editing, and the optimistic lock."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from contests.choices import EntryStatus, TeamRole
from contests.models import AuditEvent, Entry, EntryDraftVersion
from contests.portal.forms.entries import validate_video_url
from contests.services import ContestError
from contests.services.entries import StaleDraft, content_of, create_entry, save_draft
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory, add_member, leader_of

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_data(entry, **changes):
    """What the edit form posts for ``entry`` as it is now, with ``changes``."""
    content = content_of(entry)
    data = {**content, "version": entry.version, **changes}
    data["video_url"] = data["video_url"] or ""
    return data


def new_content(track):
    fields = ("title", "abstract", "problem", "approach", "expected_benefits", "video_url")
    return {"track": track.pk, **dict.fromkeys(fields, ""), "title": "新作品", "data_resources": []}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- creating ----------------------------------------------------------------------------------------


def test_entry_create_makes_a_draft_with_version_one():
    team = TeamFactory()
    track = TrackFactory(contest=team.contest)
    resource = DataResourceFactory()
    client = client_for(leader_of(team))
    response = client.post(
        reverse("contests:entry_create", kwargs={"team_pk": team.pk}),
        {"track": track.pk, "title": "数据惠民", "data_resources": [resource.pk], "video_url": ""},
    )
    entry = Entry.objects.get()
    assert response["Location"] == reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    assert (entry.team, entry.track, entry.title, entry.status, entry.version) == (
        team,
        track,
        "数据惠民",
        EntryStatus.DRAFT,
        1,
    )
    assert list(entry.data_resources.all()) == [resource]
    assert list(EntryDraftVersion.objects.values_list("version", "data__title")) == [(1, "数据惠民")]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["entry.create"]


def test_create_entry_refuses_beyond_the_team_limit():
    team = TeamFactory(contest=ContestFactory(max_entries_per_team=1))
    EntryFactory(team=team)
    track = TrackFactory(contest=team.contest)
    content = new_content(track)
    with pytest.raises(ContestError) as info:
        create_entry(team, leader_of(team), content)
    assert info.value.message == "每个团队最多提交 1 件作品，你的团队已达到上限。"
    assert Entry.objects.filter(team=team).count() == 1


def test_create_entry_refuses_beyond_the_track_limit():
    contest = ContestFactory(max_entries_per_team=3)
    track = TrackFactory(contest=contest, name="智慧养老", entry_limit=1)
    EntryFactory(team=TeamFactory(contest=contest), track=track)
    team = TeamFactory(contest=contest)
    content = new_content(track)
    with pytest.raises(ContestError) as info:
        create_entry(team, leader_of(team), content)
    assert info.value.message == "赛道“智慧养老”的作品数量已达上限（1 件），请选择其他赛道。"


@pytest.mark.clock
def test_create_entry_refuses_after_the_deadline():
    team = TeamFactory()
    track = TrackFactory(contest=team.contest)
    content = new_content(track)
    with time_machine.travel(team.contest.submission_deadline, tick=False), pytest.raises(ContestError) as info:
        create_entry(team, leader_of(team), content)
    assert info.value.code == "deadline"
    assert Entry.objects.count() == 0


def test_entry_create_page_is_not_found_for_a_team_of_someone_else():
    team = TeamFactory()
    stranger = TeamFactory(contest=team.contest)
    response = client_for(leader_of(stranger)).get(reverse("contests:entry_create", kwargs={"team_pk": team.pk}))
    assert response.status_code == 404


def test_entry_create_page_is_forbidden_for_an_adviser():
    team = TeamFactory()
    adviser = add_member(team, role=TeamRole.ADVISER)
    response = client_for(adviser).get(reverse("contests:entry_create", kwargs={"team_pk": team.pk}))
    assert response.status_code == 403


# --- video links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://www.bilibili.com/video/BV1xx411c7mD", "http://v.qq.com/x/page/a.html", "https://pan.baidu.com/s/1abc"],
)
def test_validate_video_url_accepts_known_video_hosts(url):
    assert validate_video_url(url) is None


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("javascript:alert(1)", "scheme"),
        ("ftp://www.bilibili.com/a", "scheme"),
        ("https://bilibili.com@evil.example/video", "userinfo"),
        ("https://evil.example/bilibili.com", "host"),
        ("https://notbilibili.com/video", "host"),
    ],
)
def test_validate_video_url_refuses_other_addresses(url, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        validate_video_url(url)
    assert info.value.code == code


# --- editing and the optimistic lock ---------------------------------------------------------------


def test_entry_edit_saves_and_bumps_the_version():
    entry = EntryFactory()
    client = client_for(leader_of(entry.team))
    response = client.post(
        reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), form_data(entry, abstract="新的摘要")
    )
    entry.refresh_from_db()
    assert response["Location"] == reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    assert (entry.abstract, entry.version) == ("新的摘要", 2)
    assert list(entry.draft_versions.values_list("version", "data__abstract")) == [
        (1, "基于共享数据的养老服务精准匹配。"),
        (2, "新的摘要"),
    ]


def test_two_members_editing_the_same_draft_never_lose_each_others_work():
    entry = EntryFactory()
    leader, member = leader_of(entry.team), add_member(entry.team)
    url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    alice, bob = client_for(leader), client_for(member)
    # Both open the form at version 1.
    alice_form = form_data(entry)
    bob_form = form_data(entry)
    assert alice.get(url).context["form"]["version"].value() == 1
    # Alice changes the abstract and saves first.
    alice.post(url, {**alice_form, "abstract": "Alice 的摘要"})
    # Bob, still on version 1, changes the problem and the abstract.
    response = bob.post(url, {**bob_form, "problem": "Bob 的问题", "abstract": "Bob 的摘要"})

    entry.refresh_from_db()
    assert (entry.version, entry.abstract, entry.problem) == (2, "Alice 的摘要", "老年人服务需求分散，供需信息不对称。")
    assert response.status_code == 200
    assert messages_of(response) == [
        "保存失败：在你编辑期间，其他成员已保存了新的内容。下面列出了对方修改的地方；"
        "你填写的内容仍保留在表单中，请核对后再次保存。"
    ]
    conflict = response.context["conflict"]
    assert [(c.label, c.base, c.current, c.yours, c.both_changed) for c in conflict.changes] == [
        ("作品摘要", "基于共享数据的养老服务精准匹配。", "Alice 的摘要", "Bob 的摘要", True)
    ]
    assert conflict.editors == [str(leader)]
    # Bob's typed text is kept; the form now starts from version 2.
    form = response.context["form"]
    assert (form["abstract"].value(), form["problem"].value(), form["version"].value()) == (
        "Bob 的摘要",
        "Bob 的问题",
        2,
    )
    content = response.content.decode()
    assert "Alice 的摘要" in content and "Bob 的问题" in content

    # Saving again, with the differences in view, is Bob's decision and succeeds.
    bob.post(url, {**bob_form, "problem": "Bob 的问题", "abstract": "合并后的摘要", "version": 2})
    entry.refresh_from_db()
    assert (entry.version, entry.abstract, entry.problem) == (3, "合并后的摘要", "Bob 的问题")


def test_stale_save_takes_the_other_members_change_where_the_user_changed_nothing():
    entry = EntryFactory()
    leader, member = leader_of(entry.team), add_member(entry.team)
    base = content_of(entry)
    save_draft(entry, leader, {**base, "approach": "新的技术路线"}, base_version=1)
    with pytest.raises(StaleDraft) as info:
        save_draft(entry, member, {**base, "expected_benefits": "新的效益"}, base_version=1)
    conflict = info.value.conflict
    assert conflict.merged == {**base, "approach": "新的技术路线", "expected_benefits": "新的效益"}
    assert [(c.name, c.both_changed) for c in conflict.changes] == [("approach", False)]
    entry.refresh_from_db()
    assert (entry.version, entry.expected_benefits) == (2, "服务响应时间缩短一半。")


def test_entry_edit_redirects_with_a_message_once_submitted():
    entry = EntryFactory(status=EntryStatus.SUBMITTED, title="原名")
    client = client_for(leader_of(entry.team))
    response = client.post(reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), form_data(entry, title="改名"))
    entry.refresh_from_db()
    assert response["Location"] == reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    assert messages_of(response) == ["作品已提交，不能修改。如需修改，请先撤回提交（截止前可以再次提交）。"]
    assert (entry.title, entry.version) == ("原名", 1)


@pytest.mark.clock
def test_save_draft_refuses_at_the_deadline():
    entry = EntryFactory(title="原名")
    with time_machine.travel(entry.contest.submission_deadline, tick=False), pytest.raises(ContestError) as info:
        save_draft(entry, leader_of(entry.team), {**content_of(entry), "title": "晚了"}, base_version=1)
    assert info.value.message == "作品提交已截止，作品只能查看，不能再修改。"
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("原名", 1)


@pytest.mark.clock
def test_save_draft_one_second_before_the_deadline_is_accepted():
    entry = EntryFactory()
    with time_machine.travel(entry.contest.submission_deadline - timedelta(seconds=1), tick=False):
        assert save_draft(entry, leader_of(entry.team), {**content_of(entry), "title": "赶上了"}, base_version=1) == 2
