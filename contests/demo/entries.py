"""Demo entries in every state, with generated proposal PDFs and receipts.

Runs after the teams, before judging. Every demo team gets one entry, in a state chosen
from its name (the same on every run): draft, submitted, eligible or ineligible — the first demo
team's is a draft, to try editing, uploading and submitting with the printed login. Submitted
entries carry a proposal PDF (generated here), an immutable revision and a receipt code; the
reviewed ones an eligibility decision in the audit trail.

Idempotent: teams that already have an entry are left alone. Rows are bulk-created, so
``--teams 4000`` takes seconds (each proposal is a small file in the private storage).
"""

import hashlib
import random
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone


def make_pdf(lines, *, title="Proposal"):
    """A small, valid one-page PDF showing ``lines`` (ASCII, Helvetica) — pypdf opens it strictly."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        f"<< /Title ({escape(title)}) /Producer (Shuyong demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


STATES = ("draft", "submitted", "eligible", "eligible", "eligible", "ineligible", "submitted", "eligible")
TITLES = {
    "乡村振兴": ["惠农贷精准授信平台", "农业气象灾害预警助手", "低收入人口动态监测系统"],
    "数字社会": ["出生一件事免证办", "新市民安居服务码", "婚育住房联办平台"],
    "智慧养老": ["独居老人主动关怀平台", "养老服务供需精准匹配", "长护险智能评估系统"],
    "医疗健康": ["检查结果互认助手", "就医一码通", "慢病用药智能提醒"],
}
DEFAULT_TITLES = ["公共数据融合应用平台", "数据赋能基层治理系统", "一网通办智能助手"]


def _texts(track, title):
    theme = track.name
    return {
        "abstract": f"“{title}”围绕{theme}场景，融合多个部门的共享数据，为群众和企业提供主动、精准的服务。",
        "problem": f"{theme}领域数据分散在多个部门，服务对象识别不及时，群众需要反复提交证明材料。",
        "approach": "依托省级一体化大数据平台申请数据接口，建立主题数据库与规则模型，"
        "通过隐私计算实现“数据可用不可见”，以小程序和政务服务网提供服务。",
        "expected_benefits": "办理时间预计缩短 60% 以上，每年减少群众跑腿约 20 万人次，可在全省 16 市推广。",
    }


def _proposal(entry, team):
    lines = [
        f"Shuyong contest proposal - entry {entry.uuid}",
        f"Track: {entry.track.slug}",
        f"Team id: {team.pk}",
        "1. Problem  2. Data resources  3. Approach  4. Benefits",
    ]
    return make_pdf(lines, title=f"Proposal {entry.uuid}")


def _snapshot(entry, team, resources, files, user, when):
    return {
        "entry_uuid": str(entry.uuid),
        "entry_version": entry.version,
        "contest": {"id": entry.contest_id, "name": entry.contest.name},
        "team": {"id": team.pk, "name": team.name},
        "track": {"id": entry.track_id, "name": entry.track.name},
        "fields": {
            name: getattr(entry, name)
            for name in ("title", "abstract", "problem", "approach", "expected_benefits", "video_url")
        },
        "data_resources": [{"id": r.pk, "name": r.name, "department": r.department} for r in resources],
        "files": files,
        "submitted_by": {"id": user.pk, "name": str(user), "email": user.email},
        "submitted_at": when.isoformat(),
    }


def load_entries(command, options):
    from contests.demo.contest import CONTEST_SLUG, ORGANISER
    from contests.models import Contest

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        return []
    created = create_demo_entries(contest, seed=options.get("seed") or 2026, organiser_email=ORGANISER[0])
    if command is not None and created:
        command.stdout.write(f"作品：新建 {created} 件（草稿、已提交、形式审查通过/未通过）。")
    return []


def create_demo_entries(contest, *, seed, organiser_email):
    """Give every team of ``contest`` without an entry one entry; return how many were created."""
    from django.contrib.auth import get_user_model

    from contests.choices import EntryStatus, FileKind, IneligibilityReason, TeamRole
    from contests.models import AuditEvent, Entry, EntryDraftVersion, EntryFile, EntryRevision, Team, TeamMembership
    from contests.models.entries import private_storage

    tracks = list(contest.tracks.prefetch_related("data_resources").order_by("sort_order", "pk"))
    teams = list(Team.objects.filter(contest=contest, entries__isnull=True).order_by("pk"))
    if not tracks or not teams:
        return 0
    leaders = dict(
        TeamMembership.objects.filter(team__in=teams, role=TeamRole.LEADER).values_list("team_id", "user_id")
    )
    users = get_user_model().objects.in_bulk(set(leaders.values()))
    organiser = get_user_model().objects.filter(email=organiser_email).first()
    first_team_pk = Team.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True).first()
    now = timezone.now()

    plans = []
    for team in teams:
        if team.pk not in leaders:
            continue
        rng = random.Random(f"{seed}-{team.name}")
        track = tracks[rng.randrange(len(tracks))]
        state = "draft" if team.pk == first_team_pk else rng.choice(STATES)
        title = rng.choice(TITLES.get(track.name, DEFAULT_TITLES))
        resources = list(track.data_resources.all())[: rng.randint(1, 3)]
        leader = users[leaders[team.pk]]
        entry = Entry(
            contest=contest,
            team=team,
            track=track,
            title=title,
            created_by=leader,
            updated_by=leader,
            **_texts(track, title),
        )
        if rng.random() < 0.3:
            entry.video_url = "https://www.bilibili.com/video/BV1demo" + str(team.pk)
        plans.append((team, entry, state, resources, leader, rng))
    Entry.objects.bulk_create([entry for _team, entry, *_rest in plans], batch_size=500)

    through = Entry.data_resources.through
    through.objects.bulk_create(
        [through(entry_id=e.pk, dataresource_id=r.pk) for _t, e, _s, resources, *_r in plans for r in resources],
        batch_size=2000,
    )
    EntryDraftVersion.objects.bulk_create(
        [
            EntryDraftVersion(
                entry=e,
                version=1,
                data={
                    "track": e.track_id,
                    **{n: getattr(e, n) for n in ("title", "abstract", "problem", "approach", "expected_benefits")},
                    "video_url": e.video_url,
                    "data_resources": sorted(r.pk for r in resources),
                },
                saved_by=leader,
                saved_at=now,
            )
            for _t, e, _s, resources, leader, _rng in plans
        ],
        batch_size=1000,
    )

    # A proposal for every entry but a few drafts (whose page then lists what is still missing).
    files = []
    storage = private_storage()
    for team, entry, state, _resources, leader, rng in plans:
        if state == "draft" and team.pk != first_team_pk and rng.random() < 0.5:
            continue
        data = _proposal(entry, team)
        name = storage.save(f"entries/{entry.uuid}/{secrets.token_hex(16)}", ContentFile(data))
        files.append(
            EntryFile(
                entry=entry,
                kind=FileKind.PROPOSAL,
                file=name,
                original_name=f"{entry.title}-方案书.pdf",
                content_type="application/pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=leader,
            )
        )
    EntryFile.objects.bulk_create(files, batch_size=1000)
    files_by_entry = {f.entry_id: f for f in files}

    revisions, events, submitted = [], [], []
    reasons = [IneligibilityReason.INCOMPLETE, IneligibilityReason.OFF_TOPIC, IneligibilityReason.IDENTITY_DISCLOSED]
    for team, entry, state, resources, leader, rng in plans:
        if state == "draft" or entry.pk not in files_by_entry:
            continue
        when = now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 1440))
        proposal = files_by_entry[entry.pk]
        file_list = [
            {
                "id": proposal.pk,
                "kind": proposal.kind,
                "name": proposal.original_name,
                "content_type": proposal.content_type,
                "size": proposal.size,
                "sha256": proposal.sha256,
            }
        ]
        revisions.append(
            EntryRevision(
                entry=entry,
                number=1,
                entry_version=entry.version,
                snapshot=_snapshot(entry, team, resources, file_list, leader, when),
                submitted_by=leader,
                submitted_at=when,
                receipt_code=f"SY{contest.year}-{secrets.token_hex(5).upper()}",
            )
        )
        entry.submitted_at = when
        entry.status = {
            "submitted": EntryStatus.SUBMITTED,
            "eligible": EntryStatus.ELIGIBLE,
            "ineligible": EntryStatus.INELIGIBLE,
        }[state]
        if state in ("eligible", "ineligible"):
            entry.eligibility_reviewed_by = organiser
            entry.eligibility_reviewed_at = now
            if state == "ineligible":
                entry.eligibility_reason = rng.choice(reasons)
                entry.eligibility_note = "演示数据：请对照大赛规则补正后联系组委会。"
            events.append(
                AuditEvent(
                    contest=contest,
                    actor=organiser,
                    action="entry.eligibility",
                    object_type="contests.entry",
                    object_id=str(entry.pk),
                    before={"status": "submitted", "reason": "", "note": ""},
                    after={
                        "status": entry.status,
                        "reason": entry.eligibility_reason,
                        "note": entry.eligibility_note,
                    },
                    note="演示数据",
                )
            )
        submitted.append(entry)
    # Revisions are immutable through save(); creating them in bulk is their only write.
    EntryRevision.objects.bulk_create(revisions, batch_size=500)
    Entry.objects.bulk_update(
        submitted,
        [
            "status",
            "submitted_at",
            "eligibility_reason",
            "eligibility_note",
            "eligibility_reviewed_by",
            "eligibility_reviewed_at",
        ],
        batch_size=500,
    )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(plans)
