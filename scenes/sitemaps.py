"""The data resources' section of the sitemap index (/sitemap-data.xml): every /data/<slug>/ page in
Chinese and English, in files of SITEMAP_ITEMS_PER_FILE resources (cms/views/sitemap.py)."""

from cms.views.sitemap import BilingualModelSitemap
from scenes.models import DataResource


class DataResourceSitemap(BilingualModelSitemap):
    lastmod_field = "updated_at"
    url_name = "data_resource"

    def items(self):
        return DataResource.objects.order_by("pk").only("slug", "updated_at")
