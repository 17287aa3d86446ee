"""Real-name pages: the member's page, uploads and submission; the division manager's and the
organiser's review with permission-checked downloads; 404s outside each person's scope; constant
query counts on the review lists."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.models import IdentityDocument, IdentityProof, ProofStatus
from contests.services import identity as service
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import add_member, pdf_upload
from tests.contests.identity.conftest import png_upload

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def pending(world, user, name="李四"):
    service.add_document(world.contest, user=user, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=user, kind="student_card", upload=pdf_upload("学生证.pdf"))
    return service.submit_proof(world.contest, user=user, legal_name=name)


def div_url(name, world, division=None, **kwargs):
    division = division or world.jinan
    return reverse(
        f"contests:divisions:{name}",
        kwargs={"contest_slug": world.contest.slug, "division_slug": division.slug, **kwargs},
    )


def test_member_uploads_and_submits_through_the_pages(world):
    client = client_for(world.member)
    url = reverse("contests:identity", kwargs={"contest_slug": world.contest.slug})
    page = client.get(url)
    assert page.status_code == 200 and "身份证" in page.text and "未提交" in page.text
    response = client.post(url, {"kind": "id_card", "file": png_upload()})
    assert response.status_code == 302
    client.post(url, {"kind": "company_proof", "file": pdf_upload("在职证明.pdf")})
    assert IdentityDocument.objects.filter(proof__user=world.member).count() == 2
    # Hostile input: an unknown kind, no file, a script disguised as an image: nothing stored.
    client.post(url, {"kind": "../../etc", "file": png_upload()})
    client.post(url, {"kind": "id_card"})
    assert IdentityDocument.objects.filter(proof__user=world.member).count() == 2
    submit = reverse("contests:identity_submit", kwargs={"contest_slug": world.contest.slug})
    proof = IdentityProof.objects.get(user=world.member)
    assert "确认提交" in client.get(submit).text
    refused = client.post(submit, {"legal_name": "李四", "version": proof.version})  # not confirmed
    assert refused.status_code == 400
    assert IdentityProof.objects.get(pk=proof.pk).status == ProofStatus.DRAFT
    too_long = client.post(submit, {"legal_name": "长" * 51, "version": proof.version, "confirm": "on"})
    assert too_long.status_code == 400
    done = client.post(submit, {"legal_name": "李四", "version": proof.version, "confirm": "on"})
    assert done.status_code == 302
    assert IdentityProof.objects.get(pk=proof.pk).status == ProofStatus.PENDING
    document = IdentityDocument.objects.filter(proof=proof).first()
    own = client.get(
        reverse("contests:identity_file", kwargs={"contest_slug": world.contest.slug, "document_id": document.pk})
    )
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment")
    assert "no-store" in own["Cache-Control"]
    assert b"".join(own.streaming_content)


def test_outsiders_get_404_on_the_member_pages(world):
    proof = pending(world, world.member)
    document = proof.documents.first()
    file_url = reverse(
        "contests:identity_file", kwargs={"contest_slug": world.contest.slug, "document_id": document.pk}
    )
    # A team mate sees their own page, never another member's file.
    assert client_for(world.leader).get(file_url).status_code == 404
    assert client_for(world.rival_leader).get(file_url).status_code == 404
    stranger = UserFactory()
    assert client_for(stranger).get(reverse("contests:identity", args=[world.contest.slug])).status_code == 404


def test_division_manager_reviews_own_division_and_gets_404_outside(world, django_capture_on_commit_callbacks):
    proof = pending(world, world.member)
    rival_proof = pending(world, world.rival_leader, "王五")
    manager = client_for(world.manager)
    listing = manager.get(div_url("identity", world))
    assert listing.status_code == 200 and "李四" in listing.text and "王五" not in listing.text
    document = proof.documents.first()
    download = manager.get(div_url("identity_file", world, proof_id=proof.pk, document_id=document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment") and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content)
    # 青岛's proof and files: 404 through 济南's pages; 青岛's pages: 404 for 济南's manager.
    rival_doc = rival_proof.documents.first()
    assert manager.get(div_url("identity_review", world, proof_id=rival_proof.pk)).status_code == 404
    assert (
        manager.get(div_url("identity_file", world, proof_id=rival_proof.pk, document_id=rival_doc.pk)).status_code
        == 404
    )
    assert manager.get(div_url("identity_file", world, proof_id=proof.pk, document_id=rival_doc.pk)).status_code == 404
    assert manager.get(div_url("identity", world, division=world.qingdao)).status_code == 404
    assert client_for(world.member).get(div_url("identity", world)).status_code == 404
    review = div_url("identity_review", world, proof_id=proof.pk)
    # 驳回 without a reason, or without the confirmation: refused, nothing changed.
    assert (
        manager.post(
            review, {"decision": "reject", "reason": "", "version": proof.version, "confirm": "on"}
        ).status_code
        == 400
    )
    assert manager.post(review, {"decision": "approve", "version": proof.version}).status_code == 400
    assert manager.post(review, {"decision": "maybe", "version": proof.version, "confirm": "on"}).status_code == 400
    assert IdentityProof.objects.get(pk=proof.pk).status == ProofStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        done = manager.post(review, {"decision": "approve", "version": proof.version, "confirm": "on"})
    assert done.status_code == 302
    assert IdentityProof.objects.get(pk=proof.pk).status == ProofStatus.APPROVED
    # A second reviewer with the old version: refused (optimistic lock).
    stale = client_for(world.manager).post(
        review, {"decision": "reject", "reason": "x", "version": proof.version, "confirm": "on"}
    )
    assert stale.status_code == 400


def test_organiser_reviews_in_the_admin_with_filters(world, boss):
    proof = pending(world, world.member)
    pending(world, world.rival_leader, "王五")
    client = client_for(boss)
    listing = client.get(
        reverse("identity_admin"), {"status": "pending", "contest": world.contest.pk, "division": world.jinan.pk}
    )
    assert listing.status_code == 200 and "李四" in listing.text and "王五" not in listing.text
    assert "王五" in client.get(reverse("identity_admin"), {"contest": world.contest.pk, "status": "all"}).text
    document = proof.documents.first()
    download = client.get(reverse("identity_admin_file", kwargs={"pk": proof.pk, "document_id": document.pk}))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)
    response = client.post(
        reverse("identity_admin_review", args=[proof.pk]),
        {"decision": "reject", "reason": "证件过期", "version": proof.version, "confirm": "on"},
    )
    assert response.status_code == 302
    assert IdentityProof.objects.get(pk=proof.pk).status == ProofStatus.REJECTED
    # Other staff: no admin page for them.
    manager = client_for(world.manager)
    assert manager.get(reverse("identity_admin")).status_code in (302, 403)


def test_team_page_and_dashboard_show_each_members_status(world, boss):
    pending(world, world.member)
    client = client_for(world.leader)
    team_page = client.get(reverse("contests:team_detail", args=[world.team.pk]))
    assert "待审" in team_page.text and "未提交" in team_page.text and "单位确认" in team_page.text
    dashboard = client.get(reverse("contests:dashboard"))
    assert "实名：待审" in dashboard.text and "我的实名认证" in dashboard.text


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, people):
    while IdentityProof.objects.filter(contest=world.contest).count() < people:
        team = TeamFactory(contest=world.contest, division=world.jinan)
        for user in [team.created_by, add_member(team)]:
            IdentityProof.objects.create(
                contest=world.contest, user=user, legal_name="某某", status=ProofStatus.PENDING
            )


def test_review_lists_keep_their_query_count_with_more_people(world, boss):
    manager, organiser = client_for(world.manager), client_for(boss)
    urls = [
        (manager, div_url("identity", world)),
        (organiser, reverse("identity_admin") + f"?contest={world.contest.pk}"),
    ]
    _grow(world, 4)
    small = [_count(c, u) for c, u in urls]
    _grow(world, 60)  # more than a page (50)
    large = [_count(c, u) for c, u in urls]
    assert small == large
