"""Awards: proposed from a round's ranking within each category's quota, granted and revoked by
organisers with a recorded reason.

* **Proposal** — categories are filled in ``sort_order``. A per-track category takes the next
  ``quota`` ranked entries of each track; a contest-wide one the next best across tracks (by ranking
  score, then rank). An entry gets at most one level award; special awards (``SPECIAL``) are never
  proposed, organisers grant them. Unranked entries (no submitted score) and entries no longer
  eligible are never proposed. When the last entry inside a quota is still level with the first one
  outside it (same key after the whole tie-break chain, or — across tracks — same score and rank),
  both sides are flagged: the ranking cannot split them, an organiser must.
* **Grant** — refused for a second active award of the same category, for a second level award of
  the same entry, and (without a reason) beyond the quota or outside the proposal. Sets the entry to
  AWARDED. **Revoke** needs a reason; the entry goes back to ADVANCED (if it ever advanced) or
  ELIGIBLE once it holds no other active award. Awards are never deleted.

Every grant and revocation is audited ("award.grant", "award.revoke").
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus
from contests.models import Award
from contests.models.results import TieBreak, parse_tie_break_chain
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.aggregation import _key_value
from contests.services.outcomes.due_diligence_cases import open_case

# Entries that can still receive an award (ineligible or withdrawn ones cannot).
AWARDABLE_STATUSES = (EntryStatus.ELIGIBLE, EntryStatus.ADVANCED, EntryStatus.AWARDED)


@dataclass
class Candidate:
    """A ranked entry of the round, as the proposal sees it."""

    entry: object
    track: object
    rank: int
    score: float | None
    chain_key: tuple


@dataclass
class Proposal:
    category: object
    track: object
    entry: object
    rank: int
    score: float | None = None
    tied_at_boundary: bool = False
    award: object = None  # the active award of this category for the entry, once granted
    revoked: bool = False  # an award of this category for the entry was revoked: never re-applied

    @property
    def granted(self):
        return self.award is not None


@dataclass
class ProposalGroup:
    """One category in one track (``track`` None for a contest-wide category)."""

    category: object
    track: object
    quota: int
    proposals: list = field(default_factory=list)
    # Entries outside the quota that the ranking cannot separate from the last one inside it.
    tied_outside: list = field(default_factory=list)
    used: int = 0  # active awards of the category counted against this quota

    @property
    def has_tie(self):
        return bool(self.tied_outside)


@dataclass
class AwardProposal:
    round: object
    groups: list = field(default_factory=list)

    @property
    def proposals(self):
        return [p for group in self.groups for p in group.proposals]

    @property
    def ties(self):
        return [group for group in self.groups if group.has_tie]

    def pending(self):
        """(to grant, held back as [(proposal, reason)]) among the proposals not granted yet.

        A tie at a quota boundary is never split by the machine: the tied proposals, and every
        proposal of an entry left out by such a tie (its place depends on how the tie is decided),
        wait for an organiser. So does a proposal whose award was revoked before.
        """
        undecided = {c.entry.pk for group in self.ties for c in group.tied_outside}
        to_grant, held = [], []
        for p in self.proposals:
            if p.granted:
                continue
            if p.tied_at_boundary:
                held.append((p, _("与名额外的作品并列，请人工决定")))
            elif p.entry.pk in undecided:
                held.append((p, _("该作品在名额边界上与其他作品并列，请人工决定")))
            elif p.revoked:
                held.append((p, _("该作品此奖项曾被撤销")))
            else:
                to_grant.append(p)
        return to_grant, held


def _chain_key(result, chain):
    parts = [_key_value(result.score)]
    for name in chain:
        if name == TieBreak.CRITERIA:
            parts.extend(_key_value(v) for v in result.criteria_means or [])
        else:
            parts.append(_key_value(getattr(result, name)))
    return tuple(parts)


def ranked_candidates(round_):
    """{track: [Candidate, …]} in rank order, tracks in their display order."""
    chain = [k for k in parse_tie_break_chain(round_.tie_break_chain) if k != round_.aggregation]
    results = (
        models.RoundResult.objects.filter(round=round_, rank__isnull=False, entry__status__in=AWARDABLE_STATUSES)
        .select_related("entry__team", "track")
        .order_by("track__sort_order", "track_id", "rank", "entry_id")
    )
    by_track = {}
    for result in results:
        by_track.setdefault(result.track, []).append(
            Candidate(result.entry, result.track, result.rank, result.score, _chain_key(result, chain))
        )
    return by_track


def _level(a, b, *, across_tracks):
    if a.track.pk == b.track.pk:
        return a.chain_key == b.chain_key
    return across_tracks and _key_value(a.score) == _key_value(b.score) and a.rank == b.rank


def _fill(group, available, *, across_tracks):
    chosen, rest = available[: group.quota], available[group.quota :]
    tied_outside = []
    if chosen and rest:
        last = chosen[-1]
        tied_outside = [c for c in rest if _level(last, c, across_tracks=across_tracks)]
    group.tied_outside = tied_outside
    for candidate in chosen:
        tied = any(_level(candidate, other, across_tracks=across_tracks) for other in tied_outside)
        group.proposals.append(
            Proposal(group.category, candidate.track, candidate.entry, candidate.rank, candidate.score, tied)
        )
    return [c.entry.pk for c in chosen]


def build_proposal(round_):
    """The whole proposal of the round, grouped per category and track, with granted state."""
    by_track = ranked_candidates(round_)
    tracks = list(round_.contest.tracks.order_by("sort_order", "pk"))
    categories = models.AwardCategory.objects.filter(contest=round_.contest).exclude(level=models.AwardLevel.SPECIAL)
    proposal = AwardProposal(round=round_)
    taken = set()
    for category in categories.order_by("sort_order", "pk"):
        if category.per_track:
            for track in tracks:
                group = ProposalGroup(category, track, category.quota)
                available = [c for c in by_track.get(track, []) if c.entry.pk not in taken]
                taken.update(_fill(group, available, across_tracks=False))
                proposal.groups.append(group)
        else:
            group = ProposalGroup(category, None, category.quota)
            available = sorted(
                (c for candidates in by_track.values() for c in candidates if c.entry.pk not in taken),
                key=lambda c: (-_key_value(c.score), c.rank, c.track.sort_order, c.track.pk, c.entry.pk),
            )
            taken.update(_fill(group, available, across_tracks=True))
            proposal.groups.append(group)
    _attach_awards(proposal)
    return proposal


def _attach_awards(proposal):
    awards = models.Award.objects.filter(category__contest=proposal.round.contest).select_related("entry")
    active, revoked = {}, set()
    used = defaultdict(int)
    for award in awards:
        if award.revoked_at is None:
            active[(award.category_id, award.entry_id)] = award
            used[(award.category_id, award.track_id)] += 1
            used[(award.category_id, None)] += 1
        else:
            revoked.add((award.category_id, award.entry_id))
    for group in proposal.groups:
        group.used = used[(group.category.pk, group.track.pk if group.track else None)]
        for p in group.proposals:
            p.award = active.get((p.category.pk, p.entry.pk))
            p.revoked = p.award is None and (p.category.pk, p.entry.pk) in revoked


def propose_awards(round_):
    """[Proposal(category, track, entry, rank, …)] of the round, categories in ``sort_order``."""
    return build_proposal(round_).proposals


# Grant and revoke ---------------------------------------------------------------------------------


def _quota_count(category, track):
    awards = models.Award.objects.filter(category=category, revoked_at__isnull=True)
    return awards.filter(track=track).count() if category.per_track else awards.count()


def _check_grant(entry, category, round_, *, reason, proposed, proposal=None):
    contest = category.contest
    if entry.contest_id != contest.pk or round_.contest_id != contest.pk:
        raise ContestError(_("作品、奖项和评审轮次必须属于同一届大赛。"), code="contest")
    if entry.status not in AWARDABLE_STATUSES:
        raise ContestError(_("只有通过形式审查的作品才能获奖。"), code="status")
    active = models.Award.objects.filter(entry=entry, revoked_at__isnull=True).select_related("category")
    if any(a.category_id == category.pk for a in active):
        raise ContestError(_("该作品已获得“%(award)s”，不能重复授予。") % {"award": category.name}, code="duplicate")
    if category.level != models.AwardLevel.SPECIAL:
        held = [a.category.name for a in active if a.category.level != models.AwardLevel.SPECIAL]
        if held:
            raise ContestError(
                _("该作品已获得“%(award)s”，一件作品只能获得一个等级奖；如需调整，请先撤销原奖项。")
                % {"award": held[0]},
                code="one_level",
            )
    if proposed:
        proposals = proposal.proposals if proposal is not None else propose_awards(round_)
        if not any(p.category.pk == category.pk and p.entry.pk == entry.pk for p in proposals):
            raise ContestError(_("该作品不在“%(award)s”的建议名单中。") % {"award": category.name}, code="proposal")
    elif not reason:
        raise ContestError(_("授予建议名单以外的奖项时必须填写调整理由。"), code="reason")
    over_quota = _quota_count(category, entry.track) >= category.quota
    if over_quota and not reason:
        raise ContestError(
            _("“%(award)s”的名额（%(quota)d 个）已满；如确需超出名额，请填写理由。")
            % {"award": category.name, "quota": category.quota},
            code="quota",
        )
    return over_quota


def grant_award(entry, category, *, round_, actor, reason="", rank=None, proposed=False, _proposal=None):
    """Give ``category`` to ``entry`` on the basis of ``round_``'s ranking; returns the Award."""
    reason = (reason or "").strip()
    with transaction.atomic():
        # The category row serialises grants of one category, so two organisers cannot both take
        # the last place of a quota.
        category = models.AwardCategory.objects.select_for_update().select_related("contest").get(pk=category.pk)
        entry = models.Entry.objects.select_for_update().select_related("track").get(pk=entry.pk)
        over_quota = _check_grant(entry, category, round_, reason=reason, proposed=proposed, proposal=_proposal)
        if rank is None:
            rank = models.RoundResult.objects.filter(round=round_, entry=entry).values_list("rank", flat=True).first()
        before = {"entry_status": entry.status}
        award = models.Award.objects.create(
            category=category, entry=entry, round=round_, track=entry.track, rank=rank, proposed=proposed,
            reason=reason, awarded_by=actor, awarded_at=timezone.now(),
        )  # fmt: skip
        entry.status = EntryStatus.AWARDED
        entry.save(update_fields=["status", "updated_at"])
        record(
            "award.grant", award, actor=actor, contest=category.contest, before=before,
            after={
                "category": category.name, "level": category.level, "entry_id": entry.pk, "track_id": entry.track_id,
                "round_id": round_.pk, "rank": rank, "proposed": proposed, "over_quota": over_quota,
                "certificate_number": award.certificate_number,
            },
            note=reason,
        )  # fmt: skip
        # Granted while the round's winners are under due diligence: this one is too.
        open_case(award, actor=actor)
    return award


