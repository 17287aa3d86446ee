"""The division manager's workspace (/division/), included by contests/urls.py: names are
``contests:divisions:*``. Every page below ``<contest_slug>/<division_slug>/`` resolves the division
with ``division_for_manager`` (404 outside the user's divisions)."""

from django.urls import include, path

from contests.divisions import identity_urls, round_urls
from contests.divisions.views import entries, home, judges, teams

app_name = "divisions"

division_patterns = [
    path("", home.dashboard, name="dashboard"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("entries/", entries.entry_list, name="entries"),
    path("entries/<uuid:uuid>/", entries.entry_detail, name="entry"),
    path("entries/<uuid:uuid>/files/<int:file_id>/", entries.entry_file, name="entry_file"),
    path("eligibility/", entries.eligibility, name="eligibility"),
    path("judges/", judges.judge_list, name="judges"),
    path("judges/invite/", judges.judge_invite, name="judge_invite"),
    path("export/", home.export, name="export"),
    # The division's first rounds and results (评审与结果).
    *round_urls.urlpatterns,
    # Real-name review of the division's participants (实名审核).
    *identity_urls.urlpatterns,
]

urlpatterns = [
    path("", home.home, name="home"),
    path("<slug:contest_slug>/<slug:division_slug>/", include(division_patterns)),
]
