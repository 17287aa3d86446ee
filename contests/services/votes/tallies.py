"""Counting: per category, the entries with their valid votes (voided ones left out) and how many
of their votes were voided. Organisers see it at any time; the public only once it is announced."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from contests.models import Vote, VoteCategories
from contests.services.votes.casting import candidate_entries


@dataclass
class TallyRow:
    entry: object
    votes: int = 0
    voided: int = 0
    rank: int = 0


@dataclass
class CategoryTally:
    track: object | None  # None when the whole round is one category
    rows: list = field(default_factory=list)

    @property
    def total(self):
        return sum(row.votes for row in self.rows)

    @property
    def voided(self):
        return sum(row.voided for row in self.rows)


def tallies(public_vote):
    """[CategoryTally] in track order; rows by votes, most first (equal votes share a rank)."""
    counts = {
        row["entry_id"]: row
        for row in Vote.objects.filter(public_vote=public_vote)
        .values("entry_id")
        .annotate(
            votes=Count("pk", filter=Q(voided_at__isnull=True)), voided=Count("pk", filter=Q(voided_at__isnull=False))
        )
    }
    by_track = public_vote.categories == VoteCategories.TRACK
    groups = {}
    for entry in candidate_entries(public_vote):
        key = entry.track_id if by_track else None
        group = groups.setdefault(key, CategoryTally(track=entry.track if by_track else None))
        row = counts.get(entry.pk, {})
        group.rows.append(TallyRow(entry=entry, votes=row.get("votes", 0), voided=row.get("voided", 0)))
    for group in groups.values():
        group.rows.sort(key=lambda r: (-r.votes, r.entry.pk))
        previous, rank = None, 0
        for position, row in enumerate(group.rows, start=1):
            if row.votes != previous:
                rank, previous = position, row.votes
            row.rank = rank
    return list(groups.values())