def _has_advanced(entry):
    decisions = models.AdvancementDecision.objects.filter(round__contest_id=entry.contest_id)
    return any(entry.pk in (decision.advanced_entry_ids or []) for decision in decisions.only("advanced_entry_ids"))


def revoke_award(award, *, actor, reason):
    """Revoke an active award with a reason; returns the award."""
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("撤销奖项必须填写理由。"), code="reason")
    with transaction.atomic():
        award = models.Award.objects.select_for_update().select_related("category__contest").get(pk=award.pk)
        if award.revoked_at is not None:
            raise ContestError(_("该奖项已被撤销。"), code="revoked")
        entry = models.Entry.objects.select_for_update().get(pk=award.entry_id)
        award.revoked_by, award.revoked_at, award.revoke_reason = actor, timezone.now(), reason
        award.save(update_fields=["revoked_by", "revoked_at", "revoke_reason"])
        before = {"entry_status": entry.status}
        others = models.Award.objects.filter(entry=entry, revoked_at__isnull=True).exists()
        if entry.status == EntryStatus.AWARDED and not others:
            entry.status = EntryStatus.ADVANCED if _has_advanced(entry) else EntryStatus.ELIGIBLE
            entry.save(update_fields=["status", "updated_at"])
        record(
            "award.revoke", award, actor=actor, contest=award.category.contest, before=before,
            after={"category": award.category.name, "entry_id": entry.pk, "entry_status": entry.status,
                   "certificate_number": award.certificate_number},
            note=reason,
        )  # fmt: skip
    return award


