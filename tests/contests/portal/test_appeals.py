"""Appeals: filing during the notice window only, once per team and round, with checked attachments
that only the team and organisers can download; the organisers' review; the portal and admin pages."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from contests.choices import TeamRole
from contests.models import Appeal, AppealAttachment, AppealStatus, AuditEvent
from contests.services import ContestError
from contests.services.outcomes import appeals as service
from contests.services.outcomes.appeals import file_appeal, review_appeal
from contests.services.outcomes.publication import publish_results
from tests.contests.factories.entries import add_member, leader_of, pdf_upload
from tests.contests.factories.judging import scored_round

pytestmark = pytest.mark.django_db

REASONS = "第三项评分与评审标准明显不符，请组委会复核评分。"


def png_upload(name="截图.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def setup(boss):
    """A round published now with a five-day window; two entries of two teams."""
    round_, entries = scored_round(notice_days=5)
    publication = publish_results(round_, actor=boss, now=timezone.now())
    return round_, publication, entries


def stored_files():
    return sorted(AppealAttachment.objects.values_list("file", flat=True))


# Filing ------------------------------------------------------------------------------------------


def test_a_member_files_an_appeal_with_attachments_and_organisers_are_told(
    setup, boss, django_capture_on_commit_callbacks
):
    round_, _publication, entries = setup
    entry = entries[0]
    member = entry.team.memberships.get(role=TeamRole.MEMBER).user
    with django_capture_on_commit_callbacks(execute=True):
        appeal = file_appeal(entry, user=member, reasons=f"  {REASONS}  ", files=[pdf_upload("说明.pdf"), png_upload()])

    assert (appeal.round, appeal.team, appeal.entry, appeal.filed_by, appeal.status) == (
        round_, entry.team, entry, member, AppealStatus.PENDING,
    )  # fmt: skip
    assert appeal.reasons == REASONS
    names = list(appeal.attachments.values_list("original_name", "content_type"))
    assert names == [("说明.pdf", "application/pdf"), ("截图.png", "image/png")]
    for attachment in appeal.attachments.all():
        assert len(attachment.sha256) == 64 and attachment.size > 0
    event = AuditEvent.objects.get(action="appeal.file")
    assert (event.actor, event.object_id, event.after["reasons"], len(event.after["files"])) == (
        member, str(appeal.pk), REASONS, 2,
    )  # fmt: skip
    assert [m.to for m in mail.outbox] == [[boss.email]]
    assert reverse("outcomes_publication:appeal", args=[appeal.pk]) in mail.outbox[0].body


@pytest.mark.clock
def test_an_appeal_one_second_after_the_window_closes_is_refused_and_nothing_is_saved(setup):
    _round, publication, entries = setup
    leader = leader_of(entries[0].team)
    with pytest.raises(ContestError, match=r"公示期已于 .*（北京时间） 结束") as info:
        file_appeal(
            entries[0], user=leader, reasons=REASONS, files=[pdf_upload()],
            now=publication.notice_ends_at + timedelta(seconds=1),
        )  # fmt: skip
    assert info.value.code == "refused"
    assert not Appeal.objects.exists()
    assert stored_files() == []
    assert not AuditEvent.objects.filter(action="appeal.file").exists()
    # The last second of the window is still inside it.
    file_appeal(entries[0], user=leader, reasons=REASONS, now=publication.notice_ends_at - timedelta(seconds=1))
    assert Appeal.objects.count() == 1


@pytest.mark.clock
def test_an_appeal_through_the_portal_after_the_window_is_refused_by_the_servers_clock(client, setup):
    round_, publication, entries = setup
    entry = entries[0]
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_.pk})
    with time_machine.travel(publication.notice_ends_at + timedelta(seconds=1)):
        response = client.post(url, {"reasons": REASONS, "confirm": "on"})
    assert response.status_code == 400
    assert "公示期已于" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_second_appeal_for_the_same_round_is_refused(setup):
    _round, _publication, entries = setup
    team = entries[0].team
    first = file_appeal(entries[0], user=leader_of(team), reasons=REASONS)
    member = team.memberships.get(role=TeamRole.MEMBER).user
    with pytest.raises(ContestError, match="每个团队每轮只能申诉一次"):
        file_appeal(entries[0], user=member, reasons="另一位队员的不同申诉理由，内容较长。")
    assert list(Appeal.objects.all()) == [first]


def test_the_race_for_the_unique_constraint_gives_the_same_friendly_refusal(setup, monkeypatch):
    _round, _publication, entries = setup
    team = entries[0].team
    file_appeal(entries[0], user=leader_of(team), reasons=REASONS)
    # A teammate whose checks ran before the first appeal was saved.
    monkeypatch.setattr(service, "filing_problems", lambda *args, **kwargs: [])
    member = team.memberships.get(role=TeamRole.MEMBER).user
    with pytest.raises(ContestError, match="每个团队每轮只能申诉一次") as info:
        file_appeal(entries[0], user=member, reasons=REASONS, files=[pdf_upload()])
    assert not isinstance(info.value, IntegrityError)
    assert Appeal.objects.count() == 1
    assert AppealAttachment.objects.count() == 0


def test_an_appeal_before_publication_is_refused():
    round_, entries = scored_round()
    with pytest.raises(ContestError, match="尚未公布"):
        file_appeal(entries[0], user=leader_of(entries[0].team), reasons=REASONS, round_=round_)
    with pytest.raises(ContestError, match="尚未公布"):
        file_appeal(entries[0], user=leader_of(entries[0].team), reasons=REASONS)
    assert not Appeal.objects.exists()


def test_only_the_teams_leader_or_members_may_file(setup, boss):
    _round, _publication, entries = setup
    entry = entries[0]
    adviser = add_member(entry.team, role=TeamRole.ADVISER)
    other_leader = leader_of(entries[1].team)
    for user in (adviser, other_leader, boss):
        with pytest.raises(ContestError, match="只有本团队的队长或队员"):
            file_appeal(entry, user=user, reasons=REASONS)
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("reasons", "message"),
    [("", "至少 10 个字"), ("   太短了   ", "至少 10 个字"), ("理" * 5001, "不能超过 5000 个字")],
)
def test_reasons_are_required_and_bounded(setup, reasons, message):
    _round, _publication, entries = setup
    with pytest.raises(ContestError, match=message):
        file_appeal(entries[0], user=leader_of(entries[0].team), reasons=reasons)
    assert not Appeal.objects.exists()


def test_attachments_are_checked_and_nothing_is_saved_when_one_is_refused(setup):
    _round, _publication, entries = setup
    leader = leader_of(entries[0].team)
    too_large = SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf")
    word = SimpleUploadedFile("说明.txt", "只是文字".encode(), content_type="text/plain")
    cases = [
        ([pdf_upload(), too_large], "超过大小上限（10 MB）"),
        ([word], "只能是 PDF 或图片"),
        ([pdf_upload("a.pdf"), pdf_upload("b.pdf"), png_upload(), png_upload("d.png")], "最多上传 3 个"),
        ([SimpleUploadedFile("坏的.pdf", b"%PDF-1.4 broken", content_type="application/pdf")], "不是有效的 PDF"),
    ]
    for files, message in cases:
        with pytest.raises(ContestError, match=message):
            file_appeal(entries[0], user=leader, reasons=REASONS, files=files)
    assert not Appeal.objects.exists()
    assert stored_files() == []


# Portal ------------------------------------------------------------------------------------------


def test_portal_files_an_appeal_and_shows_its_status(client, setup):
    round_, _publication, entries = setup
    entry = entries[0]
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_.pk})

    form_page = client.get(url).content.decode()
    assert "公示中，截止" in form_page
    assert "提交申诉" in form_page
    assert "第 1 名" in form_page

    unconfirmed = client.post(url, {"reasons": REASONS})
    assert unconfirmed.status_code == 400
    assert "请勾选确认后再提交申诉。" in unconfirmed.content.decode()
    assert not Appeal.objects.exists()

    response = client.post(url, {"reasons": REASONS, "confirm": "on", "files": [pdf_upload()]}, follow=True)
    appeal = Appeal.objects.get()
    text = response.content.decode()
    assert "申诉已提交" in text
    assert "待复核" in text
    download = {"appeal_id": appeal.pk, "file_id": appeal.attachments.get().pk}
    assert reverse("contests:appeal_attachment", kwargs=download) in text
    assert "提交申诉</button>" not in text


@pytest.mark.clock
def test_entry_page_shows_the_notice_panel(client, setup):
    round_, publication, entries = setup
    client.force_login(leader_of(entries[0].team))
    page = client.get(reverse("contests:entry_detail", kwargs={"uuid": entries[0].uuid})).content.decode()
    ends = timezone.localtime(publication.notice_ends_at).strftime("%H:%M:%S")
    assert "公示中，截止" in page and ends in page
    assert reverse("contests:entry_appeal", kwargs={"uuid": entries[0].uuid, "round_id": round_.pk}) in page


def test_another_teams_entry_and_appeal_are_404(client, setup):
    round_, _publication, entries = setup
    mine, theirs = entries
    appeal = file_appeal(theirs, user=leader_of(theirs.team), reasons=REASONS, files=[pdf_upload()])
    attachment = appeal.attachments.get()
    client.force_login(leader_of(mine.team))
    their_url = reverse("contests:entry_appeal", kwargs={"uuid": theirs.uuid, "round_id": round_.pk})
    assert client.get(their_url).status_code == 404
    assert client.post(their_url, {"reasons": REASONS, "confirm": "on"}).status_code == 404
    download = reverse("contests:appeal_attachment", kwargs={"appeal_id": appeal.pk, "file_id": attachment.pk})
    assert client.get(download).status_code == 404
    assert Appeal.objects.count() == 1


def test_attachments_download_only_for_the_team_and_organisers(client, setup, boss):
    _round, _publication, entries = setup
    entry = entries[0]
    appeal = file_appeal(entry, user=leader_of(entry.team), reasons=REASONS, files=[pdf_upload("证明.pdf")])
    attachment = appeal.attachments.get()
    portal_url = reverse("contests:appeal_attachment", kwargs={"appeal_id": appeal.pk, "file_id": attachment.pk})
    admin_url = reverse("outcomes_publication:appeal_file", args=[appeal.pk, attachment.pk])
    with attachment.file.open("rb") as handle:
        content = handle.read()

    adviser = add_member(entry.team, role=TeamRole.ADVISER)
    allowed = [(leader_of(entry.team), portal_url), (adviser, portal_url), (boss, portal_url), (boss, admin_url)]
    for user, url in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (user, url)
        assert b"".join(response.streaming_content) == content
        assert response["X-Content-Type-Options"] == "nosniff"  # consuming the content closed the response

    client.force_login(leader_of(entries[1].team))
    assert client.get(portal_url).status_code == 404
    assert client.get(admin_url).status_code in (302, 403)
    client.logout()
    assert client.get(portal_url).status_code == 302


# Review ------------------------------------------------------------------------------------------


def test_review_records_the_outcome_audits_it_and_tells_the_team(setup, boss, django_capture_on_commit_callbacks):
    _round, _publication, entries = setup
    entry = entries[0]
    appeal = file_appeal(entry, user=leader_of(entry.team), reasons=REASONS)
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = review_appeal(appeal, actor=boss, upheld=True, review="经复核，第三项评分有误，已退回评委重评。")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.reviewed_by, appeal.review) == (
        AppealStatus.UPHELD, boss, "经复核，第三项评分有误，已退回评委重评。",
    )  # fmt: skip
    assert reviewed.reviewed_at is not None
    event = AuditEvent.objects.get(action="appeal.review")
    assert (event.before["status"], event.after["status"], event.actor) == ("pending", "upheld", boss)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in entry.team.memberships.all())
    assert "申诉成立" in mail.outbox[0].subject

    with pytest.raises(ContestError, match="已复核"):
        review_appeal(appeal, actor=boss, upheld=False, review="改为驳回。")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD


def test_review_without_reasons_or_by_a_non_organiser_is_refused(setup, boss):
    _round, _publication, entries = setup
    leader = leader_of(entries[0].team)
    appeal = file_appeal(entries[0], user=leader, reasons=REASONS)
    with pytest.raises(ContestError, match="请填写复核意见"):
        review_appeal(appeal, actor=boss, upheld=False, review="   ")
    with pytest.raises(ContestError, match="只有大赛组织者"):
        review_appeal(appeal, actor=leader, upheld=True, review="我们自己认为成立。")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.review, appeal.reviewed_by) == (AppealStatus.PENDING, "", None)
    assert not AuditEvent.objects.filter(action="appeal.review").exists()


def test_admin_review_page_needs_reasons_then_records_and_the_team_sees_it(client, setup, boss):
    round_, _publication, entries = setup
    entry = entries[0]
    appeal = file_appeal(entry, user=leader_of(entry.team), reasons=REASONS, files=[pdf_upload("证明.pdf")])
    client.force_login(boss)
    url = reverse("outcomes_publication:appeal", args=[appeal.pk])
    page = client.get(url).content.decode()
    assert REASONS in page and "证明.pdf" in page
    assert reverse("judging_rounds:why", args=[round_.pk, entry.pk]) in page  # the recorded ways to change a result

    missing = client.post(url, {"decision": "rejected", "review": "", "confirm": "on"})
    assert "请填写复核意见" in missing.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING

    client.post(url, {"decision": "rejected", "review": "经复核，评分符合评审标准，维持原结果。", "confirm": "on"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REJECTED
    round_page = client.get(reverse("outcomes_publication:round", args=[round_.pk])).content.decode()
    assert "申诉驳回" in round_page

    client.force_login(leader_of(entry.team))
    portal = client.get(reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_.pk}))
    text = portal.content.decode()
    assert "申诉驳回" in text and "经复核，评分符合评审标准，维持原结果。" in text


def test_an_oversized_request_is_refused_before_its_body_is_read(client, setup):
    round_, _publication, entries = setup
    entry = entries[0]
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_.pk})
    response = client.post(
        url, {"reasons": REASONS, "confirm": "on"}, CONTENT_LENGTH=str(40 * 1024 * 1024), follow=True
    )
    assert "上传的材料过大" in response.content.decode()
    assert not Appeal.objects.exists()
