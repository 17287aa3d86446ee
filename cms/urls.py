"""The one cms file that names the apps: everything else in cms stays below them.

The public site answers in Chinese at its unprefixed URLs (the published contract) and in English
under /en/ (``i18n_patterns`` without a prefix for the default language), so a shared link keeps
its language. Machine and back-office addresses stay unprefixed and single: the admin (its own
language preference), the API, documents, the sitemap, the health check and export downloads.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_serving
from cms.api import api_router
from cms.views.health import healthz
from cms.views.search import search, suggest
from cms.views.sitemap import sitemap, sitemap_section

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),  # the index of the files below
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("api/v2/", api_router.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("search/suggest/", suggest, name="search_suggest"),
    path("", include("scenes.urls")),
    path("", include("contests.urls")),
    # Wagtail's page tree serves everything else, so it comes last: its password and login views,
    # then its page serving behind our page cache and route cache (cms/page_serving.py).
    *wagtail_urls.urlpatterns[:-1],
    re_path(wagtail_urls.serve_pattern, page_serving.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
