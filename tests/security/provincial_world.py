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
    track_quota = sweep_division_setup(jinan, judging)
    calibration = sweep_calibration_world(judging, boss)
    judging.division_rounds = division_rounds_world(judging, jinan, qingdao)
    identity = sweep_identity_world(judging, boss)  # real names and unit vetting (branch identity)
    sweep_entry_forms_world(judging)
    return SimpleNamespace(
        track_quota=track_quota,
        calibration=calibration,
        identity=identity,
        division=jinan,
        other_division=qingdao,
        manager=manager,
        other_manager=other_manager,
        expert=expert,
        lead=lead,
        contact=contact,
        pool=expert_pool_world(judging, boss, expert),
        users={
            "division_manager": manager,
            "expert": expert_user,
            "lead_judge": lead_user,
            "unit_contact": contact_user,
        },
    )


def sweep_division_setup(division, judging):
    """Branch `divisions`: a per-track quota of the 济南 division (its admin pages are swept)."""
    from contests.models import DivisionTrackQuota

    return DivisionTrackQuota.objects.create(division=division, track=judging.track, quota=1)


def sweep_calibration_world(judging, boss):
    """Branch ``calibration``: an anchor (the swept entry) in the judging round, which has a
    consensus step, so that the calibration and lead judge pages have something to refuse."""
    from contests.models import CalibrationAnchor

    round_ = judging.round
    round_.consensus_required = True
    round_.save(update_fields=["consensus_required"])
    anchor = CalibrationAnchor.objects.create(round=round_, entry=judging.entry, code="0123456789abcdef", added_by=boss)
    return SimpleNamespace(anchor=anchor)


def division_rounds_world(judging, jinan, qingdao):
    """Branch division-rounds: a divisional round (number 5) of the judging contest and the provincial
    round after it; a 济南 entry in it with a 济南 division judge, and a 青岛 entry with computed results."""
    from contests.choices import EntryStatus
    from contests.models import RoundResult
    from tests.contests.factories import RoundFactory, TeamFactory
    from tests.contests.factories.judging import JudgeFactory, eligible_entry, make_rubric

    contest = judging.contest
    first = RoundFactory(contest=contest, number=5, divisional=True)
    make_rubric(first)
    RoundFactory(contest=contest, number=6, same_city_recusal=True)
    JudgeFactory(contest=contest, tracks=[judging.track], division=jinan, city=city("jinan"))
    for division, name in ((jinan, "济南初赛团队"), (qingdao, "青岛初赛团队")):
        team = TeamFactory(contest=contest, name=name, division=division, city=division.node)
        entry = eligible_entry(contest, judging.track, team=team, title=f"{name}作品")
        entry.status, entry.current_round = EntryStatus.ELIGIBLE, first
        entry.save(update_fields=["status", "current_round"])
    RoundResult.objects.create(
        round=first, entry=entry, track=judging.track, division=qingdao, rank=1, score=80, computed_at=timezone.now()
    )
    return SimpleNamespace(round=first, division=jinan, other_division=qingdao)


def expert_pool_world(judging, boss, expert):
    """The expert pool (branch ``experts``): the pool expert's domain, a recorded draw of the judging
    round that drew nobody (so nobody declined: a re-draw is refused), and an invited expert without an
    account whose invitation link the sweep opens."""
    from contests.models import ExpertDraw
    from contests.services.experts.pool import invitation_token
    from tests.scenes.factories import DomainFactory

    domain = DomainFactory(name="专家库领域", slug="sweep-experts")
    expert.domains.set([domain])
    draw = ExpertDraw.objects.create(round=judging.round, seed="sweep", count=1, drawn_by=boss, outcome=[])
    draw.domains.set([domain])
    invited = Expert.objects.create(
        name="受邀专家", email="invited.expert@sweep.example", organisation="某研究院", status=ExpertStatus.ACTIVE
    )
    return SimpleNamespace(domain=domain, draw=draw, invited=invited, token=invitation_token(invited))


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


def sweep_entry_forms_world(judging):
    """Branch entry-forms: a file question asked at submission (answered by the draft's upload) and
    a finalist question of the open round, which the draft is marked as having reached (its
    materials page then exists; the round has opened, so nothing can be saved there)."""
    from contests.models import Entry, EntryFormField
    from contests.models.entry_forms import FieldKind

    judging.file_question = EntryFormField.objects.create(
        contest=judging.contest, key="sweep_file", label="受测文件问题", kind=FieldKind.FILE
    )
    judging.materials_question = EntryFormField.objects.create(
        contest=judging.contest, key="sweep_final", label="受测决赛材料", round=judging.round
    )
    Entry.objects.filter(pk=judging.draft.pk).update(current_round=judging.round)
    judging.draft.current_round = judging.round
