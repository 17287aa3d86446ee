"""Hostile input for the security suite: payloads, the checks that they stay inert, and a contest
whose every team-, judge- and editor-written text field carries one, stored through the real flows.

Each payload starts with a short tag naming its field (``xTN`` is the team name…), so a page can be
checked both ways: the payload shows up escaped where the field belongs, and the tag does not show
up at all where it must not (a judge never sees a team's identity).
"""

import io
import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.choices import EntryStatus, FileKind, OrganisationType
from contests.demo.entries import make_pdf
from contests.models import Entry, EntryFile, Score, Team
from scenes.choices import NodeKind
from scenes.models import Node

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
JS_URL = "javascript:alert(1)"
FORMULA = '=HYPERLINK("http://evil.example","x")'
# Characters a file name must never carry: RTL override (disguises "gpj.exe" as "exe.jpg"), NUL, newline.
CONTROL_NAMES = ["invoice\u202efdp.exe.pdf", "a\x00b.pdf", "line\nbreak.pdf", "tab\t.pdf"]
FORMULA_TRIGGERS = ("=", "+", "-", "@")


def payload(tag, *, short=False):
    """Hostile text for one field: markup, an attribute breakout and template syntax."""
    return f"{tag}{SCRIPT}{TEMPLATE}" if short else f"{tag}{IMG}{SCRIPT}{TEMPLATE}"


# Markup the payloads would become if a page printed them unescaped.
RAW_MARKUP = re.compile(r"<script>alert\(1\)|<img src=x onerror=|on\w+='alert\(1\)'|href=\"?javascript:", re.IGNORECASE)
# The same payloads as Django's escaping (or a JSON/JS string's) prints them.
ESCAPED_FORMS = (
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003Cscript\\u003Ealert(1)",
    "\\u003cscript\\u003ealert(1)",
)


def assert_inert(html, where):
    """No payload turned into markup, and no template syntax evaluated (49 right after a tag)."""
    found = RAW_MARKUP.search(html)
    assert found is None, f"{where}: unescaped payload {html[max(0, found.start() - 80) : found.end() + 80]!r}"
    evaluated = re.search(r"x[A-Z]{2}49", html)
    assert evaluated is None, f"{where}: template syntax evaluated near {evaluated.group()!r}"


def shows_escaped(html, tag):
    """Whether ``tag``'s payload appears on the page, escaped."""
    return any(f"{tag}{form}" in html or f"{tag}&quot;&gt;&lt;img" in html for form in ESCAPED_FORMS) or (
        f"{tag}&#x27;" in html or f"{tag}&#39;" in html
    )


def assert_cell_inert(value, where):
    """An exported cell never starts with a formula trigger that a spreadsheet would evaluate."""
    if isinstance(value, str) and value:
        assert not value.startswith(FORMULA_TRIGGERS), f"{where}: formula cell {value!r}"


# Tags of the fields (team identity: a judge must never see these).
TEAM_NAME, TEAM_ORG, REAL_NAME, USER_ORG = "xTN", "xTO", "xRN", "xUO"
ENTRY_TITLE, ENTRY_ABSTRACT, ENTRY_PROBLEM, FILE_NAME, COMMENT = "xET", "xEA", "xEP", "xFN", "xJC"
IDENTITY_TAGS = (TEAM_NAME, TEAM_ORG, REAL_NAME, USER_ORG)
# The uploaded file's name: quotes survive clean_filename (<, >, " and | become "_"), so the name tries
# an attribute breakout and a spreadsheet formula instead.
HOSTILE_FILENAME = f"@SUM(1+1){FILE_NAME}' onmouseover='alert(1)' {TEMPLATE}.pdf"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _ok(response, where):
    assert response.status_code == 302, f"{where}: {response.status_code} {response.content[:2000]!r}"
    return response


