"""factory_boy factories of the contest domain. ``ContestFactory`` builds a contest whose
registration is open *now* (whatever time-machine says now is)."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from contests.choices import OrganisationType, RoundKind, TeamRole
from contests.models import Contest, Round, Team, TeamInvitation, TeamMembership, Track
from contests.rules import ORGANISER_GROUP

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    real_name = factory.Sequence(lambda n: f"参赛者{n}")
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class OrganiserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def organiser_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=ORGANISER_GROUP))


def _at(days):
    return factory.LazyFunction(lambda: timezone.now() + timedelta(days=days))


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    name = factory.Sequence(lambda n: f"第{n}届数据应用创新创业大赛")
    slug = factory.Sequence(lambda n: f"contest-{n}")
    year = 2026
    registration_opens = _at(-10)
    registration_closes = _at(20)
    submission_deadline = _at(30)
    judging_starts = _at(31)
    judging_ends = _at(50)
    results_date = _at(60)
    min_team_size = 2
    max_team_size = 5
    allow_advisers = True
    max_advisers = 2


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"赛道{n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    proposing_unit = "省大数据局"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = RoundKind.PRELIMINARY
    opens_at = factory.LazyAttribute(lambda o: o.contest.judging_starts)
    closes_at = factory.LazyAttribute(lambda o: o.contest.judging_ends)


class TeamFactory(factory.django.DjangoModelFactory):
    """A team with its leader (``leader`` kwarg or a new user)."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"团队{n}")
    organisation = factory.Sequence(lambda n: f"示例单位{n}")
    organisation_type = OrganisationType.ENTERPRISE
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def leader(obj, create, extracted, **kwargs):
        if create:
            TeamMembership.objects.create(team=obj, user=extracted or obj.created_by, role=TeamRole.LEADER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamInvitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = TeamRole.MEMBER
    invited_by = factory.LazyAttribute(lambda o: o.team.created_by)
