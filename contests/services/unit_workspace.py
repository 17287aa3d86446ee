"""What a unit's members see in their workspace (/unit/), read in a fixed number of queries
whatever the number of units, 赛题, requests or findings."""

from django.db.models import Count, IntegerField, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from contests.choices import DataRequestStatus, EntryStatus, FindingStatus
from scenes.choices import OpenRequestStatus
from scenes.rules import unit_ids_of


def _count(queryset, field):
    """A subquery counting ``queryset`` rows per outer row (``field`` = OuterRef("pk"))."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def units_of(user):
    from scenes.models import Unit

    return Unit.objects.filter(pk__in=unit_ids_of(user)).order_by("name")


def challenges_of_units(unit_ids):
    """The units' 赛题 with their submitted entries and data requests counted."""
    from contests.models import Challenge, DataRequest, Entry

    return (
        Challenge.objects.filter(unit_id__in=unit_ids)
        .select_related("track__contest", "need", "unit")
        .annotate(
            entry_count=_count(Entry.objects.exclude(status=EntryStatus.DRAFT), "challenge"),
            request_count=_count(DataRequest.objects.all(), "offer__challenge"),
        )
        .order_by("-track__contest__registration_opens", "track__sort_order", "sort_order", "pk")
    )


def dashboard(user):
    """One dict per unit of the user: its 赛题, pending data requests (count, oldest due date),
    findings awaiting a response, open-data requests awaiting an answer."""
    from contests.models import DataFinding, DataRequest
    from scenes.models import OpenDataRequest

    units = list(units_of(user))
    ids = [unit.pk for unit in units]
    challenges = {}
    for challenge in challenges_of_units(ids):
        challenges.setdefault(challenge.unit_id, []).append(challenge)
    pending = {
        row["offer__challenge__unit"]: row
        for row in DataRequest.objects.filter(status=DataRequestStatus.PENDING, offer__challenge__unit__in=ids)
        .values("offer__challenge__unit")
        .annotate(count=Count("pk"), oldest_due=Min("due_at"))
        .order_by()
    }
    findings = dict(
        DataFinding.objects.filter(status=FindingStatus.RECEIVED, resource__owner_unit__in=ids)
        .values("resource__owner_unit")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("resource__owner_unit", "count")
    )
    open_requests = {
        row["resource__owner_unit"]: row
        for row in OpenDataRequest.objects.filter(status=OpenRequestStatus.PENDING, resource__owner_unit__in=ids)
        .values("resource__owner_unit")
        .annotate(count=Count("pk"), oldest_due=Min("due_at"))
        .order_by()
    }
    return [
        {
            "unit": unit,
            "challenges": challenges.get(unit.pk, []),
            "pending_requests": pending.get(unit.pk, {}).get("count", 0),
            "oldest_request_due": pending.get(unit.pk, {}).get("oldest_due"),
            "findings_received": findings.get(unit.pk, 0),
            "open_requests_pending": open_requests.get(unit.pk, {}).get("count", 0),
            "oldest_open_request_due": open_requests.get(unit.pk, {}).get("oldest_due"),
        }
        for unit in units
    ]


def open_requests_for_units(unit_ids):
    """Open-data requests about the units' resources: pending first (soonest due), then the newest."""
    from django.db.models import Case, When

    from scenes.models import OpenDataRequest

    pending_first = Case(
        When(status=OpenRequestStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        OpenDataRequest.objects.filter(resource__owner_unit_id__in=unit_ids)
        .select_related("resource__owner_unit")
        .order_by(pending_first, "due_at", "-created_at", "-pk")
    )
