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
from .calibration import CalibrationAnchor, CalibrationItem, CalibrationScore, ConsensusScore, LeadJudge
from .challenges import AgreementAcceptance, Challenge, DataAgreement, OfferedFile, OfferedResource
from .conflicts import ConflictDecision, ConflictFlag, ConflictSource
from .contest import Contest, Round, Track
from .datadesk import DataDownload, DataFinding, DataRequest, EntryDataUse
from .division_rounds import DivisionAdvancement
from .divisions import Division, DivisionTrackQuota, TeamDivisionMove
from .due_diligence import (
    DueDiligenceCase,
    DueDiligenceDocument,
    DueDiligenceDocumentKind,
    DueDiligenceRequest,
    DueDiligenceStatus,
)
from .entries import Entry, EntryDraftVersion, EntryFile, EntryRevision
from .entry_forms import EntryFormField, FieldKind
from .experts import Expert, ExpertDraw, ExpertSource, ExpertStatus
from .exports import ExportJob, ExportKind, ExportStatus
from .finalists import FinalistConfirmation, FinalistStatus
from .identity import (
    IdentityDocument,
    IdentityProof,
    IdentityPurge,
    OrganisationContact,
    ProofKind,
    ProofStatus,
    RealNameRule,
    VettingStatus,
)
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
from .sms import SmsCode, SmsPurpose
from .survey_reminders import SurveyReminder, SurveyReminderKind
from .teams import Team, TeamInvitation, TeamMembership
from .votes import WHOLE_ROUND, PublicVote, Vote, VoteCategories, VoteStatus, VoteView

__all__ = [
    "WHOLE_ROUND",
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
    "CalibrationAnchor",
    "CalibrationItem",
    "CalibrationScore",
    "Challenge",
    "ConflictDecision",
    "ConflictFlag",
    "ConflictSource",
    "ConsensusScore",
    "Contest",
    "ContestIndexPage",
    "ContestPage",
    "Criterion",
    "DataAgreement",
    "DataDownload",
    "DataFinding",
    "DataRequest",
    "Division",
    "DivisionAdvancement",
    "DivisionTrackQuota",
    "DueDiligenceCase",
    "DueDiligenceDocument",
    "DueDiligenceDocumentKind",
    "DueDiligenceRequest",
    "DueDiligenceStatus",
    "Entry",
    "EntryDataUse",
    "EntryDraftVersion",
    "EntryFile",
    "EntryFormField",
    "EntryRevision",
    "Expert",
    "ExpertDraw",
    "ExpertSource",
    "ExpertStatus",
    "ExportJob",
    "ExportKind",
    "ExportStatus",
    "FieldKind",
    "FinalistConfirmation",
    "FinalistStatus",
    "IdentityDocument",
    "IdentityProof",
    "IdentityPurge",
    "JudgeInvitation",
    "JudgeProfile",
    "JudgeReminder",
    "JudgeStatus",
    "LeadJudge",
    "MilestoneEvidence",
    "MilestoneKind",
    "MilestoneStatus",
    "OfferedFile",
    "OfferedResource",
    "OrganisationContact",
    "Promotion",
    "ProofKind",
    "ProofStatus",
    "PublicVote",
    "RealNameRule",
    "ReminderKind",
    "ReminderSent",
    "ResultPublication",
    "Round",
    "RoundResult",
    "Score",
    "ScoreItem",
    "ScoreStatus",
    "SmsCode",
    "SmsPurpose",
    "SurveyReminder",
    "SurveyReminderKind",
    "SurveyResponse",
    "Team",
    "TeamDivisionMove",
    "TeamInvitation",
    "TeamMembership",
    "TieBreak",
    "Track",
    "TrackingSurvey",
    "VettingStatus",
    "Vote",
    "VoteCategories",
    "VoteStatus",
    "VoteView",
]
