"""The admin pages (start an export with filters, progress, status JSON) and the download view's
permission boundary: the requester and organisers may download; team members, judges, other
staff and anonymous visitors get 404."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contests.models import AuditEvent, ExportJob
from contests.rules import ORGANISER_GROUP
from contests.services.exports import jobs
from tests.contests.factories import (
    ContestFactory,
    OrganiserFactory,
    RoundFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
)
from tests.contests.factories.exports import ExportEntryFactory, JudgeFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return ContestFactory(name="2026数据应用创新大赛")


@pytest.fixture
def organiser():
    Group.objects.get_or_create(name=ORGANISER_GROUP)
    return OrganiserFactory(email="organiser@example.org")


@pytest.fixture
def admin_user():
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def done_job(contest, organiser):
    ExportEntryFactory(team__contest=contest, contest=contest)
    job = ExportJob.objects.create(contest=contest, kind="entries", requested_by=organiser)
    jobs.run_export_job(job.pk)
    job.refresh_from_db()
    return job


def download(client, job):
    return client.get(reverse("contests:export_download", args=[job.pk]))


def test_the_requester_downloads_the_file_with_a_chinese_name(client, done_job, organiser):
    client.force_login(organiser)

    response = download(client, done_job)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f"attachment; filename=\"shuyong-export-{done_job.pk}.xlsx\"; filename*=UTF-8''")
    assert "%E4%BD%9C%E5%93%81" in disposition  # 作品
    assert b"".join(response.streaming_content)[:2] == b"PK"
    event = AuditEvent.objects.get(action="export.downloaded")
    assert (event.actor, event.object_id, event.contest) == (organiser, str(done_job.pk), done_job.contest)
    # Last: closing the response ends the request, and on PostgreSQL its connection with it.
    response.close()


def test_another_organiser_and_a_superuser_may_download(client, done_job, admin_user):
    Group.objects.get_or_create(name=ORGANISER_GROUP)
    for user in (OrganiserFactory(email="second@example.org"), admin_user):
        client.force_login(user)
        response = download(client, done_job)
        assert response.status_code == 200
        response.close()


def test_team_members_judges_staff_and_anonymous_get_404(client, done_job, contest):
    team = TeamFactory(contest=contest)
    member = add_member(team)
    judge_user = UserFactory(email="judge@example.org")
    JudgeFactory(contest=contest, user=judge_user, email="judge@example.org")
    editor = UserFactory(email="editor@example.org", is_staff=True)

    assert download(client, done_job).status_code == 404
    for user in (team.created_by, member, judge_user, editor):
        client.force_login(user)
        assert download(client, done_job).status_code == 404


def test_a_requester_who_is_no_longer_an_organiser_gets_404(client, done_job, organiser):
    organiser.groups.clear()
    client.force_login(organiser)

    assert download(client, done_job).status_code == 404


def test_unfinished_or_expired_jobs_offer_no_file(client, contest, organiser, done_job):
    client.force_login(organiser)
    queued = ExportJob.objects.create(contest=contest, kind="entries", requested_by=organiser)
    assert download(client, queued).status_code == 404

    jobs.expire_exports(now=done_job.expires_at)
    assert download(client, done_job).status_code == 404


def test_the_export_form_is_prefilled_from_the_entries_list_filters(client, admin_user, contest):
    track = TrackFactory(contest=contest, name="智慧养老")
    client.force_login(admin_user)

    url = reverse("contest_exports:new") + f"?contest={contest.pk}&track={track.pk}&status=submitted&kind=entries"
    response = client.get(url)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "contest": str(contest.pk),
        "kind": "entries",
        "track": str(track.pk),
        "status": "submitted",
    }


def test_starting_an_export_creates_the_job_and_shows_its_page(
    client, admin_user, contest, django_capture_on_commit_callbacks
):
    track = TrackFactory(contest=contest, name="智慧养老")
    ExportEntryFactory(team__contest=contest, contest=contest, track=track)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contest_exports:new"),
            {"contest": contest.pk, "kind": "entries", "track": track.pk, "status": "submitted"},
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contest_exports:detail", args=[job.pk])
    assert (job.parameters, job.requested_by, job.status) == (
        {"round": None, "filters": {"track": track.pk, "status": "submitted"}},
        admin_user,
        "done",
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "导出已完成，可以下载了。" in html
    assert reverse("contests:export_download", args=[job.pk]) in html


def test_a_track_of_another_contest_is_refused(client, admin_user, contest):
    foreign = TrackFactory(contest=ContestFactory(name="2025 数据应用创新大赛"), name="城市治理")
    client.force_login(admin_user)

    response = client.post(
        reverse("contest_exports:new"), {"contest": contest.pk, "kind": "entries", "track": foreign.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "track": ["赛道“城市治理”属于“2025 数据应用创新大赛”，不属于所选大赛“2026数据应用创新大赛”，请重新选择。"]
    }
    assert ExportJob.objects.count() == 0


def test_a_round_of_another_contest_is_refused_and_nothing_is_queued(
    client, admin_user, contest, django_capture_on_commit_callbacks
):
    last_year = ContestFactory(name="2025 数据应用创新大赛")
    old_round = RoundFactory(contest=last_year, number=1)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("contest_exports:new"), {"contest": contest.pk, "kind": "results", "round": old_round.pk}
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "round": ["评审轮次“初赛”属于“2025 数据应用创新大赛”，不属于所选大赛“2026数据应用创新大赛”，请重新选择。"]
    }
    assert "请重新选择" in response.content.decode()
    assert (ExportJob.objects.count(), queued) == (0, [])


def test_the_track_choices_name_their_contests(client, admin_user, contest):
    TrackFactory(contest=contest, name="城市治理")
    TrackFactory(contest=ContestFactory(name="2025 数据应用创新大赛"), name="城市治理")
    client.force_login(admin_user)

    form = client.get(reverse("contest_exports:new")).context["form"]

    labels = [label for value, label in form.fields["track"].choices if value]
    assert sorted(labels) == ["2025 数据应用创新大赛 · 城市治理", "2026数据应用创新大赛 · 城市治理"]


def test_a_running_job_page_refreshes_without_javascript_and_polls_with_it(client, admin_user, contest):
    job = ExportJob.objects.create(contest=contest, kind="entries", requested_by=admin_user)
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress_done=250, progress_total=1000)
    client.force_login(admin_user)

    html = client.get(reverse("contest_exports:detail", args=[job.pk])).content.decode()

    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'data-export-status-url="/admin/contest_exports/{job.pk}/status/"' in html
    assert re.search(r'<progress max="100" value="25"', html)
    assert "/static/contests/export_progress.js" in html


def test_the_status_endpoint_reports_progress_as_json(client, admin_user, contest):
    job = ExportJob.objects.create(contest=contest, kind="entries", requested_by=admin_user)
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress_done=250, progress_total=1000)
    client.force_login(admin_user)

    data = client.get(reverse("contest_exports:status", args=[job.pk])).json()

    assert data == {
        "id": job.pk,
        "status": "running",
        "status_label": "生成中",
        "done": 250,
        "total": 1000,
        "percent": 25,
        "finished": False,
        "error": "",
        "download_url": "",
    }


def test_admin_export_pages_refuse_staff_who_are_not_organisers(client, contest):
    editor = UserFactory(email="editor@example.org", is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    job = ExportJob.objects.create(contest=contest, kind="entries")
    client.force_login(editor)

    for url in (
        reverse("contest_exports:index"),
        reverse("contest_exports:new"),
        reverse("contest_exports:status", args=[job.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("contest_exports:status", args=[job.pk])).status_code != 200


def test_the_exports_item_is_in_the_contest_menu_for_organisers_only(admin_user, rf):
    from wagtail.admin.menu import admin_menu

    from contests.organiser.exports import OrganiserMenuItem

    index_url = reverse("contest_exports:index")  # loads the admin URLs, which register the menus
    request = rf.get("/admin/")
    request.user = admin_user
    # The sidebar is rendered from JSON by JavaScript, so the menu is checked as Wagtail builds it.
    contest_menu = next(item for item in admin_menu.menu_items_for_request(request) if str(item.label) == "大赛")
    items = {str(item.label): item.url for item in contest_menu.menu.menu_items_for_request(request)}
    assert items["导出与导入"] == index_url

    request.user = UserFactory(email="editor@example.org", is_staff=True)
    assert OrganiserMenuItem("导出与导入", "/").is_shown(request) is False
