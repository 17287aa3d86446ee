"""Expert pool test data: pool experts with accounts, domains and cities."""

import factory
from django.utils import timezone

from contests.models import Expert, ExpertStatus
from tests.contests.factories.teams import UserFactory


class ExpertFactory(factory.django.DjangoModelFactory):
    """An ACTIVE pool expert with an account; ``domains=[…]`` sets the domains."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"expert{n}@pool.example"))
    name = factory.Sequence(lambda n: f"专家{n}")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else f"expert-{o.name}@pool.example")
    organisation = factory.Sequence(lambda n: f"专家单位{n}")
    status = ExpertStatus.ACTIVE
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.domains.set(extracted)
