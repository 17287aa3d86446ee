"""The unit workspace (/unit/), included by contests/urls.py: names are ``contests:units:*``.
The data desk's request pages (contests/units/requests.py) are included from request_urls."""

from django.urls import include, path

from contests.units.views import adoption, challenges, dashboard, findings, offers, open_requests

app_name = "units"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("challenges/new/", challenges.challenge_new, name="challenge_new"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/accept-results/", challenges.challenge_accept, name="challenge_accept"),
    path("challenges/<int:pk>/offers/new/", offers.offer_add, name="offer_add"),
    path("challenges/<int:pk>/offers/resource-search/", offers.offer_resource_search, name="offer_resource_search"),
    path("challenges/<int:pk>/offers/<int:offer_id>/", offers.offer_edit, name="offer_edit"),
    path("challenges/<int:pk>/offers/<int:offer_id>/remove/", offers.offer_remove, name="offer_remove"),
    path("challenges/<int:pk>/offers/<int:offer_id>/files/upload/", offers.file_upload, name="file_upload"),
    path(
        "challenges/<int:pk>/offers/<int:offer_id>/files/<int:file_id>/remove/",
        offers.file_remove,
        name="file_remove",
    ),
    path("findings/", findings.finding_list, name="findings"),
    path("findings/<int:pk>/", findings.finding_respond, name="finding"),
    path("open-requests/", open_requests.open_request_list, name="open_requests"),
    path("open-requests/<int:pk>/", open_requests.open_request_answer, name="open_request"),
    # 落地确认: adoption milestones the unit confirms (contests/units/views/adoption.py).
    path("adoption/", adoption.adoption_list, name="adoption"),
    path("adoption/<int:pk>/", adoption.adoption_milestone, name="adoption_milestone"),
    path("adoption/<int:pk>/<str:decision>/", adoption.adoption_decide, name="adoption_decide"),
    # The data desk's side for units: requests, decisions, revocations, the access log.
    path("", include("contests.units.request_urls")),
]
