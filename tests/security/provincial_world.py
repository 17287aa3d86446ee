"""The sweep's provincial-scale part (#18): two divisions of the judging contest (济南 holds the swept
team, 青岛 the rival's), a division manager of 济南, a pool expert who judges nothing here, a lead
judge of the swept track and an approved contact person of the swept team's organisation."""

from types import SimpleNamespace

from django.utils import timezone

from contests.models import Division, Expert, ExpertStatus, LeadJudge, OrganisationContact
from tests.contests.factories import UserFactory
from tests.scenes.factories import city


def sweep_provincial_world(judging, boss):
    contest = judging.contest
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=2)
    qingdao = Division.objects.create(contest=contest, node=city("qingdao"), name="青岛分赛区", slug="qingdao", quota=2)
    manager = UserFactory(email="division@sweep.example", real_name="济南分赛区管理员")
    jinan.managers.add(manager)
    other_manager = UserFactory(email="qingdao.division@sweep.example")
    qingdao.managers.add(other_manager)
    judging.team.division = jinan
    judging.team.save(update_fields=["division"])
    judging.other_team.division = qingdao
    judging.other_team.save(update_fields=["division"])
    expert_user = UserFactory(email="expert@sweep.example", real_name="库内专家")
    expert = Expert.objects.create(
        user=expert_user,
        name="库内专家",
        email="expert@sweep.example",
        organisation="省大数据研究院",
        city=city("qingdao"),
        status=ExpertStatus.ACTIVE,
        approved_by=boss,
        approved_at=timezone.now(),
    )
    lead_user = UserFactory(email="lead@sweep.example", real_name="赛道主审")
    lead = LeadJudge.objects.create(contest=contest, track=judging.track, user=lead_user, appointed_by=boss)
    contact_user = UserFactory(email="contact@sweep.example", real_name="单位负责人")
    contact = OrganisationContact.objects.create(
        contest=contest,
        user=contact_user,
        organisation=judging.team.organisation,
        approved_by=boss,
        approved_at=timezone.now(),
    )
    identity = sweep_identity_world(judging, boss)  # real names and unit vetting (branch identity)
    return SimpleNamespace(
        identity=identity,
        division=jinan,
        other_division=qingdao,
        manager=manager,
        other_manager=other_manager,
        expert=expert,
        lead=lead,
        contact=contact,
        users={
            "division_manager": manager,
            "expert": expert_user,
            "lead_judge": lead_user,
            "unit_contact": contact_user,
        },
    )


def sweep_identity_world(judging, boss):
    """Real names (实名) on the judging contest (身份证 + 学生证或单位证明): every member of both teams
    通过 (so the sweep's entry submissions still pass the gate), the swept leader's proof with one
    document; a pending request to become a contact person (单位负责人) for the organisers' approval."""
    from django.core.files.base import ContentFile

    from contests.models import IdentityDocument, IdentityProof, ProofStatus, RealNameRule, TeamMembership

    contest = judging.contest
    contest.real_name_rule = RealNameRule.EITHER
    contest.save(update_fields=["real_name_rule"])
    now = timezone.now()
    approved = {"status": ProofStatus.APPROVED, "submitted_at": now, "reviewed_by": boss, "reviewed_at": now}
    proofs = {
        m.user_id: IdentityProof.objects.create(contest=contest, user=m.user, legal_name=str(m.user), **approved)
        for m in TeamMembership.objects.filter(team__contest=contest).select_related("user")
    }
    proof = proofs[judging.team.created_by_id]
    document = IdentityDocument(
        proof=proof, kind="id_card", original_name="身份证.pdf", content_type="application/pdf", size=4,
        sha256="0" * 64,
    )  # fmt: skip
    document.file.save("upload", ContentFile(b"%PDF"), save=False)
    document.save()
    applicant = UserFactory(email="applicant@sweep.example")
    pending_contact = OrganisationContact.objects.create(contest=contest, user=applicant, organisation="申请单位")
    return SimpleNamespace(proof=proof, document=document, pending_contact=pending_contact)
