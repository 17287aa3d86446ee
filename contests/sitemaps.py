"""The impact section of the sitemap index (/sitemap-impact.xml): /impact/ and the fact sheet of every
contest with final results and a live public page, each in Chinese and English."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.links import absolute_url
from cms.views.sitemap import BilingualModelSitemap
from contests.models import Contest, ContestPage


class ImpactSitemap(BilingualModelSitemap):
    url_name = "contests:impact_fact_sheet"

    def items(self):
        public = ContestPage.objects.live().public().values("contest_id")
        return (
            Contest.objects.filter(pk__in=public, rounds__publication__finalised_at__isnull=False)
            .distinct()
            .order_by("pk")
            .only("slug")
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if str(page) != "1":
            return urls
        dashboard = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                dashboard.append({"item": None, "location": absolute_url(reverse("contests:impact"), self.request)})
        return dashboard + urls
