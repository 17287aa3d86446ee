"""The contest's public-facing URLs, included at the site root by cms/urls.py (names ``contests:*``):
accounts for everyone, the team portal, the judges' workspace (``contests:judging:*``) and the
download of a finished export (organisers; the export pages themselves are in the Wagtail admin)."""

from django.urls import include, path

from contests.organiser.exports import download_export

app_name = "contests"

urlpatterns = [
    path("accounts/", include("contests.accounts.urls")),
    path("portal/", include("contests.portal.urls")),
    path("judging/", include("contests.judging.urls")),
    # The unit workspace's data desk pages (contests:units:*); the units URLconf includes them later.
    path("unit/", include(("contests.units.request_urls", "units"))),
    path("exports/<int:pk>/download/", download_export, name="export_download"),
]
