"""The house rules of imports, checked on the real import graph (grimp reads every import,
including those inside functions): cms ← scenes ← contests; inside contests, models ← rules ←
services ← interfaces; and no import circle anywhere except the one documented seam."""

import grimp
import pytest

PACKAGES = ("cms", "scenes", "contests")
# The one documented page-as-controller seam: a Wagtail index page serves its own listing, so
# the page model imports the listing view lazily (README, "Map of the house").
SEAM = {("scenes.models.pages", "scenes.views")}
INTERFACES = (
    "contests.accounts",
    "contests.experts",
    "contests.portal",
    "contests.judging",
    "contests.live",
    "contests.organiser",
    "contests.public",
    "contests.units",
    "contests.vetting",
)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def import_circles(graph, allowed=frozenset()):
    """Strongly connected components of more than one module (Tarjan), ignoring ``allowed`` edges."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.find_modules_directly_imported_by(module):
            if (module, target) in allowed:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def imports_between(graph, importers, imported):
    """(importer, imported) pairs where a module under ``importers`` imports one under ``imported``."""
    found = set()
    for source in graph.modules:
        if not source.startswith(importers):
            continue
        for target in graph.find_modules_directly_imported_by(source):
            if target.startswith(imported):
                found.add((source, target))
    return sorted(found)


def test_no_import_circle_except_the_documented_seam(graph):
    assert import_circles(graph, allowed=SEAM) == []


def test_the_seam_is_the_only_way_the_page_model_reaches_the_views(graph):
    assert imports_between(graph, ("scenes.models",), ("scenes.views", "scenes.services")) in (
        [],
        sorted(SEAM),
    )


def test_cms_is_the_ground_floor(graph):
    # The URL conf is the one cms module that names the apps.
    assert [pair for pair in imports_between(graph, ("cms",), ("scenes", "contests")) if pair[0] != "cms.urls"] == []


def test_scenes_never_import_contests(graph):
    assert imports_between(graph, ("scenes",), ("contests",)) == []


def test_services_never_import_tasks_or_interfaces(graph):
    assert imports_between(graph, ("contests.services",), ("contests.tasks", *INTERFACES)) == []


def test_models_and_rules_import_nothing_above_them(graph):
    above = ("contests.services", "contests.tasks", *INTERFACES)
    assert imports_between(graph, ("contests.models", "contests.rules"), above) == []


def test_interfaces_do_not_import_each_other(graph):
    crossing = []
    for interface in INTERFACES:
        others = tuple(name for name in INTERFACES if name != interface)
        crossing += imports_between(graph, (interface,), others)
    assert crossing == []
