"""A round under winner due diligence: four ranked entries of one track, published now; 一等奖 and
二等奖 (quota 1 each) granted to the first two by the proposal; a request for licences and an
originality statement, due in five days."""

import io
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contests.models import AwardCategory, AwardLevel, DueDiligenceCase
from contests.services.outcomes.awards import apply_proposals
from contests.services.outcomes.due_diligence import require_due_diligence
from contests.services.outcomes.publication import publish_results
from tests.contests.factories.entries import leader_of, pdf_upload
from tests.contests.factories.judging import scored_round

KINDS = ["licences", "originality"]


def png_upload(name="许可证明.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def dd_world(boss, *, entries=4, request=True):
    round_, made = scored_round(entries=entries, notice_days=5)
    contest = round_.contest
    first = AwardCategory.objects.create(
        contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=1, per_track=True, sort_order=0
    )
    second = AwardCategory.objects.create(
        contest=contest, name="二等奖", level=AwardLevel.SECOND, quota=1, per_track=True, sort_order=1
    )
    now = timezone.now()
    publication = publish_results(round_, actor=boss, now=now)
    apply_proposals(round_, actor=boss)
    world = SimpleNamespace(
        round=round_, contest=contest, entries=made, first=first, second=second, publication=publication, now=now
    )
    if request:
        world.request = require_due_diligence(
            round_, actor=boss, documents=KINDS, instructions="请提交许可证明和原创性声明。",
            deadline=now + timedelta(days=5), now=now,
        )  # fmt: skip
        world.case = DueDiligenceCase.objects.get(award__entry=made[0])
        world.second_case = DueDiligenceCase.objects.get(award__entry=made[1])
        world.leader = leader_of(made[0].team)
    return world


def hand_in(case, user, *, now=None):
    """Upload one file of every requested kind and submit; returns the submitted case."""
    from contests.services.outcomes.due_diligence import add_document, submit_case

    for kind in case.request.documents:
        add_document(case, user=user, kind=kind, upload=pdf_upload(f"{kind}.pdf"), now=now)
    case.refresh_from_db()
    return submit_case(case, user=user, version=case.version, now=now)
