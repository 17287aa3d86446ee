"""What the public sees of a contest's results: final winners by track, and each winner's summary.

Only *final* results are public: an award shows when it is active (not revoked) and the round it
was given in has a ``ResultPublication`` with ``finalised_at`` set. While results are provisional
(公示 window, or appeals still under review) the contest page shows only a notice with the date the
notice ends, not the provisional winners. Everything public here is what the team entered for
publication (title, abstract, team name and organisation); never scores, judges or members.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone


@dataclass
class Winner:
    entry: object
    team: object
    awards: list  # the entry's active final awards in this track, best first
    solution_page: object | None = None  # the live solution page it was promoted into, if any


@dataclass
class TrackWinners:
    track: object
    winners: list = field(default_factory=list)


@dataclass
class ResultsNotice:
    """Provisional results of a round: under notice until ``ends_at`` (``open`` False once it passed
    while the results are still not final, e.g. appeals under review)."""

    round: object
    ends_at: object
    open: bool


@dataclass
class WinnerSummary:
    entry: object
    team: object
    track: object
    awards: list
    solution_page: object | None


def final_awards(contest):
    """Active awards of the contest given in rounds whose results are final."""
    from contests.models import Award

    return Award.objects.filter(
        category__contest=contest, revoked_at__isnull=True, round__publication__finalised_at__isnull=False
    )


def contest_final_results(contest):
    """[TrackWinners] in track order; within a track the winners in award order (category, rank)."""
    awards = (
        final_awards(contest)
        .select_related("category", "track", "entry__team")
        .order_by(
            "track__sort_order",
            "track_id",
            "category__sort_order",
            "category_id",
            F("rank").asc(nulls_last=True),  # awards given without a rank last, on every database
            "entry_id",
            "pk",
        )
    )
    tracks = {}
    for award in awards:
        group = tracks.setdefault(award.track_id, TrackWinners(track=award.track))
        winner = next((w for w in group.winners if w.entry.pk == award.entry_id), None)
        if winner is None:
            group.winners.append(Winner(entry=award.entry, team=award.entry.team, awards=[award]))
        else:
            winner.awards.append(award)
    groups = list(tracks.values())
    _attach_solution_pages([winner for group in groups for winner in group.winners])
    return groups


def _attach_solution_pages(winners):
    """Set each winner's live, public solution page (one query for all of them)."""
    from scenes.models import SolutionPage

    if not winners:
        return
    pages = (
        SolutionPage.objects.live()
        .public()
        .filter(contest_promotions__entry__in=[winner.entry.pk for winner in winners])
        .annotate(promoted_entry_id=F("contest_promotions__entry_id"))
        .order_by("pk")
    )
    by_entry = {}
    for page in pages:
        by_entry.setdefault(page.promoted_entry_id, page)
    for winner in winners:
        winner.solution_page = by_entry.get(winner.entry.pk)


def results_notice(contest, now=None):
    """The latest provisional (published, not final) round of the contest as a ResultsNotice, or None."""
    from contests.models import ResultPublication

    publication = (
        ResultPublication.objects.filter(round__contest=contest, finalised_at__isnull=True)
        .select_related("round")
        .order_by("-round__number", "-pk")
        .first()
    )
    if publication is None:
        return None
    now = now or timezone.now()
    return ResultsNotice(
        round=publication.round, ends_at=publication.notice_ends_at, open=now < publication.notice_ends_at
    )


def winner_summary(contest, entry_uuid):
    """The public summary of a winning entry of ``contest``, or None when it has no active award in a
    final round (the caller answers 404: a non-winner's existence is not disclosed)."""
    from scenes.models import SolutionPage

    awards = list(
        final_awards(contest)
        .filter(entry__uuid=entry_uuid)
        .select_related("category", "track", "entry__team", "entry__track")
        .order_by("category__sort_order", "category_id", "pk")
    )
    if not awards:
        return None
    entry = awards[0].entry
    solution_page = SolutionPage.objects.live().public().filter(contest_promotions__entry=entry).order_by("pk").first()
    return WinnerSummary(entry=entry, team=entry.team, track=entry.track, awards=awards, solution_page=solution_page)


@dataclass
class DueDiligenceSubstitution:
    """A failed case, told with what the public results already show: the award, its track, and the
    entry it passed to (``successor`` None when it passed to nobody). The failed entry is not named."""

    category: object
    track: object
    successor: object | None = None  # the successor award, when it stands in the final results


@dataclass
class DueDiligenceRecord:
    """Due diligence of one round, for the public-notice record (no documents, no review reasons)."""

    round: object
    documents: list
    final: bool
    case_count: int = 0
    passed: int = 0
    failed: int = 0
    substitutions: list = field(default_factory=list)


def due_diligence_record(contest):
    """[DueDiligenceRecord] of the contest's rounds that required due diligence, in round order.
    Counts and substitutions only once the round's results are final (provisional winners are not
    public, so neither is what happened to them)."""
    from contests.models import DueDiligenceCase, DueDiligenceDocumentKind, DueDiligenceRequest, DueDiligenceStatus

    labels = dict(DueDiligenceDocumentKind.choices)
    requests = DueDiligenceRequest.objects.filter(round__contest=contest).select_related("round__publication")
    records = []
    final_ids = set(final_awards(contest).values_list("pk", flat=True))
    for dd_request in requests.order_by("round__number", "pk"):
        publication = getattr(dd_request.round, "publication", None)
        record = DueDiligenceRecord(
            round=dd_request.round,
            documents=[labels[kind] for kind in dd_request.documents if kind in labels],
            final=bool(publication and publication.finalised_at),
        )
        if record.final:
            cases = (
                DueDiligenceCase.objects.filter(request=dd_request)
                .select_related("award__category", "award__track", "successor_award__entry__team")
                .order_by("award__track__sort_order", "award__category__sort_order", "pk")
            )
            for case in cases:
                record.case_count += 1
                if case.status == DueDiligenceStatus.PASSED:
                    record.passed += 1
                elif case.status == DueDiligenceStatus.FAILED:
                    record.failed += 1
                    successor = case.successor_award if case.successor_award_id in final_ids else None
                    award = case.award
                    record.substitutions.append(DueDiligenceSubstitution(award.category, award.track, successor))
        records.append(record)
    return records
