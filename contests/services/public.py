"""What the public pages show of a contest: its timeline with the current phase, tracks and figures."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from contests.choices import Phase, TeamRole

# The phases in the order a contest goes through them (Phase.CLOSED is never computed).
PHASE_ORDER = [Phase.UPCOMING, Phase.REGISTRATION, Phase.SUBMISSION, Phase.JUDGING, Phase.RESULTS]


@dataclass(frozen=True)
class TimelineStep:
    phase: Phase
    starts: datetime | None
    ends: datetime | None
    state: str  # "done", "current" or "upcoming"

    @property
    def label(self):
        return self.phase.label


def timeline(contest, now=None):
    """The steps shown on the contest page, each marked done / current / upcoming."""
    current = contest.phase(now)
    spans = [
        (Phase.REGISTRATION, contest.registration_opens, contest.registration_closes),
        (Phase.SUBMISSION, contest.registration_opens, contest.submission_deadline),
        (Phase.JUDGING, contest.judging_starts, contest.judging_ends),
        (Phase.RESULTS, contest.results_date, None),
    ]
    position = PHASE_ORDER.index(current)
    steps = []
    for phase, starts, ends in spans:
        index = PHASE_ORDER.index(phase)
        state = "current" if phase == current else ("done" if index < position else "upcoming")
        steps.append(TimelineStep(phase=phase, starts=starts, ends=ends, state=state))
    return steps


def participant_count(contest):
    """People in teams of the contest (leaders, members and advisers)."""
    from contests.models import TeamMembership

    return TeamMembership.objects.filter(contest=contest).count()


def contest_overview(contest, user=None, now=None):
    from contests.models import Team, TeamMembership, Track
    from contests.services.outcomes.public_results import contest_final_results, results_notice
    from scenes.models import DataResource

    now = now or timezone.now()
    tracks = Track.objects.filter(contest=contest).prefetch_related(
        Prefetch("data_resources", queryset=DataResource.objects.order_by("name"))
    )
    own_team = None
    if user is not None and user.is_authenticated:
        own = (
            TeamMembership.objects.filter(contest=contest, user=user)
            .exclude(role=TeamRole.ADVISER)
            .select_related("team")
            .first()
        )
        own_team = own.team if own else None
    registration_open = contest.registration_is_open(now)
    return {
        "contest": contest,
        "phase": contest.phase(now),
        "timeline": timeline(contest, now),
        "tracks": tracks,
        "participant_count": participant_count(contest),
        "team_count": Team.objects.filter(contest=contest).count(),
        "registration_open": registration_open,
        "own_team": own_team,
        "register_url": reverse("contests:team_create", kwargs={"contest_slug": contest.slug}),
        "signup_url": reverse("contests:signup"),
        # Final winners by track and the notice of provisional results (contests/services/outcomes/).
        "final_results": contest_final_results(contest),
        "results_notice": results_notice(contest, now),
    }
