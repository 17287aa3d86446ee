"""Entries for tests: built through the real services where the behaviour matters."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from contests.choices import FileKind, TeamRole
from contests.demo.entries import make_pdf
from contests.models import Entry, TeamMembership
from contests.services.files import store_entry_file
from scenes.models import DataResource
from tests.contests.factories.teams import TeamFactory, TrackFactory, UserFactory


class DataResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataResource

    name = factory.Sequence(lambda n: f"数据资源{n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    department = "省大数据局"


class EntryFactory(factory.django.DjangoModelFactory):
    """A complete draft (every required text filled in) of a team with two players."""

    class Meta:
        model = Entry
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    contest = factory.LazyAttribute(lambda o: o.team.contest)
    track = factory.LazyAttribute(lambda o: TrackFactory(contest=o.contest))
    title = factory.Sequence(lambda n: f"智慧养老服务平台{n}")
    abstract = "基于共享数据的养老服务精准匹配。"
    problem = "老年人服务需求分散，供需信息不对称。"
    approach = "汇聚民政、卫健、医保数据，构建服务画像。"
    expected_benefits = "服务响应时间缩短一半。"
    created_by = factory.LazyAttribute(lambda o: o.team.created_by)
    updated_by = factory.LazyAttribute(lambda o: o.team.created_by)

    @factory.post_generation
    def draft_version(obj, create, extracted, **kwargs):
        if create:
            from contests.models import EntryDraftVersion
            from contests.services.entries import content_of

            EntryDraftVersion.objects.create(
                entry=obj, version=obj.version, data=content_of(obj), saved_by=obj.created_by, saved_at=obj.created_at
            )


def leader_of(team):
    return team.memberships.get(role=TeamRole.LEADER).user


def add_member(team, user=None, role=TeamRole.MEMBER):
    user = user or UserFactory()
    TeamMembership.objects.create(team=team, user=user, role=role)
    return user


def pdf_upload(name="方案书.pdf", lines=("Proposal",)):
    return SimpleUploadedFile(name, make_pdf(list(lines)), content_type="application/pdf")


def attach(entry, kind=FileKind.PROPOSAL, upload=None, user=None):
    """Attach a file through the real upload service (checks included)."""
    return store_entry_file(entry, kind, upload or pdf_upload(), user or leader_of(entry.team))


def ready_entry(**kwargs):
    """A draft that can be submitted: complete fields, a second player, a proposal PDF."""
    entry = EntryFactory(**kwargs)
    add_member(entry.team)
    attach(entry)
    return entry
