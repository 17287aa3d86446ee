"""The world of the permission sweep: one of every kind of object a URL can address, and one user
per role, built once per module (inside a transaction rolled back when the module ends) because
the sweep makes well over a thousand requests against it.

Two contests: "judging" has a round open now with a judged entry, a ready draft and an invited
judge; "results" has a final round whose results are published, with an award (certificate), an
appeal with an attachment and a public winner page. The same two users lead the teams of both.
"""

import gc
import os
import warnings
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from cms.demo import ensure_user, load_site
from cms.models import HomePage, StandardPage
from contests.choices import EntryStatus, RoundKind
from contests.models import (
    AwardCategory,
    AwardLevel,
    ConflictFlag,
    ConflictSource,
    ContestIndexPage,
    ContestPage,
    ExportJob,
    ExportStatus,
    JudgeStatus,
    RoundResult,
)
from contests.services.judging.judges import invitation_token as judge_invitation_token
from contests.services.judging.judges import invite_judge
from contests.services.outcomes.appeals import file_appeal
from contests.services.outcomes.awards import grant_award
from contests.services.outcomes.publication import publish_results
from contests.services.submission import submit_entry
from contests.services.tokens import invitation_token as team_invitation_token
from scenes.models import NeedComment, NeedIndexPage, SceneIndexPage, SolutionIndexPage
from scenes.services.editorial import ensure_editorial_setup
from tests.contests.datadesk.builders import sweep_data_desk_world
from tests.contests.factories import (
    ContestFactory,
    InvitationFactory,
    RoundFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
)
from tests.contests.factories.entries import EntryFactory, add_member, attach, pdf_upload
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    organiser,
    submitted_score,
)
from tests.contests.surveys.sweep import sweep_surveys_world
from tests.contests.votes.sweep import sweep_votes_world
from tests.scenes.factories import (
    DataResourceFactory,
    DomainFactory,
    ImageFactory,
    ScenePageFactory,
    SolutionPageFactory,
    city,
)
from tests.scenes.needs_helpers import make_need
from tests.security.live_world import sweep_live_world
from tests.security.provincial_world import sweep_provincial_world

ROLES = (
    "anonymous",
    "team_member",
    "other_team",
    "judge_assigned",
    "judge_not_assigned",
    "judge_conflicted",
    "editor_own_city",
    "editor_other_city",
    "moderator",
    "organiser",
    "superuser",
    "unit_member",
    "other_unit",
    "signed_in",
    # Provincial scale (#18): see tests/security/provincial_world.py.
    "division_manager",
    "expert",
    "lead_judge",
    "unit_contact",
)


def _image_with_admin_thumbnail():
    """An image whose admin thumbnail (max-165x165) exists already: the admin's image rows then
    only read it. Making it leaves a temporary file to the garbage collector (Pillow/Wagtail), whose
    warning would surface in whichever sweep row ran next."""
    image = ImageFactory(title="公开图片")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        image.get_rendition("max-165x165")
        gc.collect()
    return image


