"""What the public pages show of a contest: its timeline with the current phase, tracks and figures."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.choices import Phase, TeamRole

# The phases in the order a contest goes through them.
PHASE_ORDER = [Phase.UPCOMING, Phase.REGISTRATION, Phase.SUBMISSION, Phase.JUDGING, Phase.RESULTS, Phase.CLOSED]


@dataclass(frozen=True)
class TimelineStep:
    phase: Phase
    starts: datetime | None
    ends: datetime | None
    state: str  # "done", "current" or "upcoming"
    note: str = ""  # what the rounds add, e.g. "初赛已提前开始"

    @property
    def label(self):
        return self.phase.label

    @property
    def status_label(self):
        if self.state == "current":
            return _("进行中")
        if self.state == "done":
            return _("已公布") if self.phase == Phase.RESULTS else _("已结束")
        return _("未开始")


def _state(phase, current):
    position, index = PHASE_ORDER.index(current), PHASE_ORDER.index(phase)
    return "current" if phase == current else ("done" if index < position else "upcoming")


def timeline(contest, now=None):
    """The steps shown on the contest page, each marked done / current / upcoming.

    The judging step follows the rounds as they really are: an early online review (a round opened
    before the contest's judging date) makes it current and moves its start, and a round still open
    after the judging date keeps it current. The results step is done ("已公布") once the last
    round's results are final.
    """
    from contests.models import Round

    now = now or timezone.now()
    current = contest.phase(now)
    rounds = list(Round.objects.filter(contest=contest).order_by("number"))
    open_rounds = [round_ for round_ in rounds if round_.is_open(now)]
    judging_starts = min([contest.judging_starts, *(r.opens_at for r in rounds)])
    judging_ends = max([contest.judging_ends, *(r.closes_at for r in rounds)])
    spans = [
        (Phase.REGISTRATION, contest.registration_opens, contest.registration_closes),
        (Phase.SUBMISSION, contest.registration_opens, contest.submission_deadline),
        (Phase.JUDGING, judging_starts, judging_ends),
        (Phase.RESULTS, contest.results_date, None),
    ]
    steps = []
    for phase, starts, ends in spans:
        state, note = _state(phase, current), ""
        if phase == Phase.JUDGING and open_rounds:
            state = "current"
            early = [r for r in open_rounds if now < contest.judging_starts]
            names = "、".join(str(r.get_kind_display()) for r in (early or open_rounds))
            note = (_("%(rounds)s已提前开始") if early else _("%(rounds)s进行中")) % {"rounds": names}
        steps.append(TimelineStep(phase=phase, starts=starts, ends=ends, state=state, note=note))
    return steps


def participant_count(contest):
    """People in teams of the contest (leaders, members and advisers)."""
    from contests.models import TeamMembership

    return TeamMembership.objects.filter(contest=contest).count()


def contest_overview(contest, user=None, now=None):
    from contests.models import Team, TeamMembership, Track
    from contests.services.adoption.public import contest_adoption_rate
    from contests.services.loop_public import contest_challenges
    from contests.services.outcomes.finalists import public_changes as public_finalist_changes
    from contests.services.outcomes.public_results import (
        contest_final_results,
        due_diligence_record,
        results_notice,
    )
    from contests.services.votes.setup import published_votes
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
        # The 赛题 by track, with their units, needs and offered data (contests/services/loop_public.py).
        "challenge_groups": (groups := contest_challenges(contest)),
        "challenge_count": sum(len(group.challenges) for group in groups),
        "results_notice": results_notice(contest, now),
        # Finalists who declined or lapsed and the places filled from the waitlist, as counts
        # (contests/services/outcomes/finalists.py).
        "finalist_changes": public_finalist_changes(contest),
        # Winner due diligence in the public-notice record: that it was required, fails and who took over.
        "due_diligence_record": due_diligence_record(contest),
        # 落地率: the share of final winners with a confirmed go-live (contests/services/adoption/).
        "adoption_rate": contest_adoption_rate(contest),
        # The rounds' public votes (人气奖) whose rules are published (contests/services/votes/).
        "public_votes": published_votes(contest),
    }
