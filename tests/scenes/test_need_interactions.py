"""Following and commenting on a need: signed-in people only, once each, rate-limited, live and
public needs only (an unpublished one is a 404 for everyone); moderators hide comments with a
reason in the admin; proposers (需求提报) create and submit needs but do not publish them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.demo import ensure_user
from scenes.models import NeedComment, NeedPage, NeedVote
from scenes.services.need_editorial import ensure_need_editorial_setup
from tests.scenes.factories import city
from tests.scenes.needs_helpers import make_need
from tests.scenes.test_permissions import form_data


@pytest.fixture
def need(need_index):
    return make_need(need_index, title="独居老人助餐服务精准覆盖")


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(email="resident@example.com", password="pw", real_name="张三")


def follow(client, need):
    return client.post(reverse("need_follow", kwargs={"pk": need.pk}))


def comment(client, need, body):
    return client.post(reverse("need_comment", kwargs={"pk": need.pk}), {"body": body})


def count_of(need):
    return NeedPage.objects.get(pk=need.pk).vote_count


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_follow_toggles_and_counts_once_per_person(client, need, person, django_user_model):
    client.force_login(person)
    response = follow(client, need)
    assert response.status_code == 302 and response["Location"].endswith(f"{need.url}#need-follow")
    assert (count_of(need), NeedVote.objects.filter(need=need).count()) == (1, 1)
    assert "已关注这个需求。" in messages_of(response)
    html = client.get(need.url).content.decode()
    assert "1 人关注" in html and "取消关注" in html

    other = django_user_model.objects.create_user(email="other@example.com", password="pw")
    client.force_login(other)
    follow(client, need)
    assert count_of(need) == 2

    client.force_login(person)
    assert "已取消关注。" in messages_of(follow(client, need))
    assert (count_of(need), NeedVote.objects.filter(need=need, user=person).exists()) == (1, False)
    follow(client, need)
    assert (count_of(need), NeedVote.objects.filter(need=need).count()) == (2, 2)


@pytest.mark.django_db
def test_publishing_a_new_revision_keeps_the_follower_count(client, need, person):
    client.force_login(person)
    follow(client, need)
    page = NeedPage.objects.get(pk=need.pk)
    page.title = "改过的标题"
    page.save_revision().publish()
    assert count_of(need) == 1


@pytest.mark.django_db
def test_follow_toggles_are_rate_limited(client, need, person, settings):
    settings.THROTTLES = {**settings.THROTTLES, "need_follow": (3, 3600)}
    client.force_login(person)
    for _toggle in range(3):
        follow(client, need)
    assert count_of(need) == 1
    response = follow(client, need)
    assert "操作太频繁，请稍后再试。" in messages_of(response)
    assert count_of(need) == 1


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in_and_nothing_changes(client, need):
    for response in (follow(client, need), comment(client, need, "你好")):
        assert response.status_code == 302
        assert reverse("contests:login") in response["Location"]
    assert (count_of(need), NeedComment.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_get_is_not_allowed(client, need, person):
    client.force_login(person)
    assert client.get(reverse("need_follow", kwargs={"pk": need.pk})).status_code == 405
    assert client.get(reverse("need_comment", kwargs={"pk": need.pk})).status_code == 405


@pytest.mark.django_db
def test_unpublished_needs_are_404_for_everyone(client, need_index, person):
    draft = make_need(need_index, live=False)
    unpublished = make_need(need_index)
    unpublished.unpublish()
    for page in (draft, unpublished):
        client.logout()
        assert follow(client, page).status_code == 404
        assert comment(client, page, "你好").status_code == 404
        client.force_login(person)
        assert follow(client, page).status_code == 404
        assert comment(client, page, "你好").status_code == 404
    assert client.post("/needs/999999/follow/").status_code == 404
    assert (NeedVote.objects.count(), NeedComment.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_a_comment_is_trimmed_saved_and_shown_with_the_authors_name(client, need, person):
    client.force_login(person)
    response = comment(client, need, "  建议和社区网格员走访结合起来。  \n")
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert NeedComment.objects.get().body == "建议和社区网格员走访结合起来。"
    html = client.get(need.url).content.decode()
    assert "建议和社区网格员走访结合起来。" in html and "张三" in html
    assert "resident@example.com" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [("", "请填写评论内容。"), ("   \n ", "请填写评论内容。"), ("长" * 1001, "评论最多 1000 个字，现在有 1001 个字。")],
)
def test_bad_comments_are_refused_with_the_reason_and_the_text_kept(client, need, person, body, error):
    client.force_login(person)
    response = comment(client, need, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    if body.strip():
        assert body in html  # kept in the form, to be shortened
    assert NeedComment.objects.count() == 0


@pytest.mark.django_db
def test_a_comment_of_exactly_1000_characters_is_accepted(client, need, person):
    client.force_login(person)
    comment(client, need, "长" * 1000)
    assert NeedComment.objects.count() == 1


@pytest.mark.django_db
def test_comments_are_rate_limited_per_person(client, need, person, django_user_model):
    client.force_login(person)
    for number in range(5):
        assert comment(client, need, f"第{number}条").status_code == 302
    response = comment(client, need, "第六条")
    assert response.status_code == 429
    assert "评论太频繁，请稍后再试。" in response.content.decode()
    assert NeedComment.objects.count() == 5
    # Another person is not held back.
    client.force_login(django_user_model.objects.create_user(email="b@example.com", password="pw"))
    assert comment(client, need, "我也来说一句").status_code == 302


# Moderation of comments in the admin ------------------------------------------------------------


@pytest.fixture
def moderator(editorial, need_index):
    groups = ensure_need_editorial_setup(need_index)
    user = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    user.groups.add(groups["moderators"])
    return user


@pytest.mark.django_db
def test_a_moderator_hides_a_comment_with_a_reason(client, need, person, moderator):
    spam = NeedComment.objects.create(need=need, author=person, body="加微信领红包")
    client.force_login(moderator)
    assert "加微信领红包" in client.get(reverse("need_comments:index")).content.decode()
    assert "加微信领红包" in client.get(reverse("need_comments:index") + "?q=红包").content.decode()
    response = client.post(reverse("need_comments:edit", args=[spam.pk]), {"hidden_reason": "广告"})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert (spam.hidden_reason, spam.hidden_by, spam.hidden_at is not None, spam.body) == (
        "广告",
        moderator,
        True,
        "加微信领红包",
    )
    client.logout()
    assert "加微信领红包" not in client.get(need.url).content.decode()


@pytest.mark.django_db
def test_comments_are_not_added_or_deleted_in_the_admin_and_others_have_no_access(
    client, need, person, moderator, django_user_model
):
    remark = NeedComment.objects.create(need=need, author=person, body="好")
    client.force_login(moderator)
    assert client.get(reverse("need_comments:add")).status_code in (302, 403)
    assert client.post(reverse("need_comments:delete", args=[remark.pk])).status_code in (302, 403)
    assert NeedComment.objects.filter(pk=remark.pk).exists()
    proposer = ensure_user("dept@example.com", "pw", is_staff=True)
    proposer.groups.add(ensure_need_editorial_setup(need.get_parent())["proposers"])
    client.force_login(proposer)
    response = client.post(reverse("need_comments:edit", args=[remark.pk]), {"hidden_reason": "我不喜欢"})
    assert response.status_code in (302, 403)
    remark.refresh_from_db()
    assert remark.hidden_at is None


# Proposers (需求提报) -------------------------------------------------------------------------


@pytest.fixture
def proposers(editorial, need_index):
    groups = ensure_need_editorial_setup(need_index)
    people = {}
    for key in ("dept", "colleague"):
        people[key] = ensure_user(f"{key}@shuyong.example", "pw", is_staff=True)
        people[key].groups.add(groups["proposers"])
    people["moderator"] = ensure_user("moderator@shuyong.example", "pw", is_staff=True)
    people["moderator"].groups.add(groups["moderators"])
    return people


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["scenes", "needpage", index.pk])


@pytest.mark.django_db
def test_a_proposer_creates_and_submits_a_need_and_a_moderator_publishes_it(
    client, proposers, need_index, elderly_care
):
    client.force_login(proposers["dept"])
    url = add_url(need_index)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    data = form_data(
        client,
        url,
        title="社区食堂排队太长",
        slug="canteen-queues",
        summary="午餐时段老年食堂排队长。",
        node=str(city("jinan").pk),
        department="济南市民政局",
        affected="社区老人",
        domains=[str(elderly_care.pk)],
        **{"action-submit": "action-submit"},
    )
    data.pop("action-publish", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    need = NeedPage.objects.get(slug="canteen-queues")
    assert not need.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(need.pk))
    assert state.status == "in_progress"
    assert client.get(need.url).status_code == 404  # not public while in moderation

    # A proposer cannot publish by posting the publish action either.
    edit = reverse("wagtailadmin_pages:edit", args=[need.pk])
    client.post(edit, form_data(client, edit, **{"action-publish": "action-publish"}))
    assert not NeedPage.objects.get(pk=need.pk).live

    # Another proposer cannot edit it.
    client.force_login(proposers["colleague"])
    assert client.get(edit).status_code == 302
    assert not need.permissions_for_user(proposers["colleague"]).can_edit()

    # The moderator approves: it goes live.
    client.force_login(proposers["moderator"])
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(need.pk), status="in_progress")
    action = reverse("wagtailadmin_pages:workflow_action", args=[need.pk, "approve", state.current_task_state.pk])
    client.post(action, {"comment": ""})
    assert NeedPage.objects.get(pk=need.pk).live


@pytest.mark.django_db
def test_city_editors_may_add_needs_but_not_publish(proposers, need_index, editorial):
    editor = ensure_user("jinan.editor@shuyong.example", "pw", is_staff=True)
    editor.groups.add(editorial["cities"]["jinan"])
    tester = need_index.permissions_for_user(editor)
    assert tester.can_add_subpage() and not tester.can_publish_subpage()
    assert not need_index.permissions_for_user(proposers["dept"]).can_edit()  # the index is the moderators'


# The set-up that migrate alone gives ---------------------------------------------------------------


@pytest.mark.django_db
def test_migrate_alone_creates_the_proposers_group_with_admin_access():
    from django.contrib.auth.models import Group

    proposers = Group.objects.get(name="需求提报")
    assert set(proposers.permissions.values_list("codename", flat=True)) == {"access_admin"}


@pytest.mark.django_db
def test_the_migration_creates_the_needs_index_under_an_existing_home_page(client, demo_site):
    import importlib

    from django.apps import apps
    from wagtail.models import Page, WorkflowPage

    from scenes.models import NeedIndexPage

    migration = importlib.import_module("scenes.migrations.0008_needs_editorial_setup")
    migration._create_need_index(apps)
    migration._create_need_index(apps)  # a second run changes nothing
    index = NeedIndexPage.objects.get()
    assert (index.title, index.title_en, index.live, index.show_in_menus) == ("应用需求", "Needs", True, True)
    assert index.get_parent().pk == demo_site.pk
    assert Page.find_problems() == ([], [], [], [], [])
    ensure_need_editorial_setup()
    assert WorkflowPage.objects.get(page=index).workflow.name == "场景与方案审核"
    assert client.get("/needs/").status_code == 200
    assert client.get("/en/needs/").status_code == 200
