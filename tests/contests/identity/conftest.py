"""A contest that requires real names (身份证 + 学生证或单位证明) with two divisions: 济南 holds
``team`` (leader, a member, an adviser), 青岛 holds ``rival``; a manager for each division."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.validators import credit_code_check_char
from contests.choices import TeamRole
from contests.models import Division, RealNameRule
from contests.services import identity
from tests.contests.factories import ContestFactory, TeamFactory, UserFactory
from tests.contests.factories.entries import add_member, leader_of, pdf_upload
from tests.scenes.factories import city


def credit_code(body="91370100MA3C00000"):
    return body + credit_code_check_char(body)


def png_upload(name="身份证.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def approved(contest, user, boss, *, name="张三"):
    """Upload, submit and approve ``user``'s proof through the services."""
    identity.add_document(contest, user=user, kind="id_card", upload=png_upload())
    identity.add_document(contest, user=user, kind="student_card", upload=pdf_upload("学生证.pdf"))
    proof = identity.submit_proof(contest, user=user, legal_name=name)
    return identity.review_proof(proof, actor=boss, approved=True, version=proof.version)


@pytest.fixture
def world():
    contest = ContestFactory(real_name_rule=RealNameRule.EITHER, identity_retention_days=180)
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=2)
    qingdao = Division.objects.create(contest=contest, node=city("qingdao"), name="青岛分赛区", slug="qingdao", quota=2)
    team = TeamFactory(contest=contest, division=jinan, organisation="山东大学", credit_code=credit_code())
    rival = TeamFactory(contest=contest, division=qingdao, organisation="青岛大学")
    member = add_member(team)
    adviser = add_member(team, role=TeamRole.ADVISER)
    manager = UserFactory(email="jinan.manager@example.org")
    jinan.managers.add(manager)
    other_manager = UserFactory(email="qingdao.manager@example.org")
    qingdao.managers.add(other_manager)
    return SimpleNamespace(
        contest=contest, jinan=jinan, qingdao=qingdao, team=team, rival=rival, leader=leader_of(team),
        member=member, adviser=adviser, rival_leader=leader_of(rival), manager=manager,
        other_manager=other_manager,
    )  # fmt: skip
