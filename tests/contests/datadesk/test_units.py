"""The unit's side: its requests (pending first, with the clock), deciding with confirmation and the
optimistic lock, revoking, the access log and its Excel export — and nobody else's requests."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contests.models import AuditEvent, DataDownload
from contests.services import datadesk as desk
from tests.contests.datadesk.builders import team_answering
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "contests:units:data_requests"


def decide_url(request):
    return reverse("contests:units:data_request_decide", kwargs={"pk": request.pk})


def revoke_url(request):
    return reverse("contests:units:data_request_revoke", kwargs={"pk": request.pk})


def test_the_unit_lists_its_requests_pending_first_with_the_clock(client, world, applied):
    other = team_answering(world.challenge, name="第二支团队")
    agreement = desk.current_agreement(world.offer)
    (later,) = desk.apply(other.team, [world.offer], "用途", other.leader, "", timezone.now(), accepting=[agreement])
    desk.decide(applied, world.unit_user, False, "不同意", applied.version, timezone.now())
    client.force_login(world.unit_user)
    html = client.get(reverse(LIST)).content.decode()
    assert html.index("第二支团队") < html.index(world.ours.team.name)
    assert "还剩 5 个工作日" in html
    assert later.pk


def test_another_unit_sees_none_of_them(client, world, applied):
    client.force_login(world.other_unit_user)
    assert world.ours.team.name not in client.get(reverse(LIST)).content.decode()
    assert client.get(decide_url(applied)).status_code == 404
    assert client.post(decide_url(applied), {"decision": "approve", "version": 1, "confirm": "yes"}).status_code == 404
    assert client.get(revoke_url(applied)).status_code == 404


def test_people_outside_any_unit_are_refused(client, world, applied):
    for user in (world.ours.leader, UserFactory()):
        client.force_login(user)
        assert client.get(reverse(LIST)).status_code == 403
        assert client.get(decide_url(applied)).status_code == 403
        assert client.get(reverse("contests:units:data_access_log_export")).status_code == 403


def test_an_organiser_sees_every_request(client, world, applied):
    client.force_login(world.organiser)
    assert world.ours.team.name in client.get(reverse(LIST)).content.decode()
    assert client.get(decide_url(applied)).status_code == 200


def test_approving_asks_for_confirmation_first(client, world, applied):
    client.force_login(world.unit_user)
    data = {"decision": "approve", "reason": "", "version": applied.version}
    review = client.post(decide_url(applied), data).content.decode()
    assert "确认批准" in review and 'name="confirm" value="yes"' in review
    applied.refresh_from_db()
    assert applied.status == "pending"
    response = client.post(decide_url(applied), {**data, "confirm": "yes"})
    assert response.status_code == 302
    applied.refresh_from_db()
    assert (applied.status, applied.decided_by) == ("approved", world.unit_user)


def test_rejecting_without_a_reason_is_refused(client, world, applied):
    client.force_login(world.unit_user)
    response = client.post(
        decide_url(applied), {"decision": "reject", "reason": "", "version": applied.version, "confirm": "yes"}
    )
    assert "驳回申请须填写理由。" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "pending"


def test_a_stale_decision_is_refused_with_a_message(client, world, applied):
    stale = applied.version
    desk.decide(applied, world.organiser, True, "", stale, timezone.now())
    client.force_login(world.unit_user)
    response = client.post(
        decide_url(applied), {"decision": "reject", "reason": "不行", "version": stale, "confirm": "yes"}
    )
    assert "已被他人处理或更新" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "approved"


def test_revoking_needs_a_reason_and_a_confirmation(client, world, approved):
    client.force_login(world.unit_user)
    assert "撤销后" in client.get(revoke_url(approved)).content.decode()
    no_confirm = client.post(revoke_url(approved), {"reason": "违规转发", "version": approved.version})
    assert "请勾选确认撤销" in no_confirm.content.decode()
    no_reason = client.post(revoke_url(approved), {"reason": "", "version": approved.version, "confirm": "yes"})
    assert "撤销授权须填写原因。" in no_reason.content.decode()
    approved.refresh_from_db()
    assert approved.status == "approved"
    response = client.post(revoke_url(approved), {"reason": "违规转发", "version": approved.version, "confirm": "yes"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.status, approved.revoke_reason) == ("revoked", "违规转发")
    assert AuditEvent.objects.filter(action="datadesk.revoke", actor=world.unit_user).count() == 1


def _download(world, approved, user=None):
    return desk.record_download(approved, world.file, user or world.ours.leader, "192.0.2.1", timezone.now())


def test_the_access_log_shows_the_units_downloads_only(client, world, approved):
    _download(world, approved)
    client.force_login(world.unit_user)
    html = client.get(reverse("contests:units:data_access_log")).content.decode()
    assert world.file.original_name in html and world.ours.team.name in html
    client.force_login(world.other_unit_user)
    assert world.file.original_name not in client.get(reverse("contests:units:data_access_log")).content.decode()


def test_the_access_log_exports_to_excel_with_neutralised_text(client, world, approved):
    world.ours.team.name = '=HYPERLINK("http://evil")'
    world.ours.team.save()
    _download(world, approved)
    client.force_login(world.unit_user)
    response = client.get(reverse("contests:units:data_access_log_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "下载时间（北京时间）"
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert (rows[1][7], rows[1][8], rows[1][9]) == (world.file.original_name, world.file.size, "192.0.2.1")
    assert len(rows) == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_requests_and_downloads(world, approved, n):
    for _ in range(n):
        other = team_answering(world.challenge)
        agreement = desk.current_agreement(world.offer)
        desk.apply(other.team, [world.offer], "用途", other.leader, "", timezone.now(), accepting=[agreement])
        _download(world, approved)


def test_the_list_and_log_queries_do_not_grow_with_the_rows(client, world, approved):
    _more_requests_and_downloads(world, approved, 1)
    client.force_login(world.unit_user)
    urls = [reverse(LIST), reverse("contests:units:data_access_log"), decide_url(approved)]
    client.get(urls[0])  # the site's settings row is created on the first page ever served
    before = [_queries(client, url) for url in urls]
    _more_requests_and_downloads(world, approved, 6)
    assert [_queries(client, url) for url in urls] == before
    assert DataDownload.objects.count() == 7
