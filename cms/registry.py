"""Small registries that let the apps contribute to site-wide features without cms importing them.

``cms`` is the ground floor: the home page and ``load_demo`` live here but must show scenes and
contests. Each app registers a callable (in its AppConfig.ready() or its ``demo`` module) and cms
calls them in order.
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

    def __iter__(self):
        return (func for _order, func in sorted(self._entries.values(), key=lambda item: item[0]))

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

# Health checks beyond database/cache/broker: func() -> (name, ok: bool, detail: str).
health_checks = Registry("health_checks")

# Badges under a solution page's title: func(page, request) -> list of short texts (escaped when shown),
# e.g. contests' "源自 <contest> <award>" for a solution promoted from a winning entry.
solution_page_badges = Registry("solution_page_badges")
