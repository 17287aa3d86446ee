"""The data desk in figures, for the organiser: how many requests, how many decided and approved, how
fast (median time to decision, in hours and in working days), how many wait past their due time — for
the whole contest, per unit (出题单位) and per data resource — and the "最佳数据提供单位" ranking input
per unit (speed, approval rate, resources offered, resources used by winning entries, data-quality
findings answered).

Pure queries, no request objects. A fixed number of queries whatever the data: each grouping is
computed in Python from one ``values_list`` of the few columns it needs (medians need every value
anyway), so it runs the same on SQLite and PostgreSQL.

Definitions (the organiser's page says them too):

- a request is *decided* once it has a decision time and its status is approved, rejected, revoked
  or expired (a revoked or expired request was approved first); withdrawn requests count as requests
  but are never decided;
- the *approval rate* is approved ÷ decided;
- *time to decision* runs from the request to the decision; in working days it counts the working
  days after the request's day up to the decision's day (Asia/Shanghai dates, public holidays and
  调休 working weekends considered: ``cms.workdays``);
- a request is *overdue* while pending past its due time;
- a unit's *resources offered* are the distinct data resources its challenges of the contest offer;
  *used by winning entries* are those of them declared (EntryDataUse) by an entry holding an award of
  the contest that is not revoked;
- a unit's *findings* are the data-quality findings of the contest's entries about resources the unit
  owns (``DataResource.owner_unit``: the owner answers them); *responded* ones have a response time.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from cms.workdays import WorkCalendar, start_of_day
from contests.choices import DataRequestStatus
from contests.models import Award, DataDownload, DataFinding, DataRequest, EntryDataUse, OfferedResource
from scenes.choices import OpenRequestStatus
from scenes.models import DataResource, OpenDataRequest, Unit

DECIDED_STATUSES = frozenset(
    {DataRequestStatus.APPROVED, DataRequestStatus.REJECTED, DataRequestStatus.REVOKED, DataRequestStatus.EXPIRED}
)
# Approved at decision time, whatever happened since (revoked, or access ended with the contest).
APPROVED_STATUSES = frozenset({DataRequestStatus.APPROVED, DataRequestStatus.REVOKED, DataRequestStatus.EXPIRED})


def _median(values):
    return statistics.median(values) if values else None


def _hours(delta):
    return delta.total_seconds() / 3600


@dataclass
class DecisionFigures:
    """Requests and decisions of one grouping (the contest, a unit, a resource)."""

    requests: int = 0
    decided: int = 0
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    overdue: int = 0
    hours: list = field(default_factory=list, repr=False)
    working_days: list = field(default_factory=list, repr=False)

    def add(self, status, requested_at, due_at, decided_at, working_days, *, now):
        """One request; ``working_days`` is its time to decision in working days (None undecided)."""
        self.requests += 1
        if status == DataRequestStatus.PENDING:
            self.pending += 1
            if due_at < now:
                self.overdue += 1
        elif status in DECIDED_STATUSES and decided_at is not None:
            self.decided += 1
            if status in APPROVED_STATUSES:
                self.approved += 1
            else:
                self.rejected += 1
            self.hours.append(_hours(decided_at - requested_at))
            self.working_days.append(working_days)

    @property
    def approval_rate(self):
        """Approved ÷ decided, in per cent (None before any decision)."""
        return 100 * self.approved / self.decided if self.decided else None

    @property
    def median_hours(self):
        return _median(self.hours)

    @property
    def median_working_days(self):
        return _median(self.working_days)


@dataclass
class UnitRow:
    unit: Unit
    figures: DecisionFigures


@dataclass
class ResourceRow:
    resource: DataResource
    units: list  # the units whose challenges offer it in this contest
    figures: DecisionFigures
    downloads: int = 0
    downloaded_bytes: int = 0


@dataclass
class RankingRow:
    """The "最佳数据提供单位" ranking input of one unit."""

    unit: Unit
    decided: int
    approval_rate: float | None
    median_hours: float | None
    median_working_days: float | None
    resources_offered: int
    resources_used: int
    findings_received: int
    findings_responded: int
    median_response_hours: float | None

    @property
    def response_rate(self):
        return 100 * self.findings_responded / self.findings_received if self.findings_received else None


# The ranking's sortable columns: query-string value → row attribute (whitelist; "-" in front: descending).
RANKING_SORTS = {
    "unit": "unit",
    "decided": "decided",
    "approval_rate": "approval_rate",
    "median_hours": "median_hours",
    "median_working_days": "median_working_days",
    "resources_offered": "resources_offered",
    "resources_used": "resources_used",
    "findings_received": "findings_received",
    "findings_responded": "findings_responded",
    "median_response_hours": "median_response_hours",
}
DEFAULT_RANKING_SORT = "-resources_used"


def sort_ranking(rows, sort):
    """``rows`` ordered by a whitelisted column (unknown values fall back to the default); rows
    without a value (no decision yet…) come last either way, ties by unit name."""
    if (sort or "").lstrip("-") not in RANKING_SORTS:
        sort = DEFAULT_RANKING_SORT
    descending = sort.startswith("-")
    attribute = RANKING_SORTS[sort.lstrip("-")]

    def value(row):
        found = getattr(row, attribute)
        return row.unit.name if attribute == "unit" else found

    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=lambda row: row.unit.name)
    present.sort(key=value, reverse=descending)
    missing.sort(key=lambda row: row.unit.name)
    return [*present, *missing], sort


@dataclass
class DataDeskFigures:
    contest: object
    overall: DecisionFigures
    units: list  # UnitRow, by unit name
    resources: list  # ResourceRow, by resource name
    ranking: list  # RankingRow, by unit name (see sort_ranking)


def contest_requests(contest):
    """The data requests of a contest: those of its challenges' offers."""
    return DataRequest.objects.filter(offer__challenge__track__contest=contest)


