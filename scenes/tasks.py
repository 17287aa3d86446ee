"""Background work of the showcase. Enqueued by name (``cms.tasks.enqueue``), never imported by
the modules whose work it does."""

import logging

from celery import shared_task

from scenes import stats
from scenes.services import catalogue, resources

logger = logging.getLogger(__name__)


@shared_task(name="scenes.warm_showcase")
def task_warm_showcase():
    """Build what the showcase caches per content version — each catalogue's facet index, the
    figures and the statistics — right after a change, instead of on the next visitor's request.

    Best effort: a failure is logged and the next request builds what is missing, as before."""
    try:
        built = catalogue.warm_catalogue_indexes()
        resources.resource_catalogue_index()  # /data/: a few seconds at 150,000 resources
        built += 1
        stats.showcase_figures()
        stats.scene_statistics()
    except Exception:
        logger.exception("warming the showcase caches failed; the next request builds them")
        return 0
    return built