def build_hostile_contest():
    """A contest (open round, rubric, an eligible entry assigned to a judge who saved a draft score)
    whose team, members, entry, file and comment were all typed in hostile, through the portal views."""
    from tests.contests.factories import ContestFactory, TrackFactory, UserFactory
    from tests.contests.factories.entries import DataResourceFactory, add_member
    from tests.contests.factories.judging import JudgeFactory, assign, make_rubric, open_round, organiser

    contest = ContestFactory()
    track = TrackFactory(contest=contest)
    resource = DataResourceFactory()
    leader = UserFactory(real_name="队长")
    leader_client = client_for(leader)

    # The leader's profile: real name and organisation.
    _ok(
        leader_client.post(
            reverse("contests:profile"),
            {"real_name": payload(REAL_NAME, short=True), "phone": "", "organisation": FORMULA + payload(USER_ORG)},
        ),
        "profile",
    )
    city = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk").first()
    _ok(
        leader_client.post(
            reverse("contests:team_create", kwargs={"contest_slug": contest.slug}),
            {
                "name": payload(TEAM_NAME),
                "organisation": FORMULA + payload(TEAM_ORG),
                "organisation_type": OrganisationType.ENTERPRISE,
                "city": city.pk,
                "credit_code": "",
            },
        ),
        "team",
    )
    team = Team.objects.get(contest=contest)
    add_member(team)
    _ok(
        leader_client.post(
            reverse("contests:entry_create", kwargs={"team_pk": team.pk}),
            {
                "track": track.pk,
                "title": payload(ENTRY_TITLE),
                "abstract": "+cmd|' /C calc'!A0 " + payload(ENTRY_ABSTRACT),
                "problem": payload(ENTRY_PROBLEM),
                "approach": "-2+3 " + SCRIPT,
                "expected_benefits": IMG,
                "data_resources": [resource.pk],
                "video_url": "",
            },
        ),
        "entry",
    )
    entry = Entry.objects.get(team=team)
    upload = SimpleUploadedFile(HOSTILE_FILENAME, make_pdf(["Proposal"]), content_type="application/pdf")
    _ok(
        leader_client.post(
            reverse("contests:entry_file_upload", kwargs={"uuid": entry.uuid, "kind": FileKind.PROPOSAL}),
            {"file": upload},
        ),
        "upload",
    )
    assert EntryFile.objects.filter(entry=entry).count() == 1, "the hostile file name was refused"
    _ok(leader_client.post(reverse("contests:entry_submit", kwargs={"uuid": entry.uuid}), {"confirm": "yes"}), "submit")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    # Eligibility review is the organiser's; its outcome is all the judging needs here.
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)

    round_ = open_round(contest)
    make_rubric(round_)
    judge = JudgeFactory(contest=contest, tracks=[track])
    assignment = assign(round_, entry, judge)
    judge_client = client_for(judge.user)
    form = {"version": 0, "comment": "=1+1 " + payload(COMMENT), "action": "save"}
    _ok(judge_client.post(reverse("contests:judging:assignment", kwargs={"code": assignment.code}), form), "score")
    assert Score.objects.get(assignment=assignment).comment.startswith("=1+1 xJC")

    return {
        "contest": contest,
        "track": track,
        "team": team,
        "entry": entry,
        "file": EntryFile.objects.get(entry=entry),
        "round": round_,
        "judge": judge,
        "assignment": assignment,
        "leader": get_user_model().objects.get(pk=leader.pk),
        "leader_client": leader_client,
        "judge_client": judge_client,
        "organiser": organiser(),
        "stamp": timezone.now(),
    }


def workbook_cells(data):
    """(sheet title, value, data type) of every filled cell; type "f" is a formula Excel would run."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


APPEAL, JUDGE_REASON = "xAP", "xJR"


def publish_hostile_results(world, home):
    """The judge submits the hostile comment, the round's results are published, the team appeals
    in hostile words and wins an award; the results are then made final and shown on a ContestPage."""
    from contests.models import AwardCategory, AwardLevel, ContestIndexPage, ContestPage, ResultPublication, RoundResult
    from contests.services.outcomes.awards import grant_award
    from contests.services.outcomes.publication import publish_results

    assignment, round_, entry = world["assignment"], world["round"], world["entry"]
    criteria = list(round_.criteria.order_by("sort_order", "pk"))
    score = Score.objects.get(assignment=assignment)
    form = {"version": score.version, "comment": score.comment, "action": "submit", "confirm": "yes"}
    form.update({f"criterion_{c.pk}": str(c.max_score - 1) for c in criteria})
    url = reverse("contests:judging:assignment", kwargs={"code": assignment.code})
    _ok(world["judge_client"].post(url, form), "score submit")
    assert Score.objects.get(assignment=assignment).status == "submitted"

    RoundResult.objects.create(
        round=round_, entry=entry, track=entry.track, rank=1, score=90, trimmed_mean=90, total=450,
        judges_scored=1, judges_assigned=1, computed_at=timezone.now(),
    )  # fmt: skip
    boss = world["organiser"]
    publish_results(round_, actor=boss)
    appeal_url = reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": round_.pk})
    reasons = "评分记录中第三位评委的分数疑似录入错误，请复核。" + payload(APPEAL)
    _ok(world["leader_client"].post(appeal_url, {"reasons": reasons, "confirm": "on"}), "appeal")
    category = AwardCategory.objects.create(contest=world["contest"], name="一等奖", level=AwardLevel.FIRST, quota=2)
    world["award"] = grant_award(entry, category, round_=round_, actor=boss, rank=1, reason="按总分排名")
    # Finalising would first need the appeal reviewed; the public pages only look at finalised_at.
    ResultPublication.objects.filter(round=round_).update(finalised_at=timezone.now())

    index = ContestIndexPage(title="大赛", slug="contests")
    home.add_child(instance=index)
    world["page"] = ContestPage(title="结果大赛", slug=world["contest"].slug, contest=world["contest"])
    index.add_child(instance=world["page"])
    return world