def datadesk_figures(contest, *, now=None):
    """Every figure of the contest's data desk, in seven queries (and the working-day calendar's)."""
    now = now or timezone.now()
    calendar = WorkCalendar()  # one calendar read for the whole computation, not one per request
    overall = DecisionFigures()
    per_unit = defaultdict(DecisionFigures)
    per_resource = defaultdict(DecisionFigures)
    rows = contest_requests(contest).values_list(
        "offer__challenge__unit_id", "offer__resource_id", "status", "requested_at", "due_at", "decided_at"
    )
    for unit_id, resource_id, status, requested_at, due_at, decided_at in rows:
        days = calendar.working_days_between(requested_at, decided_at) if decided_at else None
        for figures in (overall, per_unit[unit_id], per_resource[resource_id]):
            figures.add(status, requested_at, due_at, decided_at, days, now=now)

    offered = defaultdict(set)  # unit → resources its challenges offer
    offering_units = defaultdict(set)  # resource → units offering it
    for unit_id, resource_id in (
        OfferedResource.objects.filter(challenge__track__contest=contest)
        .values_list("challenge__unit_id", "resource_id")
        .order_by()
        .distinct()
    ):
        offered[unit_id].add(resource_id)
        offering_units[resource_id].add(unit_id)

    winners = Award.objects.filter(category__contest=contest, revoked_at__isnull=True).values("entry_id")
    used_by_winners = set(
        EntryDataUse.objects.filter(entry__contest=contest, entry_id__in=winners)
        .values_list("resource_id", flat=True)
        .order_by()
        .distinct()
    )

    findings = defaultdict(lambda: {"received": 0, "responded": 0, "hours": []})
    for unit_id, reported_at, responded_at in DataFinding.objects.filter(
        entry__contest=contest, resource__owner_unit__isnull=False
    ).values_list("resource__owner_unit_id", "reported_at", "responded_at"):
        counts = findings[unit_id]
        counts["received"] += 1
        if responded_at is not None:
            counts["responded"] += 1
            counts["hours"].append(_hours(responded_at - reported_at))

    downloads = {
        row["request__offer__resource_id"]: row
        for row in DataDownload.objects.filter(request__offer__challenge__track__contest=contest)
        .values("request__offer__resource_id")
        .annotate(n=Count("id"), total=Sum("size"))
        .order_by()
    }

    unit_ids = set(per_unit) | set(offered) | set(findings)
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    resource_ids = set(per_resource) | set(offering_units)
    resources = {resource.pk: resource for resource in DataResource.objects.filter(pk__in=resource_ids)}

    unit_rows = sorted(
        (UnitRow(unit=units[pk], figures=per_unit.get(pk) or DecisionFigures()) for pk in set(per_unit) | set(offered)),
        key=lambda row: row.unit.name,
    )
    resource_rows = sorted(
        (
            ResourceRow(
                resource=resources[pk],
                units=sorted((units[u] for u in offering_units.get(pk, ())), key=lambda unit: unit.name),
                figures=per_resource.get(pk) or DecisionFigures(),
                downloads=downloads.get(pk, {}).get("n", 0),
                downloaded_bytes=downloads.get(pk, {}).get("total") or 0,
            )
            for pk in resource_ids
        ),
        key=lambda row: (row.resource.name, row.resource.pk),
    )
    ranking = []
    for pk in sorted(unit_ids, key=lambda pk: units[pk].name):
        figures = per_unit.get(pk) or DecisionFigures()
        found = findings.get(pk) or {"received": 0, "responded": 0, "hours": []}
        ranking.append(
            RankingRow(
                unit=units[pk],
                decided=figures.decided,
                approval_rate=figures.approval_rate,
                median_hours=figures.median_hours,
                median_working_days=figures.median_working_days,
                resources_offered=len(offered.get(pk, ())),
                resources_used=len(offered.get(pk, set()) & used_by_winners),
                findings_received=found["received"],
                findings_responded=found["responded"],
                median_response_hours=_median(found["hours"]),
            )
        )
    return DataDeskFigures(contest=contest, overall=overall, units=unit_rows, resources=resource_rows, ranking=ranking)