def _showcase(home):
    scene_index = SceneIndexPage(title="应用场景", slug="scenes", show_in_menus=True)
    home.add_child(instance=scene_index)
    solution_index = SolutionIndexPage(title="解决方案", slug="solutions", show_in_menus=True)
    home.add_child(instance=solution_index)
    moderators, city_groups, _workflow = ensure_editorial_setup(scene_index, solution_index)
    private = StandardPage(title="内部资料", slug="members-only")
    home.add_child(instance=private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    document = get_document_model().objects.create(title="公开文件", file=ContentFile(b"%PDF-1.4\n", name="open.pdf"))
    need_index = NeedIndexPage(title="应用需求", slug="needs", show_in_menus=True)
    home.add_child(instance=need_index)
    need = make_need(need_index, title="济南公开需求", slug="jinan-need")
    commenter = ensure_user("commenter@example.com", "pw", real_name="评论人")
    return SimpleNamespace(
        need_index=need_index,
        need=need,
        need_comment=NeedComment.objects.create(need=need, author=commenter, body="公开评论"),
        scene_index=scene_index,
        solution_index=solution_index,
        scene=ScenePageFactory(parent=scene_index, title="济南公开场景", slug="jinan-live", node=city("jinan")),
        draft_scene=ScenePageFactory(
            parent=scene_index, title="济南草稿场景", slug="jinan-draft", node=city("jinan"), live=False
        ),
        solution=SolutionPageFactory(parent=solution_index, title="公开方案", slug="open-solution"),
        private_page=private,
        domain=DomainFactory(name="教育", slug="education"),
        data_resource=DataResourceFactory(name="公开数据资源", slug="open-resource"),
        document=document,
        image=_image_with_admin_thumbnail(),
        moderators=moderators,
        city_groups=city_groups,
    )


def _judging_contest(leader, rival, boss):
    contest = ContestFactory(slug="sweep-judging", max_entries_per_team=2)
    round_ = open_round(contest, judges_per_entry=2)
    make_rubric(round_)
    team = TeamFactory(contest=contest, name="受测团队", organisation="受测单位", created_by=leader)
    member = add_member(team)
    entry = EntryFactory(team=team, contest=contest, title="受测作品")
    entry_file = attach(entry)
    revision, _created = submit_entry(entry, leader)
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)
    entry.refresh_from_db()
    draft = EntryFactory(team=team, contest=contest, track=entry.track, title="受测草稿")
    attach(draft)
    other_team = TeamFactory(contest=contest, name="别的团队", created_by=rival)
    other_entry = eligible_entry(contest, entry.track, team=other_team, title="别队作品")
    judges = {
        "assigned": JudgeFactory(contest=contest, tracks=[entry.track]),
        "not_assigned": JudgeFactory(contest=contest, tracks=[entry.track]),
        # Works at the team's organisation, found after assignment: flagged to the organiser, and the
        # judge keeps the entry until the organiser decides (tests/contests/test_conflict_flags.py).
        "conflicted": JudgeFactory(contest=contest, tracks=[entry.track], organisation="受测单位"),
    }
    mine = assign(round_, entry, judges["assigned"])
    theirs = assign(round_, other_entry, judges["not_assigned"])
    score = submitted_score(theirs, [20, 20, 15, 15, 8], comment="另一位评委的评语，内容完整，超过二十字的最低要求。")
    conflicted = assign(round_, entry, judges["conflicted"])
    conflict_flag = ConflictFlag.objects.create(
        assignment=conflicted, reasons="评委与团队或其成员属同一单位", source=ConflictSource.SCAN
    )
    invited = JudgeFactory(contest=contest, user=None, email="invited@judges.example", status=JudgeStatus.NEW)
    judge_invitation = invite_judge(invited, actor=boss)
    team_invitation = InvitationFactory(team=team, email="invitee@example.org")
    export = ExportJob.objects.create(contest=contest, kind="entries", requested_by=boss, status=ExportStatus.DONE)
    export.file.save("sweep.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=False)
    export.filename = "sweep.xlsx"
    export.save()
    return SimpleNamespace(
        contest=contest,
        round=round_,
        track=entry.track,
        team=team,
        member=member,
        entry=entry,
        entry_file=entry_file,
        receipt=revision.receipt_code,
        draft=draft,
        other_team=other_team,
        other_entry=other_entry,
        judges=judges,
        assignment=mine,
        conflicted_assignment=conflicted,
        conflict_flag=conflict_flag,
        score=score,
        judge_invitation_token=judge_invitation_token(judge_invitation),
        team_invitation=team_invitation,
        team_invitation_token=team_invitation_token(team_invitation),
        export=export,
    )


def _results_contest(leader, rival, boss, home):
    contest = ContestFactory(slug="sweep-results", notice_days=5)
    round_ = RoundFactory(contest=contest, number=1, kind=RoundKind.FINAL)
    make_rubric(round_)
    team = TeamFactory(contest=contest, name="获奖团队", created_by=leader)
    entry = eligible_entry(contest, TrackFactory(contest=contest), team=team, title="获奖作品")
    other_team = TeamFactory(contest=contest, name="别的获奖团队", created_by=rival)
    other_entry = eligible_entry(contest, entry.track, team=other_team, title="别队获奖作品")
    for rank, ranked in enumerate((entry, other_entry), start=1):
        RoundResult.objects.create(
            round=round_, entry=ranked, track=entry.track, rank=rank, score=90 - rank, trimmed_mean=90 - rank,
            total=(90 - rank) * 5, judges_scored=3, judges_assigned=3, computed_at=timezone.now(),
        )  # fmt: skip
    publication = publish_results(round_, actor=boss, now=timezone.now())
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=2)
    award = grant_award(entry, category, round_=round_, actor=boss, rank=1, reason="按总分排名")
    grant_award(other_entry, category, round_=round_, actor=boss, rank=2, reason="按总分排名")
    upload = pdf_upload("申诉材料.pdf")
    appeal = file_appeal(entry, user=leader, reasons="评分记录中第三位评委的分数疑似录入错误，请复核。", files=[upload])
    index = ContestIndexPage(title="大赛", slug="contests")
    home.add_child(instance=index)
    page = ContestPage(title="结果大赛", slug="sweep-results", contest=contest)
    index.add_child(instance=page)
    return SimpleNamespace(
        contest=contest,
        round=round_,
        team=team,
        entry=entry,
        other_entry=other_entry,
        publication=publication,
        category=category,
        award=award,
        appeal=appeal,
        attachment=appeal.attachments.get(),
        index_page=index,
        page=page,
    )


