import gc
import io
import sys

import pytest

from scenes.models import NeedIndexPage, SceneIndexPage, SolutionIndexPage
from scenes.services.editorial import ensure_editorial_setup
from tests.scenes.factories import DomainFactory


@pytest.fixture
def scene_index(demo_site):
    index = SceneIndexPage(title="应用场景", slug="scenes", show_in_menus=True)
    demo_site.add_child(instance=index)
    return index


@pytest.fixture
def solution_index(demo_site):
    index = SolutionIndexPage(title="解决方案", slug="solutions", show_in_menus=True)
    demo_site.add_child(instance=index)
    return index


@pytest.fixture
def need_index(demo_site):
    """/needs/ (its creation attaches the needs' editorial set-up, as in the admin)."""
    index = NeedIndexPage(title="应用需求", slug="needs", show_in_menus=True, title_en="Needs")
    demo_site.add_child(instance=index)
    return index


@pytest.fixture
def editorial(scene_index, solution_index):
    """Groups, page permissions and the moderation workflow (made by migrate and attached to the index
    pages when they are created), through load_demo's own idempotent call."""
    moderators, city_groups, workflow = ensure_editorial_setup(scene_index, solution_index)
    return {"moderators": moderators, "cities": city_groups, "workflow": workflow}


@pytest.fixture
def education():
    return DomainFactory(name="教育", slug="education")


@pytest.fixture
def elderly_care():
    return DomainFactory(name="智慧养老", slug="elderly-care")


def _is_leaked_rendition_file(unraisable):
    # Wagtail's Image.generate_rendition_file() never closes the SpooledTemporaryFile it renders
    # into (it rolls over to a real temporary file for large renditions): see factories.renders_images.
    obj = unraisable.object
    return isinstance(unraisable.exc_value, ResourceWarning) and (
        getattr(obj, "__qualname__", "") == "SpooledTemporaryFile.__del__"
        or (isinstance(obj, io.FileIO) and obj.mode == "rb+")
    )


@pytest.fixture(autouse=True)
def _collect_rendition_garbage():
    """Collect Wagtail's leaked rendition files when the test ends, dropping just those warnings,
    so that they never surface in whichever unrelated test happens to run the garbage collector."""
    yield
    previous = sys.unraisablehook

    def hook(unraisable):
        if not _is_leaked_rendition_file(unraisable):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous
