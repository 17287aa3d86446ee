"""factory_boy factories and builders of the contest domain, one module per part of it.

``teams`` (users, organisers, contests, tracks, rounds, teams, memberships, invitations) is
re-exported here, so ``from tests.contests.factories import ContestFactory`` reads as before;
``entries``, ``judging`` and ``exports`` are imported from their own modules (``exports`` has its own
lighter ``JudgeFactory`` and ``add_member``, so they cannot share one namespace).
"""

from tests.contests.factories.teams import (
    PASSWORD,
    ContestFactory,
    InvitationFactory,
    MembershipFactory,
    OrganiserFactory,
    RoundFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
)

__all__ = [
    "PASSWORD",
    "ContestFactory",
    "InvitationFactory",
    "MembershipFactory",
    "OrganiserFactory",
    "RoundFactory",
    "TeamFactory",
    "TrackFactory",
    "UserFactory",
]
