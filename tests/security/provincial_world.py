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
    sweep_entry_forms_world(judging)
    return SimpleNamespace(
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