@dataclass
class ApplyReport:
    granted: list = field(default_factory=list)  # Awards
    skipped: list = field(default_factory=list)  # (Proposal, translated reason)

    def lines(self):
        lines = [_("已按建议授予 %(count)d 个奖项。") % {"count": len(self.granted)}]
        for p, why in self.skipped:
            lines.append(
                _("未授予 %(title)s 的“%(award)s”：%(why)s")
                % {"title": p.entry.title, "award": p.category.name, "why": why}
            )
        return lines


def apply_proposals(round_, *, actor):
    """Grant every proposal not granted yet. Idempotent: granted ones are left alone. Proposals
    held back by ``AwardProposal.pending`` and ones the rules now refuse (quota already used by a
    manual grant, another level award) are skipped and reported."""
    proposal = build_proposal(round_)
    to_grant, held = proposal.pending()
    report = ApplyReport(skipped=list(held))
    for p in to_grant:
        try:
            award = grant_award(
                p.entry, p.category, round_=round_, actor=actor, rank=p.rank, proposed=True, _proposal=proposal
            )
        except ContestError as error:
            report.skipped.append((p, error.message))
        else:
            report.granted.append(award)
    return report


def active_awards(contest):
    """The contest's awards that stand (not revoked), in category and rank order."""
    return (
        Award.objects.filter(category__contest=contest, revoked_at__isnull=True)
        .select_related("category", "entry__team", "track", "round")
        .order_by("category__sort_order", "category_id", "track__sort_order", "track_id", "rank", "id")
    )
