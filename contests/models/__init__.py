"""Contest data. Nothing here cascades away: entries, revisions and scores are protected from the
deletion of what they point to (on_delete=PROTECT), so history can only grow."""

from .adoption import (
    AdoptionMilestone,
    MilestoneEvidence,
    MilestoneKind,
    MilestoneStatus,
    SurveyResponse,
    TrackingSurvey,
)
from .audit import AuditEvent
from .challenges import AgreementAcceptance, Challenge, DataAgreement, OfferedFile, OfferedResource
from .conflicts import ConflictDecision, ConflictFlag, ConflictSource
from .contest import Contest, Round, Track
from .datadesk import DataDownload, DataFinding, DataRequest, EntryDataUse
from .due_diligence import (
    DueDiligenceCase,
    DueDiligenceDocument,
    DueDiligenceDocumentKind,
    DueDiligenceRequest,
    DueDiligenceStatus,
)
from .entries import Entry, EntryDraftVersion, EntryFile, EntryRevision
from .exports import ExportJob, ExportKind, ExportStatus
from .finalists import FinalistConfirmation, FinalistStatus
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
from .outcomes import (
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
from .pages import ContestIndexPage, ContestPage
from .reminders import ReminderKind, ReminderSent
from .results import RoundResult, TieBreak
from .survey_reminders import SurveyReminder, SurveyReminderKind
from .teams import Team, TeamInvitation, TeamMembership

__all__ = [
    "AdoptionMilestone",
    "AdvancementDecision",
    "AdvancementMethod",
    "AgreementAcceptance",
    "Appeal",
    "AppealAttachment",
    "AppealStatus",
    "Assignment",
    "AssignmentSource",
    "AssignmentState",
    "AuditEvent",
    "Award",
    "AwardCategory",
    "AwardLevel",
    "Challenge",
    "ConflictDecision",
    "ConflictFlag",
    "ConflictSource",
    "Contest",
    "ContestIndexPage",
    "ContestPage",
    "Criterion",
    "DataAgreement",
    "DataDownload",
    "DataFinding",
    "DataRequest",
    "DueDiligenceCase",
    "DueDiligenceDocument",
    "DueDiligenceDocumentKind",
    "DueDiligenceRequest",
    "DueDiligenceStatus",
    "Entry",
    "EntryDataUse",
    "EntryDraftVersion",
    "EntryFile",
    "EntryRevision",
    "ExportJob",
    "ExportKind",
    "ExportStatus",
    "FinalistConfirmation",
    "FinalistStatus",
    "JudgeInvitation",
    "JudgeProfile",
    "JudgeReminder",
    "JudgeStatus",
    "MilestoneEvidence",
    "MilestoneKind",
    "MilestoneStatus",
    "OfferedFile",
    "OfferedResource",
    "Promotion",
    "ReminderKind",
    "ReminderSent",
    "ResultPublication",
    "Round",
    "RoundResult",
    "Score",
    "ScoreItem",
    "ScoreStatus",
    "SurveyReminder",
    "SurveyReminderKind",
    "SurveyResponse",
    "Team",
    "TeamInvitation",
    "TeamMembership",
    "TieBreak",
    "Track",
    "TrackingSurvey",
]
