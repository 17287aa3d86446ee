"""The judges' workspace (/judging/), included by contests/urls.py: names are ``contests:judging:*``.

Entries are addressed by the assignment's opaque code, never by the entry's uuid or id.
"""

from django.urls import path

from contests.judging import invitations
from contests.judging.views import calibration, conflicts, files, lead, lists, others, scoring

app_name = "judging"

urlpatterns = [
    path("", lists.dashboard, name="dashboard"),
    path("rounds/<int:round_id>/", lists.round_list, name="round"),
    path("a/<str:code>/", scoring.assignment_detail, name="assignment"),
    path("a/<str:code>/declare/", conflicts.declare, name="declare"),
    path("a/<str:code>/recuse/", conflicts.recusal, name="recuse"),
    path("a/<str:code>/files/<int:position>/", files.entry_file, name="file"),
    path("a/<str:code>/others/", others.others_scores, name="others"),
    path("calibration/", calibration.calibration_list, name="calibration"),
    path("calibration/<str:code>/", calibration.calibration_score, name="calibration_score"),
    path("calibration/<str:code>/files/<int:position>/", files.calibration_file, name="calibration_file"),
    path("lead/", lead.lead_home, name="lead"),
    path("lead/<int:lead_id>/rounds/<int:round_id>/", lead.lead_panel, name="lead_panel"),
    path("lead/<int:lead_id>/rounds/<int:round_id>/remind/", lead.lead_remind, name="lead_remind"),
    path("lead/<int:lead_id>/rounds/<int:round_id>/flag/<int:entry_id>/", lead.lead_flag, name="lead_flag"),
    path(
        "lead/<int:lead_id>/rounds/<int:round_id>/consensus/<int:entry_id>/",
        lead.lead_consensus,
        name="lead_consensus",
    ),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
]
