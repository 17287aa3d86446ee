"""Fixtures shared by the contest tests (each was defined in more than one module before).

A module that needs a different flavour defines its own fixture of the same name, which wins.
"""

import pytest

from scenes.models import SolutionIndexPage
from tests.contests.factories import ContestFactory
from tests.contests.factories.judging import organiser


@pytest.fixture
def contest():
    """A contest whose registration is open now."""
    return ContestFactory()


@pytest.fixture
def boss():
    """An organiser (the organiser group, with its admin and judging permissions)."""
    return organiser()


@pytest.fixture
def signed_in_boss(boss, client):
    """``boss``, signed in on the test ``client``."""
    client.force_login(boss)
    return boss


@pytest.fixture
def solution_index(demo_site):
    """The 解决方案 index page under the demo site's home, shown in the menu."""
    index = SolutionIndexPage(title="解决方案", slug="solutions", show_in_menus=True)
    demo_site.add_child(instance=index)
    return index
