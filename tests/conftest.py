import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_cache():
    # With REDIS_URL set (CI), the cache outlives a test; start each one clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    """The ground-floor demo tree: home page, about page, site settings, admin and editor."""
    from cms.demo import load_site

    load_site(None, {})
    from cms.models import HomePage

    return HomePage.objects.get()
