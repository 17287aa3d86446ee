"""The judges' workspace (/judging/), included by contests/urls.py: names are ``contests:judging:*``.

Entries are addressed by the assignment's opaque code, never by the entry's uuid or id.
"""

from django.urls import path

from contests.judging import invitations
from contests.judging.views import conflicts, files, lists, others, scoring

app_name = "judging"

urlpatterns = [
    path("", lists.dashboard, name="dashboard"),
    path("rounds/<int:round_id>/", lists.round_list, name="round"),
    path("a/<str:code>/", scoring.assignment_detail, name="assignment"),
    path("a/<str:code>/declare/", conflicts.declare, name="declare"),
    path("a/<str:code>/recuse/", conflicts.recusal, name="recuse"),
    path("a/<str:code>/files/<int:position>/", files.entry_file, name="file"),
    path("a/<str:code>/others/", others.others_scores, name="others"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
]
