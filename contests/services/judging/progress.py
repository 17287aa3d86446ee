"""Judging progress, counted one way everywhere: how many active assignments carry a submitted (or a
draft) score — per round, track or judge on the organiser's pages."""

from dataclasses import dataclass

from django.db.models import Count, Q

from contests.models import AssignmentState, ScoreStatus

COUNTS = {
    "assigned": Count("pk"),
    "submitted": Count("pk", filter=Q(score__status=ScoreStatus.SUBMITTED)),
    "drafts": Count("pk", filter=Q(score__status=ScoreStatus.DRAFT)),
}


@dataclass
class Progress:
    """Active assignments and how many of them carry a submitted (or draft) score."""

    assigned: int = 0
    submitted: int = 0
    drafts: int = 0

    @property
    def unfinished(self):
        return self.assigned - self.submitted

    @property
    def percent(self):
        return round(100 * self.submitted / self.assigned, 1) if self.assigned else None

    def add(self, other):
        self.assigned += other.assigned
        self.submitted += other.submitted
        self.drafts += other.drafts


def total_progress(assignments):
    """``Progress`` of the active assignments in ``assignments`` (one aggregate query)."""
    row = assignments.filter(state=AssignmentState.ACTIVE).order_by().aggregate(**COUNTS)
    return Progress(row["assigned"], row["submitted"], row["drafts"])


def progress_counts(assignments, *group_by):
    """``{group key: Progress}`` of the active assignments in ``assignments`` grouped by the given
    fields (one aggregate query). The key is a tuple of the field values."""
    rows = assignments.filter(state=AssignmentState.ACTIVE).order_by().values(*group_by).annotate(**COUNTS)
    return {
        tuple(row[name] for name in group_by): Progress(row["assigned"], row["submitted"], row["drafts"])
        for row in rows
    }
