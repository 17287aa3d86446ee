import gc

import pytest

from scenes.models import SceneIndexPage, SolutionIndexPage
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
def editorial(scene_index, solution_index):
    """Groups, page permissions and the moderation workflow, as the demo sets them up."""
    moderators, city_groups, workflow = ensure_editorial_setup(scene_index, solution_index)
    return {"moderators": moderators, "cities": city_groups, "workflow": workflow}


@pytest.fixture
def education():
    return DomainFactory(name="教育", slug="education")


@pytest.fixture
def elderly_care():
    return DomainFactory(name="智慧养老", slug="elderly-care")


@pytest.fixture(autouse=True)
def _collect_rendition_garbage():
    # Wagtail leaves rendition temp files in reference cycles (see factories.renders_images); collect
    # them before the test ends so that any warning is raised here, not in an unrelated later test.
    yield
    gc.collect()
