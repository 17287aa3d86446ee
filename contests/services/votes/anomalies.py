"""The anomaly report an organiser reads before anything is announced. Five signals, each a
*cluster* of votes that can be voided as a whole (``cluster_votes``):

- bursts: an entry's votes in one minute against its usual minute (the median over every minute the
  vote has been open, quiet ones included), flagged at BURST_FACTOR times that (at least 1) and at
  least BURST_MIN votes;
- networks: many votes from one /24 (/48) network;
- devices: one device fingerprint behind several accounts;
- young accounts: an entry's votes from accounts made shortly before voting opened;
- vote-to-view ratio: an entry with more votes than times the voting page showed it.

Valid (not voided) votes only, so a voided cluster drops out of the report. A fixed number of
queries, whatever the number of votes.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncMinute
from django.utils import timezone

from contests.models import Vote, VoteView
from contests.services.votes.casting import YOUNG_ACCOUNT, candidate_entries

BURST_FACTOR = 5
BURST_MIN = 10
NETWORK_MIN = 20
DEVICE_MIN_VOTERS = 3
YOUNG_MIN = 5
YOUNG_SHARE = 0.5
RATIO_MIN_VOTES = 5

KINDS = ("vote", "burst", "network", "device", "young")


@dataclass
class Burst:
    entry: object
    minute: datetime
    votes: int
    usual: float

    @property
    def key(self):
        return f"{self.entry.pk}:{int(self.minute.timestamp())}"


@dataclass
class Cluster:
    kind: str  # network or device
    key: str
    votes: int
    voters: int
    top_entry: object = None
    top_votes: int = 0


@dataclass
class YoungAccounts:
    entry: object
    young: int
    total: int

    @property
    def key(self):
        return str(self.entry.pk)


@dataclass
class ViewRatio:
    entry: object
    votes: int
    views: int

    @property
    def ratio(self):
        return self.votes / self.views if self.views else None

    @property
    def flagged(self):
        return self.votes >= RATIO_MIN_VOTES and self.votes > self.views


@dataclass
class AnomalyReport:
    bursts: list = field(default_factory=list)
    networks: list = field(default_factory=list)
    devices: list = field(default_factory=list)
    young: list = field(default_factory=list)
    ratios: list = field(default_factory=list)
    valid: int = 0
    voided: int = 0
    void_reasons: list = field(default_factory=list)  # [(reason, votes)], most votes first

    @property
    def flagged_ratios(self):
        return [ratio for ratio in self.ratios if ratio.flagged]

    @property
    def flag_count(self):
        return len(self.bursts) + len(self.networks) + len(self.devices) + len(self.young) + len(self.flagged_ratios)


def _median_with_zeros(counts, minutes):
    """The median of ``counts`` padded with zeros to ``minutes`` values (without building the list)."""
    values = sorted(counts)
    zeros = max(0, minutes - len(values))
    total = zeros + len(values)

    def at(index):
        return 0 if index < zeros else values[index - zeros]

    if total == 0:
        return 0
    middle = total // 2
    return at(middle) if total % 2 else (at(middle - 1) + at(middle)) / 2


def _bursts(public_vote, valid, entries):
    per_minute = (
        valid.annotate(minute=TruncMinute("cast_at")).values("entry_id", "minute").annotate(n=Count("pk")).order_by()
    )
    end = min(timezone.now(), public_vote.closes_at)
    minutes = max(1, int((end - public_vote.opens_at).total_seconds() // 60))
    by_entry = {}
    for row in per_minute:
        by_entry.setdefault(row["entry_id"], {})[row["minute"]] = row["n"]
    bursts = []
    for entry_id, counts in by_entry.items():
        if entry_id not in entries:
            continue
        usual = max(1.0, _median_with_zeros(counts.values(), minutes))
        for minute, n in sorted(counts.items()):
            if n >= BURST_MIN and n >= BURST_FACTOR * usual:
                bursts.append(Burst(entry=entries[entry_id], minute=minute, votes=n, usual=usual))
    return sorted(bursts, key=lambda b: (-b.votes, b.minute))


def _clusters(valid, field_name, kind, entries, *, min_votes=0, min_voters=0):
    groups = (
        valid.values(field_name)
        .annotate(votes=Count("pk"), voters=Count("voter", distinct=True))
        .filter(votes__gte=min_votes, voters__gte=min_voters)
        .order_by("-votes", field_name)
    )
    clusters = {row[field_name]: Cluster(kind, row[field_name], row["votes"], row["voters"]) for row in groups}
    if clusters:
        tops = (
            valid.filter(**{f"{field_name}__in": list(clusters)})
            .values(field_name, "entry_id")
            .annotate(n=Count("pk"))
            .order_by(field_name, "-n", "entry_id")
        )
        for row in tops:
            cluster = clusters[row[field_name]]
            if cluster.top_entry is None:
                cluster.top_entry, cluster.top_votes = entries.get(row["entry_id"]), row["n"]
    return list(clusters.values())


def anomaly_report(public_vote):
    entries = {entry.pk: entry for entry in candidate_entries(public_vote)}
    all_votes = Vote.objects.filter(public_vote=public_vote)
    valid = all_votes.filter(voided_at__isnull=True)
    report = AnomalyReport()
    counts = all_votes.aggregate(valid=Count("pk", filter=~_voided()), voided=Count("pk", filter=_voided()))
    report.valid, report.voided = counts["valid"], counts["voided"]
    if report.voided:
        reasons = all_votes.filter(_voided()).values_list("void_reason").annotate(n=Count("pk")).order_by("-n")
        report.void_reasons = list(reasons)
    report.bursts = _bursts(public_vote, valid, entries)
    report.networks = _clusters(valid, "network_hash", "network", entries, min_votes=NETWORK_MIN)
    report.devices = _clusters(valid, "device_hash", "device", entries, min_voters=DEVICE_MIN_VOTERS)
    per_entry = dict(valid.values_list("entry_id").annotate(n=Count("pk")).order_by())
    young = dict(
        valid.filter(voter__date_joined__gte=public_vote.opens_at - YOUNG_ACCOUNT)
        .values_list("entry_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry_id, n in sorted(young.items(), key=lambda item: -item[1]):
        total = per_entry.get(entry_id, 0)
        if entry_id in entries and n >= YOUNG_MIN and n >= YOUNG_SHARE * total:
            report.young.append(YoungAccounts(entry=entries[entry_id], young=n, total=total))
    views = dict(
        VoteView.objects.filter(public_vote=public_vote).values_list("entry_id").annotate(n=Sum("count")).order_by()
    )
    report.ratios = [
        ViewRatio(entry=entry, votes=per_entry.get(pk, 0), views=views.get(pk, 0) or 0) for pk, entry in entries.items()
    ]
    return report


def _voided():
    from django.db.models import Q

    return Q(voided_at__isnull=False)


def cluster_votes(public_vote, kind, key):
    """The valid votes of one cluster of the report (``kind`` in KINDS), or None for a key that
    names nothing (the caller answers 404)."""
    valid = Vote.objects.filter(public_vote=public_vote, voided_at__isnull=True)
    try:
        if kind == "vote":
            return valid.filter(pk=int(key))
        if kind == "network":
            return valid.filter(network_hash=str(key)[:16])
        if kind == "device":
            return valid.filter(device_hash=str(key)[:16])
        if kind == "burst":
            entry_id, stamp = str(key).split(":")
            start = datetime.fromtimestamp(int(stamp), tz=timezone.get_current_timezone())
            return valid.filter(entry_id=int(entry_id), cast_at__gte=start, cast_at__lt=start + timedelta(minutes=1))
        if kind == "young":
            young_since = public_vote.opens_at - YOUNG_ACCOUNT
            return valid.filter(entry_id=int(key), voter__date_joined__gte=young_since)
    except (ValueError, OverflowError, OSError):
        return None
    return None
