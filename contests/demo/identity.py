"""Real names (实名) and unit vetting (单位负责人确认) in the 2026 demo contest.

The contest requires real names (身份证 + 学生证或单位证明, documents kept 180 days after the results
are final). So that the demo's entries and the flows that submit entries keep working, every member
of the demo teams is 通过 with two tiny placeholder documents — except one member of a team without a
submitted entry (in 济南 when there is one), whose proof waits (待审) for the division manager or an
organiser. A demo university with two teams gets an approved contact person, ``contact@``, who has
confirmed one team; the other waits.

Idempotent: proofs, documents and the contact are created only when missing.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

CONTACT = ("contact@shuyong.example", "shuyong-team")
# The smallest valid PDF, and a 1×1 PNG: placeholders, never real documents.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _placeholder(proof, kind, name):
    import hashlib

    from contests.models import IdentityDocument

    document = IdentityDocument(
        proof=proof, kind=kind, original_name=name, content_type="application/pdf", size=len(PLACEHOLDER_PDF),
        sha256=hashlib.sha256(PLACEHOLDER_PDF).hexdigest(),
    )  # fmt: skip
    document.file.save("upload", ContentFile(PLACEHOLDER_PDF), save=False)
    return document


def _pending_member(contest):
    """A member (not the leader) of a team without a submitted entry, in 济南 when possible."""
    from contests.choices import EntryStatus, TeamRole
    from contests.models import TeamMembership

    candidates = (
        TeamMembership.objects.filter(team__contest=contest, role=TeamRole.MEMBER)
        .exclude(team__entries__status__in=[EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE])
        .exclude(user__email__startswith="team1@")
        .exclude(user__email__startswith="team1-")
        .select_related("user", "team")
        .order_by("team__name", "pk")
    )
    in_jinan = (
        candidates.filter(team__division__slug="jinan").first() or candidates.filter(team__city__slug="jinan").first()
    )
    return in_jinan or candidates.first()


def ensure_proofs(contest, reviewer):
    from contests.models import IdentityDocument, IdentityProof, ProofStatus, TeamMembership

    now = timezone.now()
    pending = _pending_member(contest)
    done = set(IdentityProof.objects.filter(contest=contest).values_list("user_id", flat=True))
    members = {
        m.user_id: m.user
        for m in TeamMembership.objects.filter(team__contest=contest).select_related("user").order_by("pk")
        if m.user_id not in done
    }
    if not members:
        return 0
    proofs = []
    for user_id, user in members.items():
        waiting = pending is not None and user_id == pending.user_id
        status = ProofStatus.PENDING if waiting else ProofStatus.APPROVED
        review = {} if waiting else {"reviewed_by": reviewer, "reviewed_at": now}
        name = user.real_name or user.email.split("@")[0]
        proofs.append(
            IdentityProof(contest=contest, user=user, legal_name=name, status=status, submitted_at=now, **review)
        )
    IdentityProof.objects.bulk_create(proofs, batch_size=1000)
    proofs = IdentityProof.objects.filter(contest=contest, user_id__in=list(members))
    documents = []
    for proof in proofs:
        documents.append(_placeholder(proof, "id_card", "身份证（演示占位）.pdf"))
        documents.append(_placeholder(proof, "student_card", "学生证（演示占位）.pdf"))
    IdentityDocument.objects.bulk_create(documents, batch_size=1000)
    return len(members)


def _university_with_two_teams(contest):
    """``(organisation, credit code, [team, team])``: a demo university with two teams (the second
    university team joins the first's name and code when no university has two)."""
    from collections import Counter

    from contests.choices import OrganisationType
    from contests.models import Team

    teams = list(Team.objects.filter(contest=contest, organisation_type=OrganisationType.UNIVERSITY).order_by("pk"))
    counts = Counter(t.organisation for t in teams)
    shared = next((name for name, n in counts.most_common() if n >= 2), None)
    if shared is not None:
        pair = [t for t in teams if t.organisation == shared][:2]
    elif len(teams) >= 2:
        pair = teams[:2]
        Team.objects.filter(pk=pair[1].pk).update(organisation=pair[0].organisation, credit_code=pair[0].credit_code)
        pair[1].refresh_from_db()
    else:
        return None
    return pair[0].organisation, pair[0].credit_code, pair


def ensure_contact(contest, organiser):
    from cms.demo import ensure_user
    from contests.models import OrganisationContact, VettingStatus
    from contests.services import vetting

    found = _university_with_two_teams(contest)
    if found is None:
        return None
    organisation, code, pair = found
    user = ensure_user(CONTACT[0], CONTACT[1], real_name="周主任", organisation=organisation)
    contact = OrganisationContact.objects.filter(contest=contest, user=user).first()
    if contact is None:
        contact = OrganisationContact.objects.create(
            contest=contest, user=user, organisation=organisation, credit_code=code, approved_by=organiser,
            approved_at=timezone.now(),
        )  # fmt: skip
        first = pair[0]
        if first.vetting_status == VettingStatus.UNVETTED:
            vetting.decide(first, actor=user, confirmed=True, reason="", expected_status=VettingStatus.UNVETTED)
    return contact


def load_identity(command, options):
    from contests.demo.contest import CONTEST_SLUG, ORGANISER
    from contests.models import Contest, RealNameRule

    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        return []
    if contest.real_name_rule != RealNameRule.EITHER or contest.identity_retention_days != 180:
        contest.real_name_rule, contest.identity_retention_days = RealNameRule.EITHER, 180
        contest.save(update_fields=["real_name_rule", "identity_retention_days"])
    organiser = get_user_model().objects.filter(email=ORGANISER[0]).first() or (
        get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    )
    created = ensure_proofs(contest, organiser)
    if command is not None and created:
        command.stdout.write(f"实名认证：{created} 名参赛成员（1 名待审）。")
    contact = ensure_contact(contest, organiser)
    if contact is None:
        return []
    return [("单位负责人 unit contact", *CONTACT)]