# ---------------------------------------------------------------- lists behind the figures


def overdue_requests(contest, *, now=None):
    """Pending requests past their due time, the longest overdue first, with what the list shows."""
    now = now or timezone.now()
    return (
        contest_requests(contest)
        .filter(status=DataRequestStatus.PENDING, due_at__lt=now)
        .select_related("team", "requested_by", "offer__resource", "offer__challenge__unit")
        .order_by("due_at", "pk")
    )


def overdue_open_requests(*, now=None):
    """数据开放申请 still unanswered past their due time, the longest overdue first: not tied to a
    contest (anyone signed in asks a resource's owner), so the organiser sees them all here."""
    now = now or timezone.now()
    return (
        OpenDataRequest.objects.filter(status=OpenRequestStatus.PENDING, due_at__lt=now)
        .select_related("resource__owner_unit", "requester")
        .order_by("due_at", "pk")
    )


def days_overdue(request, *, now=None):
    """Whole days since the request (a data request or an open-data request) fell due (0 within the
    first day)."""
    now = now or timezone.now()
    return max((now - request.due_at) // datetime.timedelta(days=1), 0)


def access_log(contest, *, unit=None, resource=None, since=None, until=None):
    """The contest's data downloads, newest first, optionally narrowed to a unit (the challenge that
    offered the data), a resource, and a range of Asia/Shanghai dates (both ends included)."""
    downloads = DataDownload.objects.filter(request__offer__challenge__track__contest=contest)
    if unit is not None:
        downloads = downloads.filter(request__offer__challenge__unit=unit)
    if resource is not None:
        downloads = downloads.filter(request__offer__resource=resource)
    if since is not None:
        downloads = downloads.filter(downloaded_at__gte=start_of_day(since))
    if until is not None:
        downloads = downloads.filter(downloaded_at__lt=start_of_day(until + datetime.timedelta(days=1)))
    return downloads.select_related(
        "user", "file", "request__team", "request__offer__resource", "request__offer__challenge__unit"
    ).order_by("-downloaded_at", "-pk")


def access_log_choices(contest):
    """The units and resources the access log may be narrowed to: those of the contest's offers."""
    offers = OfferedResource.objects.filter(challenge__track__contest=contest)
    units = Unit.objects.filter(challenges__offers__in=offers).distinct().order_by("name")
    resources = DataResource.objects.filter(offers__in=offers).distinct().order_by("name", "pk")
    return units, resources