def _finalists_contest(leader, rival, boss):
    """Finalist confirmation (晋级确认): round 1 ranked, the top 2 advanced with confirmation required;
    the leader's entry is pending, the rival's has declined (its place can be filled), a third waits."""
    from datetime import timedelta

    from contests.models.outcomes import AdvancementMethod
    from contests.services.outcomes.advancement import confirm_advancement
    from contests.services.outcomes.finalists import respond

    contest = ContestFactory(slug="sweep-finalists")
    first = RoundFactory(contest=contest, number=1)
    final = RoundFactory(contest=contest, number=2, kind=RoundKind.FINAL)
    track = TrackFactory(contest=contest)
    entry = eligible_entry(contest, track, team=TeamFactory(contest=contest, created_by=leader), title="晋级作品")
    other = eligible_entry(contest, track, team=TeamFactory(contest=contest, created_by=rival), title="别队晋级作品")
    waiting = eligible_entry(contest, track, title="候补作品")
    for rank, ranked in enumerate((entry, other, waiting), start=1):
        RoundResult.objects.create(
            round=first, entry=ranked, track=track, rank=rank, score=90 - rank, trimmed_mean=90 - rank,
            total=(90 - rank) * 3, judges_scored=3, judges_assigned=3, computed_at=timezone.now(),
        )  # fmt: skip
    decision = confirm_advancement(
        first, next_round=final, method=AdvancementMethod.TOP_N, parameter=2, actor=boss,
        confirmation_deadline=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    declined = respond(decision.finalists.get(entry=other), user=rival, accept=False, reason="无法参赛")
    return SimpleNamespace(
        contest=contest, decision=decision, confirmation=decision.finalists.get(entry=entry), declined=declined
    )


def _due_diligence(results, leader, boss):
    """Winner due diligence of the results round: the team's case handed in (submitted: nothing more
    can change it from the portal), with one document; the other team's case still open."""
    from contests.models import DueDiligenceCase
    from contests.services.outcomes.due_diligence import add_document, require_due_diligence, submit_case

    dd_request = require_due_diligence(
        results.round, actor=boss, documents=["licences"], deadline=timezone.now() + timedelta(days=5)
    )
    case = DueDiligenceCase.objects.get(request=dd_request, award=results.award)
    document = add_document(case, user=leader, kind="licences", upload=pdf_upload("许可证明.pdf"))
    case.refresh_from_db()
    case = submit_case(case, user=leader, version=case.version)
    return SimpleNamespace(request=dd_request, case=case, document=document)


def _units(datadesk, judging, leader):
    """The unit workspace's objects: the data desk's unit, its member (the ``unit_member`` role) and its
    赛题; a finding and an open-data request about a resource it owns; another unit with its own member
    (``other_unit``); a signed-in person with no role at all (``signed_in``, who asks and comments)."""
    from contests.models import DataFinding
    from scenes.models import Unit, UnitMember
    from scenes.services.open_data import ask

    membership = UnitMember.objects.get(unit=datadesk.unit, user=datadesk.unit_user)
    resource = datadesk.offer.resource
    resource.owner_unit = datadesk.unit
    resource.save(update_fields=["owner_unit"])
    finding = DataFinding.objects.create(
        entry=judging.draft,
        resource=resource,
        category="missing",
        description="缺少区县字段",
        reported_by=leader,
        reported_at=timezone.now(),
    )
    reader = UserFactory(email="reader@sweep.example")
    other_unit = Unit.objects.create(name="别的出题单位", slug="sweep-other-unit")
    other_member = UserFactory(email="other-unit@sweep.example")
    UnitMember.objects.create(unit=other_unit, user=other_member)
    return SimpleNamespace(
        unit=datadesk.unit,
        member=datadesk.unit_user,
        membership=membership,
        challenge=datadesk.challenge,
        offer=datadesk.offer,
        file=datadesk.file,
        finding=finding,
        open_request=ask(resource, reader, "研究用途"),
        reader=reader,
        other_member=other_member,
    )


def _adoption(results, units, showcase, leader):
    """落地: the results entry promoted (so its team may log milestones while the results are not yet
    final), with a milestone waiting in 济南 at the sweep's unit, with one evidence file."""
    from contests.models import AdoptionMilestone, MilestoneEvidence, Promotion
    from scenes.models import Node

    Promotion.objects.create(entry=results.entry, provider=showcase.solution.provider, promoted_by=leader)
    milestone = AdoptionMilestone.objects.create(
        entry=results.entry,
        kind="go_live",
        title="在济南正式上线",
        happened_on=timezone.localdate(),
        node=Node.objects.get(slug="jinan"),
        unit=units.unit,
        created_by=leader,
    )
    evidence = MilestoneEvidence(
        milestone=milestone, original_name="上线通知.pdf", content_type="application/pdf", size=4,
        sha256="0" * 64, uploaded_by=leader,
    )  # fmt: skip
    evidence.file.save("upload", ContentFile(b"%PDF"), save=False)
    evidence.save()
    return SimpleNamespace(milestone=milestone, evidence=evidence)


def build_world():
    load_site(None, {})
    home = HomePage.objects.get()
    showcase = _showcase(home)
    boss = organiser(email="organiser@sweep.example")
    leader = UserFactory(email="leader@sweep.example")
    rival = UserFactory(email="rival@sweep.example")
    judging = _judging_contest(leader, rival, boss)
    datadesk = sweep_data_desk_world(judging, boss)
    results = _results_contest(leader, rival, boss, home)
    _finalists_contest(leader, rival, boss)  # found again by tests.security.access_table._finalists
    results.due_diligence = _due_diligence(results, leader, boss)
    own_editor = ensure_user("jinan.editor@sweep.example", "pw", is_staff=True)
    own_editor.groups.add(showcase.city_groups["jinan"])
    other_editor = ensure_user("qingdao.editor@sweep.example", "pw", is_staff=True)
    other_editor.groups.add(showcase.city_groups["qingdao"])
    moderator = ensure_user("moderator@sweep.example", "pw", is_staff=True)
    moderator.groups.add(showcase.moderators)
    superuser = get_user_model().objects.create_superuser(email="root@sweep.example", password="pw")
    users = {
        "anonymous": None,
        "team_member": leader,
        "other_team": rival,
        "judge_assigned": judging.judges["assigned"].user,
        "judge_not_assigned": judging.judges["not_assigned"].user,
        "judge_conflicted": judging.judges["conflicted"].user,
        "editor_own_city": own_editor,
        "editor_other_city": other_editor,
        "moderator": moderator,
        "organiser": boss,
        "superuser": superuser,
    }
    units = _units(datadesk, judging, leader)
    users |= {"unit_member": units.member, "other_unit": units.other_member, "signed_in": units.reader}
    provincial = sweep_provincial_world(judging, boss)
    users |= provincial.users
    assert tuple(users) == ROLES
    adoption = _adoption(results, units, showcase, leader)
    world = SimpleNamespace(
        home=home,
        showcase=showcase,
        judging=judging,
        results=results,
        datadesk=datadesk,
        units=units,
        users=users,
        adoption=adoption,
        provincial=provincial,
    )
    world.surveys = sweep_surveys_world(leader, rival, boss)  # tracking surveys (#17)
    world.votes = sweep_votes_world(boss)  # the public vote (#19)
    world.live = sweep_live_world(judging, boss, leader)  # the live final (#19, branch live)
    return world


@pytest.fixture(scope="module")
def sweep_world_once(django_db_setup, django_db_blocker):
    """The world, created once per module; every test's own changes roll back with its test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            # One signed-in client per role, for the whole module (their sessions live in the
            # module's transaction, so a test's rollback never signs anyone out).
            world.clients = {}
            for role, user in world.users.items():
                world.clients[role] = Client(raise_request_exception=bool(os.environ.get("SWEEP_RAISE")))
                if user is not None:
                    world.clients[role].force_login(user)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def sweep_world(sweep_world_once, db):
    # ``db`` opens the test's own savepoint inside the module's transaction.
    return sweep_world_once
