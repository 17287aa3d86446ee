"""What the scene and solution pages show around their own fields: links into the catalogue's
landing pages and facets, related solutions, more scenes from the same city. A fixed number of
queries whatever the size of the catalogue."""

from urllib.parse import urlencode
from uuid import uuid4

from django.utils.functional import SimpleLazyObject

from cms.registry import scene_page_sections, solution_page_badges, solution_page_sections
from scenes.cache import content_version
from scenes.models import SceneIndexPage, SolutionIndexPage
from scenes.ordering import nulls_last
from scenes.services.catalogue import live_scenes, with_card_data

MORE_FROM_NODE = 3


def _parent_index(page, model):
    # The index is the parent (parent_page_types); looked up by path, without a specific() round trip.
    return model.objects.filter(path=page.path[: -page.steplen]).first()


def _fragment_version(request):
    """The key part of a detail page's cached fragments: the showcase version, so that a publish
    renews them; a preview (a draft's relations) never shares one."""
    if getattr(request, "is_preview", False):
        return f"preview-{uuid4()}"
    return content_version()


def _facet_url(index_url, key, value):
    return f"{index_url}?{urlencode({key: value})}"


def scene_detail_context(scene, request):
    index = _parent_index(scene, SceneIndexPage)
    if index is None:  # a preview of an unsaved page has no index yet
        return {}
    index_url = index.get_url(request)
    domains = list(scene.domains.order_by("sort_order", "name"))
    resources = list(scene.data_resources.order_by("name"))
    tags = list(scene.tags.order_by("name"))

    def more_from_node():
        if not (scene.pk and scene.node_id):
            return []
        others = live_scenes(index).filter(node_id=scene.node_id).exclude(pk=scene.pk).defer_streamfields()
        return list(with_card_data(others).order_by(*nulls_last("-launch_date", "-pk"))[:MORE_FROM_NODE])

    return {
        "scene_index": index,
        "city_url": index_url + index.reverse_subpage("city", kwargs={"slug": scene.node.slug}),
        "domain_links": [(d, index_url + index.reverse_subpage("domain", kwargs={"slug": d.slug})) for d in domains],
        # Each data resource links to its own page (数源页), which lists every use of it.
        "resource_links": [(r, r.get_absolute_url()) for r in resources],
        "tag_links": [(t, _facet_url(index_url, "tag", t.slug)) for t in tags],
        # Read only when the page's related sections are rendered, not when they come from the
        # fragment cache (templates/pages/scene_page.html), which the showcase version renews.
        "related_solutions": SimpleLazyObject(lambda: scene.reference_solutions_live if scene.pk else []),
        "more_from_node": SimpleLazyObject(more_from_node),
        "fragment_version": _fragment_version(request),
        # What other apps add below the scene (e.g. the contest's confirmed adoption, 落地情况).
        "extra_sections": [html for func in scene_page_sections if (html := func(scene, request))],
    }


def solution_detail_context(solution, request):
    index = _parent_index(solution, SolutionIndexPage)
    if index is None:
        return {}
    index_url = index.get_url(request)
    domains = list(solution.domains.order_by("sort_order", "name"))
    return {
        "solution_index": index,
        "provider_url": index_url + index.reverse_subpage("provider", kwargs={"slug": solution.provider.slug}),
        "domain_links": [(d, _facet_url(index_url, "domain", d.slug)) for d in domains],
        "resource_links": [(r, r.get_absolute_url()) for r in solution.data_resources.order_by("name")],
        "tag_links": [(t, _facet_url(index_url, "tag", t.slug)) for t in solution.tags.order_by("name")],
        "reference_scenes": SimpleLazyObject(lambda: solution.reference_scenes_live if solution.pk else []),
        "fragment_version": _fragment_version(request),
        "documents": list(solution.documents.select_related("document")),
        # What other apps say about this solution (e.g. the contest award it came from).
        "source_badges": [badge for func in solution_page_badges for badge in func(solution, request)],
        # What other apps add below the solution (e.g. the confirmed adoption of its winning entry).
        "extra_sections": [html for func in solution_page_sections if (html := func(solution, request))],
    }
