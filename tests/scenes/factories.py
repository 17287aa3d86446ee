"""Factories of the showcase. Pages are created through the page tree (``parent.add_child``), live
by default; ``live=False`` makes a draft with a revision, as an editor's unpublished page would be."""

import io
import itertools

import factory
import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from scenes.choices import NodeKind, RecognitionLevel
from scenes.models import DataResource, Domain, Node, Provider, ScenePage, SolutionPage

_serial = itertools.count(1)

# Wagtail's Image.generate_rendition_file() never closes the SpooledTemporaryFile it renders into
# (wagtail/images/models.py); the ResourceWarning surfaces as an unraisable-exception warning in
# whichever test first renders a rendition. Tests that render cover images carry this mark.
renders_images = pytest.mark.filterwarnings("ignore:Exception ignored in:pytest.PytestUnraisableExceptionWarning")


def png_bytes(colour=(11, 92, 173), size=(64, 36)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"测试图片 {n}")
    description = "蓝色纯色测试图片"
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(png_bytes()), name=f"test-{next(_serial)}.png"))


def city(slug):
    """One of the 16 cities the data migration created."""
    return Node.objects.get(slug=slug, kind=NodeKind.CITY)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"领域{n}")
    slug = factory.Sequence(lambda n: f"domain-{n}")


class DataResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataResource
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"数据资源{n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    department = "省大数据局"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试科技有限公司{n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")


class _PageFactory(factory.Factory):
    """Builds the page, then adds it under ``parent`` with its many-to-many relations and tags."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, live=True, domains=(), data_resources=(), tags=(), **kwargs):
        extra = {key: kwargs.pop(key) for key in ("reference_scenes",) if key in kwargs}
        page = model_class(*args, live=live, **kwargs)
        page.domains = list(domains)
        page.data_resources = list(data_resources)
        for name, values in extra.items():
            setattr(page, name, list(values))
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        if not live:
            page.save_revision()
        return page


class ScenePageFactory(_PageFactory):
    class Meta:
        model = ScenePage

    title = factory.Sequence(lambda n: f"测试场景{n:03d}")
    slug = factory.Sequence(lambda n: f"scene-{n:03d}")
    summary = "共享数据让群众少跑腿。"
    node = factory.LazyFunction(lambda: city("jinan"))
    lead_department = "济南市大数据局"
    level = RecognitionLevel.LISTED
    beneficiaries_count = 1000
    beneficiaries_unit = "人"


class SolutionPageFactory(_PageFactory):
    class Meta:
        model = SolutionPage

    title = factory.Sequence(lambda n: f"测试方案{n:03d}")
    slug = factory.Sequence(lambda n: f"solution-{n:03d}")
    summary = "可复用的数据应用方案。"
    provider = factory.SubFactory(ProviderFactory)
