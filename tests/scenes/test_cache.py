"""The showcase's content version (scenes/cache.py): each change starts one new version at once,
however often the app is readied (the warm-up after the commit: tests/scenes/test_facet_index.py)."""

import pytest
from django.apps import apps

from scenes.cache import content_version
from tests.scenes.factories import DomainFactory, ScenePageFactory

pytestmark = pytest.mark.django_db


def test_saving_a_taxonomy_term_starts_exactly_one_new_version():
    before = content_version()
    DomainFactory(name="智慧养老", slug="elderly-care")
    assert content_version() == before + 1


def test_publishing_a_scene_starts_one_new_version_per_signal_not_per_connection(scene_index, education):
    draft = ScenePageFactory(parent=scene_index, domains=[education], live=False)
    revision = draft.get_latest_revision()
    before = content_version()
    revision.publish()  # the page is saved (post_save) and published (page_published)
    assert content_version() == before + 2


def test_connecting_the_signals_again_changes_nothing():
    apps.get_app_config("scenes").ready()  # as a second call of ready() would
    before = content_version()
    DomainFactory(name="教育", slug="education")
    assert content_version() == before + 1
