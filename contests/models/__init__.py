"""Contest data. Nothing here cascades away: entries, revisions and scores are protected from the
deletion of what they point to (on_delete=PROTECT), so history can only grow."""

from .audit import AuditEvent
from .contest import Contest, Round, Track
from .entries import Entry, EntryDraftVersion, EntryFile, EntryRevision
from .pages import ContestIndexPage, ContestPage
from .reminders import ReminderKind, ReminderSent
from .teams import Team, TeamInvitation, TeamMembership

__all__ = [
    "AuditEvent",
    "Contest",
    "ContestIndexPage",
    "ContestPage",
    "Entry",
    "EntryDraftVersion",
    "EntryFile",
    "EntryRevision",
    "ReminderKind",
    "ReminderSent",
    "Round",
    "Team",
    "TeamInvitation",
    "TeamMembership",
    "Track",
]

# Judging (contests/models/judging.py, contests/models/results.py)
from .judging import (
    Assignment,
    AssignmentSource,
    AssignmentState,
    Criterion,
    JudgeInvitation,
    JudgeProfile,
    JudgeStatus,
    Score,
    ScoreItem,
    ScoreStatus,
)
from .results import RoundResult, TieBreak

__all__ += [
    "Assignment",
    "AssignmentSource",
    "AssignmentState",
    "Criterion",
    "JudgeInvitation",
    "JudgeProfile",
    "JudgeStatus",
    "RoundResult",
    "Score",
    "ScoreItem",
    "ScoreStatus",
    "TieBreak",
]

# Exports (contests/models/exports.py)
from .exports import ExportJob, ExportKind, ExportStatus  # noqa: E402

__all__ += ["ExportJob", "ExportKind", "ExportStatus"]

# Outcomes (contests/models/outcomes.py)
from .outcomes import (  # noqa: E402
    AdvancementDecision,
    AdvancementMethod,
    Appeal,
    AppealAttachment,
    AppealStatus,
    Award,
    AwardCategory,
    AwardLevel,
    JudgeReminder,
    Promotion,
    ResultPublication,
)

__all__ += [
    "AdvancementDecision",
    "AdvancementMethod",
    "Appeal",
    "AppealAttachment",
    "AppealStatus",
    "Award",
    "AwardCategory",
    "AwardLevel",
    "JudgeReminder",
    "Promotion",
    "ResultPublication",
]
