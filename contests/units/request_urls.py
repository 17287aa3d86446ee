"""The unit's data desk pages. Included by the units URLconf under /unit/ (namespace ``contests:units``)."""

from django.urls import path

from contests.units import requests

urlpatterns = [
    path("requests/", requests.data_requests, name="data_requests"),
    path("requests/<int:pk>/", requests.data_request_decide, name="data_request_decide"),
    path("requests/<int:pk>/revoke/", requests.data_request_revoke, name="data_request_revoke"),
    path("access-log/", requests.data_access_log, name="data_access_log"),
    path("access-log/export/", requests.data_access_log_export, name="data_access_log_export"),
]
