"""Background work of the showcase."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="scenes.warm_showcase")
def task_warm_showcase():
    """Build what the showcase caches per content version — each catalogue's facet index, the
    figures and the statistics — right after a change, instead of on the next visitor's request.

    Best effort: a failure is logged and the next request builds what is missing, as before."""
    from scenes.services.catalogue import warm_catalogue_indexes
    from scenes.stats import scene_statistics, showcase_figures

    try:
        built = warm_catalogue_indexes()
        showcase_figures()
        scene_statistics()
    except Exception:
        logger.exception("warming the showcase caches failed; the next request builds them")
        return 0
    return built
