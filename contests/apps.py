from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("大赛")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import page_cache
        from cms.registry import home_sections
        from contests import public_cache
        from contests.home import render_home_section

        # Stored public pages show contests' phases, awards and results (contests/public_cache.py).
        public_cache.connect_signals()
        page_cache.register_version(public_cache.CONTEST_VERSION)
        page_cache.register_expiry_cap(public_cache.seconds_to_next_phase)

        # After the scenes sections (they register with the default order or lower).
        home_sections.register("contests", order=50)(render_home_section)
        # A solution promoted from a winning entry shows the award it came from (以赛促用).
        from cms.registry import solution_page_badges
        from contests.services.outcomes.promotion import promotion_badges

        solution_page_badges.register("contests")(promotion_badges)
        # The contest page's public views (contests/public.py): models never import the layers above.
        from contests import public
        from contests.models import ContestPage

        ContestPage.public_views = public
        # Needs' and data resources' pages show the 赛题, entries and winners (contests/public_loop.py).
        from contests import public_loop

        public_loop.register()
        # /impact/ and the contests' fact sheets in the sitemap index (contests/sitemaps.py).
        from cms.registry import sitemap_sections

        sitemap_sections.register("impact", order=30)(_impact_sitemap)
        # Solutions' and scenes' pages show the confirmed adoption (落地情况, contests/public_adoption.py).
        from contests import public_adoption

        public_adoption.register()


def _impact_sitemap(request):
    from contests.sitemaps import ImpactSitemap

    return ImpactSitemap(request)
