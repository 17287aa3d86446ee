"""Small registries that let the apps contribute to site-wide features without cms importing them.

``cms`` is the ground floor: the home page and ``load_demo`` live here but must show scenes and
contests. Each app registers a callable (in its AppConfig.ready() or its ``demo`` module) and cms
calls them in order. Each registry's comment below states what its callables take and return.
"""


class Registry:
    def __init__(self, name):
        self.name = name
        self._entries = {}

    def register(self, key, *, order=100):
        def decorator(func):
            self._entries[key] = (order, func)
            return func

        return decorator

    def items(self):
        """(key, func) pairs in order."""
        ordered = sorted(self._entries.items(), key=lambda item: item[1][0])
        return [(key, func) for key, (_order, func) in ordered]

    def __iter__(self):
        return (func for _key, func in self.items())

    def render_all(self, request):
        """For registries of section renderers: call each with the request, keep non-empty HTML."""
        return [html for html in (func(request) for func in self) if html]


# Home page sections: func(request) -> safe HTML string (or "" to show nothing).
home_sections = Registry("home_sections")

# Live figures on the home page: func(request) -> list of {"figure", "unit", "caption"} dicts.
# The showcase section draws them all in order (scenes' own at 10; e.g. contest participants after).
home_figures = Registry("home_figures")

# Demo content loaders: func(command, options) -> list of (role, email, password) logins to print.
demo_loaders = Registry("demo_loaders")

# Health checks beyond database/cache/broker, shown in /healthz under their registered key:
# func() -> a short detail string on success (e.g. "12 documents"); raise on failure, and the exception
# becomes the detail and the answer 503. Anything but a string (or None) counts as a failure.
#     @health_checks.register("search_index")
#     def check_search_index(): ...
health_checks = Registry("health_checks")

# Badges under a solution page's title: func(page, request) -> list of short texts (escaped when shown),
# e.g. contests' "源自 <contest> <award>" for a solution promoted from a winning entry.
solution_page_badges = Registry("solution_page_badges")

# What other apps add to a solution's or a scene's public page, below its own content:
# func(page, request) -> safe HTML or "". contests shows the confirmed adoption (落地情况) of the
# entries promoted into the solution, and of the deployments that became the scene. Constant queries.
solution_page_sections = Registry("solution_page_sections")
scene_page_sections = Registry("scene_page_sections")

# What the contest adds to a need's page (scenes.NeedPage): func(need, request) -> safe HTML or "".
# contests shows the 赛题 set from the need, the entries that answered it (揭榜) and the winner.
need_page_sections = Registry("need_page_sections")

# Uses of a data resource beyond the showcase, for its public page (/data/<slug>/):
# func(resource, request) -> list of {"key", "label", "count", "items": [{"title", "url", "note"}]}
# (items may be fewer than count; "url" may be ""). contests adds the 赛题 that offer the resource and
# the winning entries that used it. A constant number of queries per call, whatever the data.
data_resource_uses = Registry("data_resource_uses")

# What users reported about a data resource's quality, once its owner answered, for its public page:
# func(resource, request) -> {"count": n, "items": [{"category", "response", "responded_at"}]} or None
# (items may be fewer than count). contests adds the answered data-quality findings of entries; the
# page shows the kind of problem and the owner's answer, never the team or its description.
data_resource_findings = Registry("data_resource_findings")

# Sections of the sitemap index (/sitemap.xml) beyond the pages: func(request) -> a Django Sitemap
# (cms.views.sitemap.BilingualModelSitemap for objects with get_absolute_url), served at
# /sitemap-<key>.xml in files of SITEMAP_ITEMS_PER_FILE items. scenes adds the data resources.
sitemap_sections = Registry("sitemap_sections")
